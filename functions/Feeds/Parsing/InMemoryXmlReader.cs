using System.Buffers;
using System.Globalization;
using System.Text;
using System.Xml;

namespace NewsMonitor.Feeds.Parsing;

/// <summary>
/// A forward-only <see cref="XmlReader"/> over a document already decoded into memory, for the well-formed XML that
/// nearly every feed is. It reports what <see cref="FeedParser"/>'s XmlReader settings report (no comments, no
/// processing instructions, no whitespace-only text) and names come from the given name table, so
/// <see cref="XmlFeedReader"/> reads the same nodes from either reader.
/// </summary>
/// <remarks>
/// Strict by design: anything outside well-formed, DTD-free XML (a DOCTYPE, an entity other than the five predefined
/// ones and character references, an undeclared prefix, a mismatched or unclosed tag, a stray '&lt;') throws an
/// <see cref="XmlException"/>, and the parser then reads the document again with the framework's reader, whose
/// repair and truncation handling decide the outcome. It gives no line information for the same reason.
/// The speed comes from not doing what that reader must: no chunked buffer refills, no per-character parse loop
/// (runs of text and names are found with vectorized searches), and values are never turned into strings unless
/// asked for (<see cref="ReadValueChunk"/> copies straight out of the document).
/// </remarks>
internal sealed class InMemoryXmlReader : XmlReader
{
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    private static readonly SearchValues<char> NameEnd = SearchValues.Create(" \t\r\n/>=");
    private static readonly SearchValues<char> EntityOrCarriageReturn = SearchValues.Create("&\r");
    private static readonly SearchValues<char> CarriageReturn = SearchValues.Create("\r");
    private static readonly SearchValues<char> XmlWhitespace = SearchValues.Create(" \t\r\n");
    private static readonly SearchValues<char> AttributeSpecial = SearchValues.Create("&\r\n\t");
    private static readonly SearchValues<char> ProcessingInstructionTargetEnd = SearchValues.Create(" \t\r\n?");
    private static readonly SearchValues<char> EncodingNameCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");
    private static readonly SearchValues<char> InvalidAsciiNameCharacters = SearchValues.Create(InvalidNameCharacters());

    private readonly char[] _text;
    private readonly int _end;
    private readonly XmlNameTable _names;
    private readonly List<OpenElement> _open = [];
    private readonly List<NamespaceBinding> _bindings = [];

    /// <summary>Prefix and local name of each prefixed name met so far, keyed by the atomized name itself.</summary>
    private readonly Dictionary<string, (string Prefix, string LocalName)> _qualifiedNames = new(ReferenceEqualityComparer.Instance);
    private Attribute[] _attributes = new Attribute[8];
    private int _attributeCount;
    private int _position;
    private bool _rootSeen;

    private ReadState _state = ReadState.Initial;
    private XmlNodeType _nodeType = XmlNodeType.None;
    private int _depth;
    private string _name = string.Empty;
    private string _localName = string.Empty;
    private string _prefix = string.Empty;
    private string _namespace = string.Empty;
    private bool _isEmptyElement;

    /// <summary>The element that must be closed before the next node: the previous node was its empty tag or end tag.</summary>
    private bool _popPending;

    /// <summary>-1 on the element itself; otherwise the attribute the reader is on.</summary>
    private int _attributeIndex = -1;
    private bool _onAttributeValue;

    private int _valueStart;
    private int _valueLength;
    private bool _valueNeedsDecoding;
    private string? _value;
    private char[]? _decoded;
    private char[]? _previousDecoded;
    private int _decodedLength;
    private int _valueChunkOffset;

    /// <param name="text">The document; only the first <paramref name="length"/> characters are read.</param>
    /// <param name="length">Characters of <paramref name="text"/> that hold the document.</param>
    /// <param name="names">Where element and attribute names and namespace URIs are atomized.</param>
    public InMemoryXmlReader(char[] text, int length, XmlNameTable names)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, text.Length);
        ArgumentNullException.ThrowIfNull(names);
        _text = text;
        _end = length;
        _names = names;
    }

    public override int AttributeCount => _nodeType is XmlNodeType.Element or XmlNodeType.Attribute || _onAttributeValue ? _attributeCount : 0;

    public override string BaseURI => string.Empty;

    public override bool CanReadValueChunk => true;

    public override int Depth => _onAttributeValue ? _depth + 2 : _attributeIndex >= 0 ? _depth + 1 : _depth;

    public override bool EOF => _state == ReadState.EndOfFile;

    public override bool IsEmptyElement => _attributeIndex < 0 && _isEmptyElement;

    public override string LocalName => _onAttributeValue ? string.Empty : _attributeIndex >= 0 ? _attributes[_attributeIndex].LocalName : _localName;

    public override string Name => _onAttributeValue ? string.Empty : _attributeIndex >= 0 ? _attributes[_attributeIndex].Name : _name;

    public override string NamespaceURI => _onAttributeValue ? string.Empty : _attributeIndex >= 0 ? _attributes[_attributeIndex].Namespace : _namespace;

    public override XmlNameTable NameTable => _names;

    public override XmlNodeType NodeType => _onAttributeValue ? XmlNodeType.Text : _attributeIndex >= 0 ? XmlNodeType.Attribute : _nodeType;

    public override string Prefix => _onAttributeValue ? string.Empty : _attributeIndex >= 0 ? _attributes[_attributeIndex].Prefix : _prefix;

    public override ReadState ReadState => _state;

    public override string Value
    {
        get
        {
            if (_attributeIndex >= 0)
            {
                return AttributeValue(_attributeIndex);
            }

            return _nodeType is XmlNodeType.Text or XmlNodeType.CDATA ? _value ??= CurrentValue().ToString() : string.Empty;
        }
    }

    /// <summary>
    /// The current text or CDATA value, decoded, without copying it: it stays valid while the reader moves on to the
    /// next text or CDATA node, and no further.
    /// </summary>
    internal ReadOnlySpan<char> ValueSpan =>
        _attributeIndex < 0 && _nodeType is XmlNodeType.Text or XmlNodeType.CDATA ? CurrentValue() : throw new InvalidOperationException($"No text value on node type {NodeType}.");

    public override string GetAttribute(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, AttributeCount);
        return AttributeValue(i);
    }

    public override string? GetAttribute(string name)
    {
        var index = FindAttribute(name, namespaceUri: null);
        return index < 0 ? null : AttributeValue(index);
    }

    public override string? GetAttribute(string name, string? namespaceURI)
    {
        var index = FindAttribute(name, namespaceURI ?? string.Empty);
        return index < 0 ? null : AttributeValue(index);
    }

    public override string? LookupNamespace(string prefix) => prefix switch
    {
        "xml" => XmlNamespace,
        "xmlns" => XmlnsNamespace,
        _ => FindBinding(prefix),
    };

    public override bool MoveToAttribute(string name) => MoveTo(FindAttribute(name, namespaceUri: null));

    public override bool MoveToAttribute(string name, string? ns) => MoveTo(FindAttribute(name, ns ?? string.Empty));

    public override void MoveToAttribute(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, AttributeCount);
        MoveTo(i);
    }

    public override bool MoveToElement()
    {
        if (_attributeIndex < 0)
        {
            return false;
        }

        _attributeIndex = -1;
        _onAttributeValue = false;
        return true;
    }

    public override bool MoveToFirstAttribute() => MoveTo(AttributeCount > 0 ? 0 : -1);

    public override bool MoveToNextAttribute() => MoveTo(_attributeIndex + 1 < AttributeCount ? _attributeIndex + 1 : -1);

    public override bool ReadAttributeValue()
    {
        if (_attributeIndex < 0 || _onAttributeValue)
        {
            return false;
        }

        _onAttributeValue = true;
        return true;
    }

    public override void ResolveEntity() =>
        throw new InvalidOperationException("This reader expands entities itself and never stops on an entity reference.");

    public override int ReadValueChunk(char[] buffer, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index + count, buffer.Length);
        if (_attributeIndex >= 0 || _nodeType is not (XmlNodeType.Text or XmlNodeType.CDATA))
        {
            throw new InvalidOperationException($"ReadValueChunk is not supported on node type {NodeType}.");
        }

        var rest = CurrentValue()[_valueChunkOffset..];
        var copied = Math.Min(count, rest.Length);
        rest[..copied].CopyTo(buffer.AsSpan(index, copied));
        _valueChunkOffset += copied;
        return copied;
    }

    public override bool Read()
    {
        if (_state is ReadState.EndOfFile or ReadState.Closed or ReadState.Error)
        {
            return false;
        }

        _state = ReadState.Interactive;
        MoveToElement();
        if (_popPending)
        {
            CloseElement();
        }

        _attributeCount = 0;
        _isEmptyElement = false;
        _value = null;
        _valueChunkOffset = 0;
        while (_position < _end)
        {
            if (_text[_position] != '<')
            {
                if (ReadText())
                {
                    return true;
                }

                continue;
            }

            var next = _position + 1 < _end ? _text[_position + 1] : '\0';
            switch (next)
            {
                case '/':
                    ReadEndTag();
                    return true;
                case '!' when StartsWith(_position + 2, "--"):
                    SkipComment();
                    continue;
                case '!' when StartsWith(_position + 2, "[CDATA["):
                    ReadCData();
                    return true;
                case '!':
                    throw Unsupported("a document type declaration or other markup declaration");
                case '?':
                    SkipProcessingInstruction();
                    continue;
                default:
                    ReadStartTag();
                    return true;
            }
        }

        if (_open.Count > 0 || !_rootSeen)
        {
            _state = ReadState.Error;
            throw Unsupported(_rootSeen ? "a document that ends before its elements are closed" : "a document without a root element");
        }

        _state = ReadState.EndOfFile;
        _nodeType = XmlNodeType.None;
        _name = _localName = _prefix = _namespace = string.Empty;
        _depth = 0;
        return false;
    }

    public override void Close()
    {
        _state = ReadState.Closed;
        _nodeType = XmlNodeType.None;
    }

    private void SkipComment()
    {
        var bodyStart = _position + 4;
        var close = IndexOf(bodyStart, "-->");
        var body = _text.AsSpan(bodyStart, close - bodyStart);
        if (body.Contains("--", StringComparison.Ordinal) || body.EndsWith('-'))
        {
            throw Unsupported("a '--' inside a comment");
        }

        _position = close + 3;
    }

    /// <summary>Skips a processing instruction; the XML declaration only as the very first thing, and only 1.0.</summary>
    private void SkipProcessingInstruction()
    {
        var targetStart = _position + 2;
        var targetLength = _text.AsSpan(targetStart, _end - targetStart).IndexOfAny(ProcessingInstructionTargetEnd);
        if (targetLength <= 0 || !IsName(_text.AsSpan(targetStart, targetLength)))
        {
            throw Unsupported("a processing instruction without a valid target");
        }

        var close = IndexOf(targetStart + targetLength, "?>");
        var body = _text.AsSpan(targetStart + targetLength, close - targetStart - targetLength);
        var target = _text.AsSpan(targetStart, targetLength);
        if (target.Equals("xml", StringComparison.OrdinalIgnoreCase))
        {
            if (_position != 0 || !target.SequenceEqual("xml") || !IsXmlDeclaration(body))
            {
                throw Unsupported("an XML declaration that is misplaced or not version 1.0");
            }
        }
        else if (!body.IsEmpty && !XmlWhitespace.Contains(body[0]))
        {
            throw Unsupported("a processing instruction target run into its content");
        }

        _position = close + 2;
    }

    /// <summary>version="1.0", then optionally encoding and standalone, in that order (XML 1.0 section 2.8).</summary>
    private static bool IsXmlDeclaration(ReadOnlySpan<char> body)
    {
        string[] names = ["version", "encoding", "standalone"];
        var next = 0;
        while (!body.IsEmpty)
        {
            var trimmed = body.TrimStart(" \t\r\n");
            if (trimmed.IsEmpty)
            {
                return next > 0;
            }

            if (trimmed.Length == body.Length)
            {
                return false;
            }

            var equals = trimmed.IndexOf('=');
            if (equals <= 0)
            {
                return false;
            }

            var name = trimmed[..equals].TrimEnd(" \t\r\n");
            var versionSeen = next > 0;
            while (next < names.Length && !name.SequenceEqual(names[next]))
            {
                next++;
            }

            if (next == names.Length || (!versionSeen && next != 0))
            {
                return false;
            }

            var value = trimmed[(equals + 1)..].TrimStart(" \t\r\n");
            if (value.IsEmpty || value[0] is not ('"' or '\''))
            {
                return false;
            }

            var valueEnd = value[1..].IndexOf(value[0]);
            if (valueEnd < 0)
            {
                return false;
            }

            var literal = value.Slice(1, valueEnd);
            var valid = names[next] switch
            {
                "version" => literal.SequenceEqual("1.0"),
                "standalone" => literal.SequenceEqual("yes") || literal.SequenceEqual("no"),
                _ => !literal.IsEmpty && char.IsAsciiLetter(literal[0]) && !literal.ContainsAnyExcept(EncodingNameCharacters),
            };
            if (!valid)
            {
                return false;
            }

            next++;
            body = value[(valueEnd + 2)..];
        }

        return next > 0;
    }

    private bool ReadText()
    {
        var start = _position;
        var length = _text.AsSpan(start, _end - start).IndexOf('<');
        if (length < 0)
        {
            length = _end - start;
        }

        _position = start + length;
        var run = _text.AsSpan(start, length);
        var isWhitespace = !run.ContainsAnyExcept(XmlWhitespace);
        if (_open.Count == 0)
        {
            // Outside the root only whitespace may stand.
            return isWhitespace ? false : throw Unsupported("text outside the root element");
        }

        if (isWhitespace)
        {
            // IgnoreWhitespace: a whitespace-only run between tags is not reported.
            return false;
        }

        if (run.Contains("]]>", StringComparison.Ordinal))
        {
            throw Unsupported("']]>' in text");
        }

        SetValue(XmlNodeType.Text, start, length);
        return true;
    }

    private void ReadCData()
    {
        if (_open.Count == 0)
        {
            throw Unsupported("a CDATA section outside the root element");
        }

        var start = _position + 9;
        var close = IndexOf(start, "]]>");
        _position = close + 3;
        SetValue(XmlNodeType.CDATA, start, close - start);
    }

    private void SetValue(XmlNodeType nodeType, int start, int length)
    {
        _nodeType = nodeType;
        _depth = _open.Count;
        _name = _localName = _prefix = _namespace = string.Empty;
        _valueStart = start;
        _valueLength = length;
        var raw = _text.AsSpan(start, length);
        var kind = nodeType == XmlNodeType.CDATA ? ValueKind.CData : ValueKind.Text;
        _valueNeedsDecoding = raw.ContainsAny(kind == ValueKind.CData ? CarriageReturn : EntityOrCarriageReturn);
        if (_valueNeedsDecoding)
        {
            // Decoded now rather than when asked for, so an unknown entity fails the document whatever is read. Two
            // buffers in turn keep the previous value's span (ValueSpan) intact while this one is decoded.
            (_decoded, _previousDecoded) = (_previousDecoded, _decoded);
            if (_decoded is null || _decoded.Length < length)
            {
                _decoded = new char[Math.Max(length, 1024)];
            }

            _decodedLength = Decode(raw, _decoded, kind);
        }
    }

    private void ReadStartTag()
    {
        if (_open.Count == 0 && _rootSeen)
        {
            throw Unsupported("a second root element");
        }

        _rootSeen = true;
        var nameStart = _position + 1;
        var nameLength = NameLength(nameStart);
        var position = nameStart + nameLength;
        var bindingsBefore = _bindings.Count;
        _attributeCount = 0;
        while (true)
        {
            var afterSpace = SkipWhitespace(position);
            if (afterSpace >= _end)
            {
                throw Unsupported("a start tag that never closes");
            }

            var c = _text[afterSpace];
            if (c == '>')
            {
                position = afterSpace + 1;
                break;
            }

            if (c == '/')
            {
                if (afterSpace + 1 >= _end || _text[afterSpace + 1] != '>')
                {
                    throw Unsupported("a '/' inside a start tag");
                }

                _isEmptyElement = true;
                position = afterSpace + 2;
                break;
            }

            if (afterSpace == position)
            {
                throw Unsupported("attributes not separated by whitespace");
            }

            position = ReadAttribute(afterSpace);
        }

        _position = position;
        _depth = _open.Count;
        _nodeType = XmlNodeType.Element;
        SetName(nameStart, nameLength, isAttribute: false, out _name, out _localName, out _prefix);
        _namespace = _prefix.Length == 0 ? FindBinding(string.Empty) ?? string.Empty : ResolvePrefix(_prefix);
        for (var i = 0; i < _attributeCount; i++)
        {
            ref var attribute = ref _attributes[i];
            attribute.Namespace = attribute.Prefix.Length == 0
                ? (attribute.Name == "xmlns" ? XmlnsNamespace : string.Empty)
                : ResolvePrefix(attribute.Prefix);
            for (var j = 0; j < i; j++)
            {
                if (_attributes[j].LocalName == attribute.LocalName && _attributes[j].Namespace == attribute.Namespace)
                {
                    throw Unsupported("a repeated attribute");
                }
            }
        }

        _open.Add(new OpenElement(_name, _localName, _prefix, _namespace, bindingsBefore));
        _popPending = _isEmptyElement;
    }

    private int ReadAttribute(int nameStart)
    {
        var nameLength = NameLength(nameStart);
        var position = SkipWhitespace(nameStart + nameLength);
        if (position >= _end || _text[position] != '=')
        {
            throw Unsupported("an attribute without a value");
        }

        position = SkipWhitespace(position + 1);
        var quote = position < _end ? _text[position] : '\0';
        if (quote is not ('"' or '\''))
        {
            throw Unsupported("an unquoted attribute value");
        }

        var valueStart = position + 1;
        var valueLength = _text.AsSpan(valueStart, _end - valueStart).IndexOf(quote);
        if (valueLength < 0)
        {
            throw Unsupported("an attribute value that never closes");
        }

        var raw = _text.AsSpan(valueStart, valueLength);
        if (raw.Contains('<'))
        {
            throw Unsupported("a '<' in an attribute value");
        }

        if (_attributeCount == _attributes.Length)
        {
            Array.Resize(ref _attributes, _attributes.Length * 2);
        }

        ref var attribute = ref _attributes[_attributeCount++];
        SetName(nameStart, nameLength, isAttribute: true, out attribute.Name, out attribute.LocalName, out attribute.Prefix);
        if (attribute.Name == "xml:space")
        {
            // xml:space="preserve" turns whitespace into nodes the framework reader reports; feeds do not use it.
            throw Unsupported("an xml:space attribute");
        }

        attribute.ValueStart = valueStart;
        attribute.ValueLength = valueLength;
        attribute.Value = null;
        attribute.Namespace = string.Empty;
        if (raw.Contains('&'))
        {
            Decode(raw, Span<char>.Empty, ValueKind.Attribute, validateOnly: true);
        }

        if (attribute.Prefix == "xmlns" || attribute.Name == "xmlns")
        {
            // Declared on this element: in scope for its own name and attributes, resolved after the tag is read.
            var prefix = attribute.Prefix.Length == 0 ? string.Empty : attribute.LocalName;
            var uri = AttributeValue(_attributeCount - 1);
            if (prefix.Length > 0 && uri.Length == 0)
            {
                throw Unsupported("a prefix declared with an empty namespace");
            }

            _bindings.Add(new NamespaceBinding(prefix, _names.Add(uri)));
        }

        return valueStart + valueLength + 1;
    }

    private void ReadEndTag()
    {
        var nameStart = _position + 2;
        var nameLength = NameLength(nameStart);
        var close = SkipWhitespace(nameStart + nameLength);
        if (close >= _end || _text[close] != '>')
        {
            throw Unsupported("an end tag that never closes");
        }

        if (_open.Count == 0 || !_text.AsSpan(nameStart, nameLength).SequenceEqual(_open[^1].Name))
        {
            throw Unsupported("an end tag that does not match its start tag");
        }

        var element = _open[^1];
        _position = close + 1;
        _nodeType = XmlNodeType.EndElement;
        _depth = _open.Count - 1;
        (_name, _localName, _prefix, _namespace) = (element.Name, element.LocalName, element.Prefix, element.Namespace);
        _popPending = true;
    }

    private void CloseElement()
    {
        _popPending = false;
        var element = _open[^1];
        _open.RemoveAt(_open.Count - 1);
        _bindings.RemoveRange(element.BindingsBefore, _bindings.Count - element.BindingsBefore);
    }

    private int NameLength(int start)
    {
        var length = _text.AsSpan(start, _end - start).IndexOfAny(NameEnd);
        if (length < 0)
        {
            throw Unsupported("a tag that never closes");
        }

        if (length == 0 || !IsName(_text.AsSpan(start, length)))
        {
            // "a < b" or "<3" in text a feed forgot to escape, or a name with a character no XML name may hold.
            throw Unsupported("a '<' that starts no tag, or an invalid name");
        }

        return length;
    }

    private void SetName(int start, int length, bool isAttribute, out string name, out string localName, out string prefix)
    {
        name = _names.Add(_text, start, length);
        if (_qualifiedNames.TryGetValue(name, out var parts))
        {
            (prefix, localName) = parts;
            return;
        }

        var colon = _text.AsSpan(start, length).IndexOf(':');
        if (colon < 0)
        {
            localName = name;
            prefix = string.Empty;
            return;
        }

        if (colon == 0 || colon == length - 1 || _text.AsSpan(start + colon + 1, length - colon - 1).Contains(':'))
        {
            throw Unsupported(isAttribute ? "a malformed attribute name" : "a malformed element name");
        }

        prefix = _names.Add(_text, start, colon);
        localName = _names.Add(_text, start + colon + 1, length - colon - 1);
        _qualifiedNames[name] = (prefix, localName);
    }

    private string ResolvePrefix(string prefix) => LookupNamespace(prefix) ?? throw Unsupported($"the undeclared prefix '{prefix}'");

    private string? FindBinding(string prefix)
    {
        for (var i = _bindings.Count - 1; i >= 0; i--)
        {
            if (_bindings[i].Prefix == prefix)
            {
                return _bindings[i].Namespace;
            }
        }

        return null;
    }

    private int FindAttribute(string name, string? namespaceUri)
    {
        var count = AttributeCount;
        for (var i = 0; i < count; i++)
        {
            ref var attribute = ref _attributes[i];
            var matches = namespaceUri is null
                ? attribute.Name == name
                : attribute.LocalName == name && attribute.Namespace == namespaceUri;
            if (matches)
            {
                return i;
            }
        }

        return -1;
    }

    private bool MoveTo(int index)
    {
        if (index < 0)
        {
            return false;
        }

        _attributeIndex = index;
        _onAttributeValue = false;
        return true;
    }

    private string AttributeValue(int index)
    {
        ref var attribute = ref _attributes[index];
        if (attribute.Value is null)
        {
            var raw = _text.AsSpan(attribute.ValueStart, attribute.ValueLength);
            if (!raw.ContainsAny(AttributeSpecial))
            {
                attribute.Value = raw.ToString();
            }
            else
            {
                var buffer = ArrayPool<char>.Shared.Rent(raw.Length);
                try
                {
                    var length = Decode(raw, buffer, ValueKind.Attribute);
                    attribute.Value = new string(buffer, 0, length);
                }
                finally
                {
                    ArrayPool<char>.Shared.Return(buffer);
                }
            }
        }

        return attribute.Value;
    }

    /// <summary>The current text or CDATA value with entities expanded and line endings normalized.</summary>
    private ReadOnlySpan<char> CurrentValue() =>
        _valueNeedsDecoding ? _decoded.AsSpan(0, _decodedLength) : _text.AsSpan(_valueStart, _valueLength);

    /// <summary>
    /// Expands the predefined entities and character references of <paramref name="raw"/> into <paramref name="output"/>
    /// (never longer than the input: every reference is longer than what it stands for) and normalizes line endings
    /// and, in attribute values, whitespace (XML 1.0 sections 2.11 and 3.3.3). Throws on any other reference, as a
    /// reader without a DTD must. With <paramref name="validateOnly"/> nothing is written.
    /// </summary>
    private static int Decode(ReadOnlySpan<char> raw, Span<char> output, ValueKind kind, bool validateOnly = false)
    {
        var specials = kind switch
        {
            ValueKind.Text => EntityOrCarriageReturn,
            ValueKind.CData => CarriageReturn,
            _ => AttributeSpecial,
        };
        var length = 0;
        while (!raw.IsEmpty)
        {
            var next = raw.IndexOfAny(specials);
            var run = next < 0 ? raw : raw[..next];
            if (!validateOnly)
            {
                run.CopyTo(output[length..]);
                length += run.Length;
            }

            if (next < 0)
            {
                break;
            }

            var c = raw[next];
            raw = raw[(next + 1)..];
            if (c == '&')
            {
                var semicolon = raw.IndexOf(';');
                if (semicolon < 1)
                {
                    throw Unsupported("a '&' that starts no entity reference");
                }

                var reference = raw[..semicolon];
                raw = raw[(semicolon + 1)..];
                if (reference[0] == '#')
                {
                    var rune = new Rune(CharacterReference(reference[1..]));
                    length += validateOnly ? 0 : rune.EncodeToUtf16(output[length..]);
                    continue;
                }

                c = reference switch
                {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => throw Unsupported("a reference to an entity no DTD here declares"),
                };
            }
            else
            {
                if (c == '\r' && !raw.IsEmpty && raw[0] == '\n')
                {
                    raw = raw[1..];
                }

                c = kind == ValueKind.Attribute ? ' ' : '\n';
            }

            if (!validateOnly)
            {
                output[length++] = c;
            }
        }

        return length;
    }

    private static int CharacterReference(ReadOnlySpan<char> digits)
    {
        var isHex = digits.Length > 0 && digits[0] == 'x';
        var number = isHex ? digits[1..] : digits;
        if (!int.TryParse(number, isHex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var codePoint)
            || !Rune.IsValid(codePoint) || codePoint == 0)
        {
            throw Unsupported("an invalid character reference");
        }

        return codePoint;
    }

    /// <summary>An XML name: ASCII checked with one vectorized search, the rare non-ASCII name by the framework's tables.</summary>
    private static bool IsName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.ContainsAny(InvalidAsciiNameCharacters))
        {
            return false;
        }

        if (!name.ContainsAnyExceptInRange('\0', '\u007F'))
        {
            return char.IsAsciiLetter(name[0]) || name[0] is '_' or ':';
        }

        if (!XmlConvert.IsStartNCNameChar(name[0]) && name[0] != ':')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!XmlConvert.IsNCNameChar(c) && c != ':')
            {
                return false;
            }
        }

        return true;
    }

    private int SkipWhitespace(int position)
    {
        var skipped = _text.AsSpan(position, _end - position).IndexOfAnyExcept(XmlWhitespace);
        return skipped < 0 ? _end : position + skipped;
    }

    private bool StartsWith(int position, string literal) => _text.AsSpan(position, _end - position).StartsWith(literal, StringComparison.Ordinal);

    private int IndexOf(int position, string literal)
    {
        var found = _text.AsSpan(position, _end - position).IndexOf(literal, StringComparison.Ordinal);
        return found < 0 ? throw Unsupported($"a section that never ends with \"{literal}\"") : position + found;
    }

    private static string InvalidNameCharacters()
    {
        var characters = new List<char>();
        for (var c = '\0'; c < '\u0080'; c++)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_' or ':'))
            {
                characters.Add(c);
            }
        }

        return new string([.. characters]);
    }

    private static XmlException Unsupported(string what) => new($"Not read in memory: the document has {what}.");

    private struct Attribute
    {
        public string Name;
        public string LocalName;
        public string Prefix;
        public string Namespace;
        public int ValueStart;
        public int ValueLength;
        public string? Value;
    }

    private enum ValueKind
    {
        Text,
        CData,
        Attribute,
    }

    private readonly record struct OpenElement(string Name, string LocalName, string Prefix, string Namespace, int BindingsBefore);

    private readonly record struct NamespaceBinding(string Prefix, string Namespace);
}
