using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace NewsMonitor.Tests.Infrastructure;

/// <summary>A parsed ARM template expression (the part of a JSON string between <c>[</c> and <c>]</c>) or literal.</summary>
internal abstract record ArmNode;

/// <summary>A string literal, from an expression (<c>'text'</c>) or a plain JSON string.</summary>
internal sealed record ArmString(string Value) : ArmNode
{
    public override string ToString() => "'" + Value.Replace("'", "''", StringComparison.Ordinal) + "'";
}

internal sealed record ArmNumber(long Value) : ArmNode
{
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

internal sealed record ArmCall(string Name, IReadOnlyList<ArmNode> Arguments) : ArmNode
{
    public override string ToString() => Name + "(" + string.Join(", ", Arguments) + ")";
}

internal sealed record ArmProperty(ArmNode Target, string Name) : ArmNode
{
    public override string ToString() => Target + "." + Name;
}

internal sealed record ArmIndex(ArmNode Target, ArmNode Index) : ArmNode
{
    public override string ToString() => Target + "[" + Index + "]";
}

/// <summary>A JSON value that is not an expression: object, array, number or boolean.</summary>
internal sealed record ArmJson(JsonNode? Value) : ArmNode
{
    public override string ToString() => Value?.ToJsonString() ?? "null";
}

/// <summary>Parses the ARM template expression language (functions, string and integer literals, member access).</summary>
internal static class ArmExpression
{
    public static ArmNode FromJson(JsonNode? value)
    {
        if (value is JsonValue scalar && scalar.TryGetValue<string>(out var text))
        {
            // "[[...]" escapes a literal string that starts with '['.
            if (text.StartsWith("[[", StringComparison.Ordinal))
            {
                return new ArmString(text[1..]);
            }

            return text.Length >= 2 && text[0] == '[' && text[^1] == ']' ? Parse(text[1..^1]) : new ArmString(text);
        }

        return new ArmJson(value);
    }

    public static ArmNode Parse(string expression)
    {
        var parser = new Parser(expression);
        var node = parser.ParseExpression();
        parser.SkipWhitespace();
        return parser.AtEnd ? node : throw parser.Error("unexpected text after the expression");
    }

    private sealed class Parser(string text)
    {
        private int _position;

        public bool AtEnd => _position >= text.Length;

        public ArmNode ParseExpression()
        {
            SkipWhitespace();
            var node = ParsePrimary();
            while (true)
            {
                SkipWhitespace();
                if (Peek('.'))
                {
                    _position++;
                    node = new ArmProperty(node, ReadIdentifier());
                }
                else if (Peek('['))
                {
                    _position++;
                    var index = ParseExpression();
                    Expect(']');
                    node = new ArmIndex(node, index);
                }
                else
                {
                    return node;
                }
            }
        }

        private ArmNode ParsePrimary()
        {
            if (AtEnd)
            {
                throw Error("expression expected");
            }

            var c = text[_position];
            if (c == '\'')
            {
                return ReadString();
            }

            if (char.IsDigit(c) || c == '-')
            {
                var start = _position++;
                while (!AtEnd && char.IsDigit(text[_position]))
                {
                    _position++;
                }

                return new ArmNumber(long.Parse(text[start.._position], CultureInfo.InvariantCulture));
            }

            var name = ReadIdentifier();
            SkipWhitespace();
            Expect('(');
            var arguments = new List<ArmNode>();
            SkipWhitespace();
            if (Peek(')'))
            {
                _position++;
                return new ArmCall(name, arguments);
            }

            while (true)
            {
                arguments.Add(ParseExpression());
                SkipWhitespace();
                if (Peek(','))
                {
                    _position++;
                    continue;
                }

                Expect(')');
                return new ArmCall(name, arguments);
            }
        }

        private ArmString ReadString()
        {
            _position++;
            var value = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw Error("unterminated string");
                }

                var c = text[_position++];
                if (c != '\'')
                {
                    value.Append(c);
                }
                else if (Peek('\''))
                {
                    value.Append('\'');
                    _position++;
                }
                else
                {
                    return new ArmString(value.ToString());
                }
            }
        }

        private string ReadIdentifier()
        {
            var start = _position;
            while (!AtEnd && (char.IsLetterOrDigit(text[_position]) || text[_position] is '_' or '$'))
            {
                _position++;
            }

            return _position > start ? text[start.._position] : throw Error("identifier expected");
        }

        public void SkipWhitespace()
        {
            while (!AtEnd && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }

        private bool Peek(char c) => !AtEnd && text[_position] == c;

        private void Expect(char c)
        {
            SkipWhitespace();
            if (!Peek(c))
            {
                throw Error($"'{c}' expected");
            }

            _position++;
        }

        public FormatException Error(string message) =>
            new($"ARM expression: {message} at {_position} in \"{text}\"");
    }
}
