using System.Runtime.CompilerServices;

namespace NewsMonitor.Analysis.Local;

/// <summary>The entity tagger's labels: BIO over four types. MISC (nationalities, works, events) is learned so that
/// such names stop being guessed as organisations, and is not reported.</summary>
internal static class EntityLabels
{
    public const int Outside = 0;

    public static readonly string[] Names = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"];

    public static readonly string[] Types = ["PER", "LOC", "ORG", "MISC"];

    public static int Count => Names.Length;

    public static bool IsBegin(int label) => label > 0 && label % 2 == 1;

    public static bool IsInside(int label) => label > 0 && label % 2 == 0;

    /// <summary>0 PER, 1 LOC, 2 ORG, 3 MISC; −1 for O.</summary>
    public static int TypeOf(int label) => label == 0 ? -1 : (label - 1) / 2;

    public static int Begin(int type) => (type * 2) + 1;

    public static int Inside(int type) => (type * 2) + 2;

    /// <summary>I-X continues only B-X or I-X: anything else would make a span without a start.</summary>
    public static bool Allowed(int previous, int label) => !IsInside(label) || (previous != Outside && TypeOf(previous) == TypeOf(label));
}

/// <summary>
/// The features of the entity tagger, as 64-bit hashes so no feature string is ever built: the word and its
/// neighbours, shape and case, prefixes and suffixes, sentence position, title cues, the part-of-speech lexicon, the
/// gazetteer (single words and longest multi-word matches), the rule recognizer's labels, and word classes from
/// pretrained word vectors (<see cref="WordClasses"/>). The trainer and the
/// analyzer share this class, so a feature means the same at training and at run time.
/// </summary>
internal sealed class EntityFeatures(LocalAnalyzerResources resources)
{
    // Words that announce a person right after them ("Chancellor Angela Merkel", "Mr Scholz").
    private static readonly HashSet<string> TitleWords = new(StringComparer.Ordinal)
    {
        "president", "minister", "premier", "chancellor", "secretary", "senator", "sen", "rep", "representative",
        "governor", "gov", "mayor", "king", "queen", "prince", "princess", "pope", "ambassador", "envoy", "spokesman",
        "spokeswoman", "spokesperson", "chief", "leader", "chairman", "chairwoman", "ceo", "director", "judge",
        "justice", "commander", "general", "gen", "colonel", "captain", "lt", "sheikh", "mullah", "ayatollah", "mr",
        "mrs", "ms", "dr", "prof", "professor", "sir", "lord", "lady", "dame", "counterpart", "coach", "manager",
        "founder", "emir", "commissioner", "officer", "analyst", "author", "economist", "actor", "actress", "singer",
        "player", "striker", "midfielder", "defender", "goalkeeper", "writer", "poet", "artist", "composer",
        "presidential", "candidate", "rapper", "vice", "deputy", "foreign", "prime", "saint", "st", "archbishop",
        "bishop", "cardinal", "rabbi", "imam", "sergeant", "lieutenant", "admiral", "major", "mrs.", "mr.", "dr.",
    };

    // Heads that end organisation names and nouns that follow places; kept apart from the rules' lists on purpose:
    // here they only vote, with weights the training data sets.
    private static readonly HashSet<string> OrganizationHeads = new(StringComparer.Ordinal)
    {
        "organisation", "organization", "council", "ministry", "party", "bank", "corporation", "corp", "company", "inc",
        "ltd", "llc", "plc", "group", "association", "union", "league", "university", "college", "institute", "agency",
        "commission", "committee", "front", "army", "navy", "forces", "court", "parliament", "assembly", "congress",
        "senate", "police", "department", "office", "foundation", "fund", "alliance", "federation", "movement",
        "authority", "board", "bureau", "service", "airlines", "airways", "motors", "holdings", "technologies",
        "systems", "network", "times", "post", "journal", "club", "school", "hospital", "church", "fc", "united",
        "city", "records", "band", "society", "team", "news", "press", "media", "industries", "studios", "labs",
        // Kinds of organisation WikiGold's missed names end in: labels, ensembles, stations, venues run as businesses,
        // military units, publishers.
        "orchestra", "quartet", "ensemble", "choir", "radio", "fm", "tv", "television", "broadcasting", "channel",
        "hotel", "division", "wing", "fleet", "regiment", "battalion", "brigade", "squadron", "corps", "publishing",
        "publishers", "associates", "partners", "works", "railway", "railroad", "museum", "academy", "theatre",
        "theater", "magazine", "gazette", "herald", "tribune", "daily", "airline", "brothers", "bros", "sons",
        "cathedral", "conference", "trust", "lines", "express", "entertainment", "productions",
        "pictures", "films", "software", "energy", "telecom", "foods", "ag", "gmbh", "sa", "co",
    };

    private static readonly HashSet<string> PlaceCues = new(StringComparer.Ordinal)
    {
        "in", "at", "from", "to", "near", "across", "into", "outside", "inside", "toward", "towards", "via", "around",
        "province", "city", "town", "village", "state", "county", "region", "district", "capital", "border",
        "street", "river", "island", "valley", "airport",
    };

    private static readonly HashSet<string> SpeechVerbs = new(StringComparer.Ordinal)
    {
        "said", "says", "told", "added", "stated", "wrote", "argued", "explained", "warned", "noted", "insisted",
        "tweeted", "announced", "asked", "replied", "met", "thinks", "believes",
    };

    /// <summary>Per-token facts the features combine; computed once per document.</summary>
    internal struct TokenFacts
    {
        public ulong Word;
        public ulong CasedWord;
        public ulong Shape;
        public ulong Pos;
        public ulong Cluster;
        public GazetteerKind Kinds;
        public byte SpanKind;
        public byte SpanPosition;
        public byte Rule;
        public bool Capitalized;
        public bool AllCaps;
        public bool Title;
        public bool KnownLower;
        public bool HasUpper;
        public ulong RunFirst;
        public ulong RunLast;
        public byte RunLength;
        public byte RunPosition;
        public byte KnownKind;
        public byte KnownPosition;
        public ulong RunLastClass;
        public ulong RunLastPos;
        public ulong RunBefore;
        public ulong RunAfter;
        public byte Document;
        public byte DocumentRule;
        public ushort Coarse;
        public ushort Fine;

        /// <summary>The word's class from pretrained vectors (<see cref="WordClasses"/>): leaf + 1,
        /// <see cref="OutOfVocabulary"/> when the vectors lack the word, 0 when no classes are loaded.</summary>
        public ushort Class;
        public ushort RunLastWordClass;
        public ushort RunBeforeClass;

        /// <summary>The kind of text the token's document is: 1 edited prose, 2 social media (<see
        /// cref="IsSocialMedia"/>).</summary>
        public byte Domain;

        /// <summary>A known common word in lower case that is no connector: it stands in no name ("foreign
        /// minister" does not continue "Indian"; "of" in "Bank of England" and an unknown "kong" may).</summary>
        public bool Closed;
    }

    // Words that end or open the names of events ("Battle of Gettysburg", "Bangladesh Liberation War"): such a run
    // is MISC, not the organisation or place its other words suggest.
    private static readonly HashSet<string> EventHeads = new(StringComparer.Ordinal)
    {
        "war", "wars", "battle", "battles", "campaign", "revolution", "siege", "massacre", "uprising", "offensive",
        "crisis", "olympics", "games", "cup", "championship", "championships", "tournament", "festival", "awards",
        "award", "prize", "election", "elections", "summit", "expo", "marathon", "derby", "bowl", "series", "act",
    };

    // Words around the titles of works ("the album Tremors", "his novel The Road"): MISC, not a person or a band.
    private static readonly HashSet<string> WorkCues = new(StringComparer.Ordinal)
    {
        "album", "albums", "single", "song", "songs", "film", "movie", "novel", "book", "books", "episode",
        "opera", "play", "poem", "track", "ep", "lp", "sitcom", "documentary", "newspaper", "show",
    };

    // Lower-case words that may stand inside a name.
    private static readonly HashSet<string> Connectors = new(StringComparer.Ordinal)
    {
        "of", "the", "and", "for", "de", "da", "di", "du", "del", "della", "la", "le", "van", "von", "der", "den",
        "bin", "ibn", "al", "el", "y", "upon", "on", "du", "des", "dos", "das",
    };

    public const int MaxFeaturesPerToken = 128;

    /// <summary><see cref="TokenFacts.Class"/> of a word the vectors lack.</summary>
    public const ushort OutOfVocabulary = 0xFFFD;

    // TokenFacts.Class of the places before and after the sentence.
    private const ushort BoundaryClass = 0xFFFE;

    // How many of the first features Extract writes are also conjoined with the document's kind of text.
    private const int DomainFeatures = 11;

    /// <summary>Facts for every token of the text; <paramref name="ruleLabels"/> are the rule recognizer's labels
    /// (0 none, else <see cref="RuleLabel"/>).</summary>
    public TokenFacts[] Facts(List<Token> tokens, byte[] ruleLabels, List<SentenceSpan> sentences)
    {
        var facts = new TokenFacts[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            ref var f = ref facts[i];
            f.Word = Hash(NormalizedLower(token));
            f.CasedWord = Hash(token.Text);
            f.Shape = ShapeHash(token.Text);
            f.Capitalized = token.Kind == TokenKind.Word && char.IsUpper(token.Text[0]);
            f.AllCaps = token.IsAllCaps;
            // A mention ("@user", "#tag") may name someone in lower case.
            f.HasUpper = token.Text.AsSpan().IndexOfAnyInRange('A', 'Z') >= 0 || (token.Kind == TokenKind.Word && HasNonAsciiUpper(token.Text))
                || token.Is('@') || token.Is('#') || (i > 0 && (tokens[i - 1].Is('@') || tokens[i - 1].Is('#')));
            f.Kinds = token.Kind == TokenKind.Word ? resources.Gazetteer.GetValueOrDefault(token.Lower.Replace(".", string.Empty, StringComparison.Ordinal)) : GazetteerKind.None;
            f.Title = token.Kind == TokenKind.Word && (TitleWords.Contains(token.Lower) || (f.Kinds & GazetteerKind.Honorific) != 0);
            if (token.Kind == TokenKind.Word && resources.PartsOfSpeech.TryGetValue(token.Lower, out var tags))
            {
                f.Pos = Hash(tags[0]);
                f.KnownLower = !tags[0].StartsWith("NNP", StringComparison.Ordinal);
            }
            else
            {
                f.Pos = token.Kind == TokenKind.Word ? 1UL : (ulong)token.Kind + 2;
            }

            f.Closed = !f.HasUpper && token.Kind == TokenKind.Word && f.KnownLower && !Connectors.Contains(token.Lower);
            f.Cluster = Hash(OrganizationHeads.Contains(token.Lower) ? "orghead" : PlaceCues.Contains(token.Lower) ? "placecue"
                : SpeechVerbs.Contains(token.Lower) ? "speech" : EventHeads.Contains(token.Lower) ? "eventhead"
                : WorkCues.Contains(token.Lower) ? "workcue" : string.Empty);
            f.Rule = ruleLabels[i];
            if (resources.WordClasses.Count > 0)
            {
                var value = resources.WordClasses.Get(f.Word);
                f.Class = value == WordClasses.Unknown ? OutOfVocabulary : value;
            }

            if (resources.WordClusters.TryGetValue(token.Kind == TokenKind.Number ? "0" : token.Lower, out var cluster))
            {
                (f.Coarse, f.Fine) = (cluster.Coarse, cluster.Fine);
            }
        }

        MarkGazetteerSpans(tokens, facts);
        MarkKnownNames(tokens, facts);
        MarkCapitalizedRuns(tokens, facts);
        MarkDocumentEvidence(tokens, facts, sentences);
        var domain = IsSocialMedia(tokens) ? (byte)2 : (byte)1;
        for (var i = 0; i < facts.Length; i++)
        {
            facts[i].Domain = domain;
        }

        return facts;
    }

    /// <summary>The static features of token <paramref name="i"/> of the sentence [first, end) into
    /// <paramref name="features"/>; returns how many.</summary>
    public static int Extract(List<Token> tokens, TokenFacts[] facts, int first, int end, int i, Span<ulong> features)
    {
        var n = 0;
        var token = tokens[i];
        ref var f = ref facts[i];
        var position = Math.Min(i - first, 3);
        features[n++] = Mix(1, 0);
        features[n++] = Mix(2, f.Word);
        features[n++] = Mix(3, f.CasedWord);
        features[n++] = Mix(4, f.Shape);
        features[n++] = Mix(5, f.Pos);
        features[n++] = Mix(6, Combine((ulong)position, f.Capitalized ? 1UL : 0UL, f.KnownLower ? 1UL : 0UL));
        features[n++] = Mix(7, Combine(f.Shape, (ulong)position));
        features[n++] = Mix(8, f.Cluster);
        features[n++] = Mix(9, Combine(f.Rule, f.Capitalized ? 1UL : 0UL));
        features[n++] = Mix(10, Combine(f.SpanKind, f.SpanPosition));
        features[n++] = Mix(11, Combine(f.Capitalized ? 1UL : 0UL, f.AllCaps ? 1UL : 0UL, f.KnownLower ? 1UL : 0UL, f.Title ? 1UL : 0UL));
        for (var bit = 0; bit < 12; bit++)
        {
            if (((int)f.Kinds & (1 << bit)) != 0)
            {
                features[n++] = Mix(12, (ulong)bit);
            }
        }

        var text = token.Kind == TokenKind.Word ? token.Lower.AsSpan() : token.Text.AsSpan();
        for (var k = 1; k <= 4 && k <= text.Length; k++)
        {
            features[n++] = Mix(20 + k, Hash(text[^k..]));
            if (k <= 3)
            {
                features[n++] = Mix(30 + k, Hash(text[..k]));
            }
        }

        var p1 = Neighbour(facts, first, end, i - 1);
        var p2 = Neighbour(facts, first, end, i - 2);
        var n1 = Neighbour(facts, first, end, i + 1);
        var n2 = Neighbour(facts, first, end, i + 2);
        features[n++] = Mix(40, p1.Word);
        features[n++] = Mix(41, p2.Word);
        features[n++] = Mix(42, n1.Word);
        features[n++] = Mix(43, n2.Word);
        features[n++] = Mix(44, Combine(p1.Word, f.Word));
        features[n++] = Mix(45, Combine(f.Word, n1.Word));
        features[n++] = Mix(46, Combine(p1.Shape, f.Shape, n1.Shape));
        features[n++] = Mix(47, p1.Shape);
        features[n++] = Mix(48, n1.Shape);
        features[n++] = Mix(49, Combine(p1.Title ? 1UL : 0UL, p2.Title ? 1UL : 0UL, f.Capitalized ? 1UL : 0UL));
        features[n++] = Mix(50, Combine(p1.Rule, f.Rule, n1.Rule));
        features[n++] = Mix(51, p1.Cluster);
        features[n++] = Mix(52, n1.Cluster);
        features[n++] = Mix(53, Combine(n1.Cluster, n2.Cluster));
        features[n++] = Mix(54, Combine(p1.Pos, f.Pos, n1.Pos));
        features[n++] = Mix(55, Combine((ulong)p1.Kinds, (ulong)n1.Kinds));
        features[n++] = Mix(56, Combine(p1.CasedWord, f.Shape));
        features[n++] = Mix(57, Combine(f.Shape, n1.CasedWord));
        features[n++] = Mix(58, Combine(p1.SpanKind, p1.SpanPosition, n1.SpanKind, n1.SpanPosition));
        // Conjunctions: the shape before with this shape, this word with the shape after and before.
        features[n++] = Mix(59, Combine(p1.Shape, f.Shape));
        features[n++] = Mix(64, Combine(f.Word, n1.Shape));
        features[n++] = Mix(65, Combine(p1.Shape, f.Word));
        if (f.RunLength > 0)
        {
            // The whole capitalised run a word stands in: its head word names the type ("... State University").
            features[n++] = Mix(70, f.RunLast);
            features[n++] = Mix(71, f.RunFirst);
            features[n++] = Mix(72, Combine(f.RunLength, f.RunPosition));
            features[n++] = Mix(73, Combine(f.RunLast, f.RunPosition));
            features[n++] = Mix(74, Combine(p1.Word, f.RunPosition));
            // What kind of word ends the run ("... Records", "... Falcons": a plural noun), and the words around the
            // whole run ("the ... said"), so every word of it sees them.
            features[n++] = Mix(75, Combine(f.RunLastClass, f.RunPosition, f.RunLength));
            features[n++] = Mix(76, Combine(f.RunLastPos, f.RunPosition));
            features[n++] = Mix(77, Combine(f.RunBefore, f.RunPosition));
            features[n++] = Mix(78, Combine(f.RunAfter, f.RunPosition));
            features[n++] = Mix(79, Combine(f.RunBefore, f.RunLastClass));
        }

        if (f.Class != 0)
        {
            n = ExtractClasses(ref f, p1, p2, n1, n2, features, n);
        }

        if (f.KnownKind > 0 || p1.KnownKind > 0 || n1.KnownKind > 0)
        {
            // A well-known organisation or place (the hand-written list), with where the token stands in it.
            features[n++] = Mix(84, Combine(f.KnownKind, f.KnownPosition, n1.KnownPosition == 2 ? 1UL : 0UL));
            features[n++] = Mix(85, Combine(f.KnownKind, f.KnownPosition, position == 0 ? 1UL : 0UL));
            features[n++] = Mix(86, Combine(p1.KnownKind, n1.KnownKind, f.Capitalized ? 1UL : 0UL));
        }

        if (f.AllCaps && token.Text.Length is >= 2 and <= 5)
        {
            // An acronym ("MAC", "PCHL", "NATO"): more often an organisation than the capitals of shouting.
            features[n++] = Mix(83, Combine((ulong)token.Text.Length, f.KnownLower ? 1UL : 0UL, (ulong)f.Kinds));
        }

        // What the rest of the document says about the same word: capitalised mid-sentence elsewhere makes a
        // sentence-initial capital a name; lower case elsewhere makes it a common word; the rules' type elsewhere.
        features[n++] = Mix(80, Combine(f.Capitalized ? 1UL : 0UL, f.Document));
        features[n++] = Mix(81, Combine(f.Capitalized ? 1UL : 0UL, f.DocumentRule));
        features[n++] = Mix(82, Combine(f.Shape, f.Document, f.DocumentRule));
        if (f.Fine > 0 || p1.Fine > 0 || n1.Fine > 0)
        {
            // Distributional classes: words used alike share weights ("striker" and "midfielder").
            features[n++] = Mix(90, f.Coarse);
            features[n++] = Mix(91, f.Fine);
            features[n++] = Mix(92, Combine(f.Fine, f.Capitalized ? 1UL : 0UL));
            features[n++] = Mix(93, Combine(p1.Fine, f.Capitalized ? 1UL : 0UL));
            features[n++] = Mix(94, Combine(n1.Fine, f.Capitalized ? 1UL : 0UL));
            features[n++] = Mix(95, Combine(p1.Coarse, f.Coarse, n1.Coarse));
        }

        // The first features (bias, word, cased word, shape, part of speech, position with case, shape with position,
        // cue class, rule label, gazetteer span, case and title flags) again, conjoined with the kind of text (Daumé's
        // feature augmentation, 2007): the tweets that make most of the training data capitalise and name differently
        // from edited prose, and the copies learn where the two differ. On the four dev folds, mean of three seeds:
        // WikiGold 0.724 -> 0.732, BTC 0.588 -> 0.590; copying every feature lost (0.720 / 0.587), and copying the
        // capitalised run's or the neighbours' features as well gained nothing.
        for (var k = 0; k < DomainFeatures; k++)
        {
            features[n++] = Combine(features[k], f.Domain);
        }

        return n;
    }

    /// <summary>
    /// Word classes from pretrained vectors (<see cref="WordClasses"/>): the word's at every level (and two with its
    /// case), its neighbours' (one and two away), and those of the capitalised run's last word and of the word before
    /// the run. On the four dev folds, mean of three seeds: WikiGold 0.732 -> 0.747, BTC 0.590 -> 0.601 (README,
    /// "Training the entity tagger"); the run's two groups alone add +0.001 / +0.002 of that.
    /// </summary>
    private static int ExtractClasses(ref TokenFacts f, in TokenFacts p1, in TokenFacts p2, in TokenFacts n1, in TokenFacts n2, Span<ulong> features, int n)
    {
        var capital = f.Capitalized ? 1UL : 0UL;
        for (var level = 0; level < WordClasses.Levels; level++)
        {
            features[n++] = Mix(100, Combine((ulong)level, WordClasses.Prefix(f.Class, level)));
        }

        features[n++] = Mix(101, Combine(1, WordClasses.Prefix(f.Class, 1), capital));
        features[n++] = Mix(101, Combine(3, WordClasses.Prefix(f.Class, 3), capital));
        for (var level = 1; level < WordClasses.Levels; level++)
        {
            features[n++] = Mix(102, Combine((ulong)level, WordClasses.Prefix(p1.Class, level)));
            features[n++] = Mix(103, Combine((ulong)level, WordClasses.Prefix(n1.Class, level)));
        }

        features[n++] = Mix(104, WordClasses.Prefix(p2.Class, 1));
        features[n++] = Mix(105, WordClasses.Prefix(n2.Class, 1));
        if (f.RunLength > 0)
        {
            // What kind of word ends the run ("... Rovers", "... Orchestra") and what kind stands before it.
            features[n++] = Mix(106, Combine(2, WordClasses.Prefix(f.RunLastWordClass, 2), f.RunPosition));
            features[n++] = Mix(106, Combine(3, WordClasses.Prefix(f.RunLastWordClass, 3), f.RunPosition));
            features[n++] = Mix(107, Combine(1, WordClasses.Prefix(f.RunBeforeClass, 1), f.RunPosition));
            features[n++] = Mix(107, Combine(2, WordClasses.Prefix(f.RunBeforeClass, 2), f.RunPosition));
        }

        return n;
    }

    /// <summary>The features that depend on the previous token's label (the Viterbi transitions).</summary>
    public static int ExtractTransition(TokenFacts[] facts, int i, int previous, Span<ulong> features)
    {
        var n = 0;
        ref var f = ref facts[i];
        features[n++] = Mix(60, (ulong)previous);
        features[n++] = Mix(62, Combine((ulong)previous, f.Word));
        features[n++] = Mix(63, Combine((ulong)previous, f.Shape));
        features[n++] = Mix(66, Combine((ulong)previous, f.Cluster, f.RunPosition));
        return n;
    }

    /// <summary>The rule recognizer's label of a token: category index × 2 + 1 for the first token, + 2 inside.</summary>
    public static byte RuleLabel(string category, bool first)
    {
        var index = category switch
        {
            "Person" => 0,
            "Location" => 1,
            "Organization" => 2,
            "Event" => 3,
            "DateTime" => 4,
            "Quantity" => 5,
            _ => 6,
        };
        return (byte)((index * 2) + (first ? 1 : 2));
    }

    /// <summary>
    /// Evidence from the same word's other occurrences in the document (<see cref="TokenFacts.Document"/> bits: 1 the
    /// token opens a sentence, 2 the word is capitalised elsewhere not at a sentence start, 4 it is written in lower
    /// case elsewhere, 8 it stands in a capitalised run of two or more words elsewhere; <see
    /// cref="TokenFacts.DocumentRule"/>: the rules' most frequent type for the word elsewhere, 1 + type, 0 none).
    /// </summary>
    private static void MarkDocumentEvidence(List<Token> tokens, TokenFacts[] facts, List<SentenceSpan> sentences)
    {
        var initial = new bool[tokens.Count];
        foreach (var sentence in sentences)
        {
            if (sentence.FirstToken < tokens.Count)
            {
                initial[sentence.FirstToken] = true;
            }
        }

        // Per word: counts of [capitalised mid-sentence, lower case, in a longer run, rule PER, LOC, ORG, other].
        var index = new Dictionary<ulong, int>();
        var counts = new List<int>();
        const int Width = 7;
        Span<int> own = stackalloc int[Width];
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < tokens.Count; i++)
            {
                if (tokens[i].Kind != TokenKind.Word)
                {
                    continue;
                }

                ref var f = ref facts[i];
                own.Clear();
                own[0] = f.Capitalized && !initial[i] ? 1 : 0;
                own[1] = f.HasUpper ? 0 : 1;
                own[2] = f.RunLength > 1 ? 1 : 0;
                if (f.Rule > 0)
                {
                    own[3 + Math.Min((f.Rule - 1) / 2, 3)] = 1;
                }

                if (!index.TryGetValue(f.Word, out var at))
                {
                    at = counts.Count;
                    index[f.Word] = at;
                    for (var k = 0; k < Width; k++)
                    {
                        counts.Add(0);
                    }
                }

                if (pass == 0)
                {
                    for (var k = 0; k < Width; k++)
                    {
                        counts[at + k] += own[k];
                    }

                    continue;
                }

                var bits = initial[i] ? 1 : 0;
                bits |= counts[at] - own[0] > 0 ? 2 : 0;
                bits |= counts[at + 1] - own[1] > 0 ? 4 : 0;
                bits |= counts[at + 2] - own[2] > 0 ? 8 : 0;
                f.Document = (byte)bits;
                var rule = 0;
                var most = 0;
                for (var k = 0; k < 4; k++)
                {
                    var elsewhere = counts[at + 3 + k] - own[3 + k];
                    if (elsewhere > most)
                    {
                        most = elsewhere;
                        rule = k + 1;
                    }
                }

                f.DocumentRule = (byte)rule;
            }
        }
    }

    /// <summary>A post rather than edited prose: a mention or hashtag ("@user", "#tag", after a space or at the start,
    /// also as the scoring data writes them: "@ user") or a link.</summary>
    internal static bool IsSocialMedia(List<Token> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if ((token.Is('@') || token.Is('#')) && (i == 0 || tokens[i - 1].End < token.Start) && i + 1 < tokens.Count
                && tokens[i + 1].Kind == TokenKind.Word && tokens[i + 1].Start - token.End <= 1 && (char.IsLetter(tokens[i + 1].Text[0]) || tokens[i + 1].Text[0] == '_'))
            {
                return true;
            }

            if (token.Kind == TokenKind.Word && token.Lower.StartsWith("http", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The longest gazetteer name covering each token, as kind and position (1 first, 2 inside).</summary>
    private void MarkGazetteerSpans(List<Token> tokens, TokenFacts[] facts)
    {
        var longest = Math.Min(resources.LongestGazetteerName, 6);
        MarkLongestNames(
            tokens,
            i =>
            {
                for (var j = Math.Min(tokens.Count, i + longest); j > i + 1; j--)
                {
                    var kind = resources.Gazetteer.GetValueOrDefault(Key(tokens, i, j));
                    if ((kind & (GazetteerKind.Location | GazetteerKind.Organization | GazetteerKind.Person)) != 0)
                    {
                        return (j, kind);
                    }
                }

                return (-1, GazetteerKind.None);
            },
            (k, first, kind) =>
            {
                facts[k].SpanKind = (byte)((kind & GazetteerKind.Person) != 0 ? 1 : (kind & GazetteerKind.Organization) != 0 ? 2 : 3);
                facts[k].SpanPosition = (byte)(first ? 1 : 2);
            });
    }

    /// <summary>The longest hand-written known name (<see cref="LocalAnalyzerResources.KnownNames"/>) starting at a
    /// capitalised token: kind 1 organisation, 2 place; position 1 first, 2 inside.</summary>
    private void MarkKnownNames(List<Token> tokens, TokenFacts[] facts)
    {
        var longest = resources.LongestKnownName;
        MarkLongestNames(
            tokens,
            i =>
            {
                for (var j = Math.Min(tokens.Count, i + longest); j > i; j--)
                {
                    if (resources.KnownNames.TryGetValue(j == i + 1 ? tokens[i].Lower : Key(tokens, i, j), out var kind))
                    {
                        return (j, kind);
                    }
                }

                return (-1, GazetteerKind.None);
            },
            (k, first, kind) =>
            {
                facts[k].KnownKind = (byte)((kind & GazetteerKind.Organization) != 0 ? 1 : 2);
                facts[k].KnownPosition = (byte)(first ? 1 : 2);
            });
    }

    /// <summary>
    /// Left to right over the capitalised words: <paramref name="longestAt"/> gives the end (exclusive) and kind of the
    /// longest name starting at a token, or -1; each token of a match is marked (with whether it is the first) and the
    /// scan goes on after the match.
    /// </summary>
    private static void MarkLongestNames(
        List<Token> tokens, Func<int, (int End, GazetteerKind Kind)> longestAt, Action<int, bool, GazetteerKind> mark)
    {
        var i = 0;
        while (i < tokens.Count)
        {
            if (tokens[i].Kind != TokenKind.Word || !char.IsUpper(tokens[i].Text[0]))
            {
                i++;
                continue;
            }

            var (end, kind) = longestAt(i);
            if (end < 0)
            {
                i++;
                continue;
            }

            for (var k = i; k < end; k++)
            {
                mark(k, k == i, kind);
            }

            i = end;
        }
    }

    /// <summary>Runs of capitalised words, "of"/"the"/"and"/"de" allowed inside ("Bank of England").</summary>
    private static void MarkCapitalizedRuns(List<Token> tokens, TokenFacts[] facts)
    {
        var i = 0;
        while (i < tokens.Count)
        {
            if (!facts[i].Capitalized)
            {
                i++;
                continue;
            }

            var end = i + 1;
            while (end < tokens.Count)
            {
                if (facts[end].Capitalized)
                {
                    end++;
                }
                else if (end + 1 < tokens.Count && facts[end + 1].Capitalized && tokens[end].Lower is "of" or "the" or "and" or "de" or "&" or "-" or "for")
                {
                    end += 2;
                }
                else
                {
                    break;
                }
            }

            var lastClass = facts[end - 1].Cluster;
            var before = i > 0 ? facts[i - 1].Word : 11UL;
            var beforeClass = i > 0 ? facts[i - 1].Class : BoundaryClass;
            var after = end < tokens.Count ? facts[end].Word : 13UL;
            for (var k = i; k < end; k++)
            {
                facts[k].RunLastClass = lastClass;
                facts[k].RunLastPos = facts[end - 1].Pos;
                facts[k].RunBefore = before;
                facts[k].RunBeforeClass = beforeClass;
                facts[k].RunLastWordClass = facts[end - 1].Class;
                facts[k].RunAfter = after;
                facts[k].RunFirst = facts[i].Word;
                facts[k].RunLast = facts[end - 1].Word;
                facts[k].RunLength = (byte)Math.Min(end - i, 5);
                facts[k].RunPosition = (byte)(k == i ? 1 : k == end - 1 ? 3 : 2);
            }

            i = end;
        }
    }

    private static string Key(List<Token> tokens, int first, int end)
    {
        var parts = new string[end - first];
        for (var i = first; i < end; i++)
        {
            parts[i - first] = tokens[i].Lower;
        }

        return string.Join(' ', parts);
    }

    private static bool HasNonAsciiUpper(string text)
    {
        foreach (var c in text)
        {
            if (c > 127 && char.IsUpper(c))
            {
                return true;
            }
        }

        return false;
    }

    private static TokenFacts Neighbour(TokenFacts[] facts, int first, int end, int i) =>
        i >= first && i < end ? facts[i] : new TokenFacts { Word = i < first ? 11UL : 13UL, CasedWord = 17UL, Shape = i < first ? 19UL : 23UL, Class = BoundaryClass };

    private static string NormalizedLower(Token token)
    {
        if (token.Kind != TokenKind.Number)
        {
            return token.Lower;
        }

        // Numbers by shape only: "1984" and "2021" say the same about the words around them.
        return string.Create(token.Text.Length, token.Text, static (span, text) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsDigit(text[i]) ? '0' : text[i];
            }
        });
    }

    /// <summary>"Merkel" → "Xx", "U.S." → "X.X.", "iPhone" → "xXx", "2021" → "d": character classes with runs collapsed.</summary>
    private static ulong ShapeHash(string text)
    {
        var hash = 14695981039346656037UL;
        var last = '\0';
        var length = 0;
        foreach (var c in text)
        {
            var shape = char.IsUpper(c) ? 'X' : char.IsLower(c) ? 'x' : char.IsDigit(c) ? 'd' : char.IsLetter(c) ? 'L' : c;
            if (shape == last)
            {
                continue;
            }

            last = shape;
            hash = (hash ^ shape) * 1099511628211UL;
            if (++length == 6)
            {
                break;
            }
        }

        return hash;
    }

    public static ulong Hash(ReadOnlySpan<char> text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    private static ulong Combine(ulong a, ulong b) => Finalize((a * 0x9E3779B97F4A7C15UL) ^ b);

    private static ulong Combine(ulong a, ulong b, ulong c) => Combine(Combine(a, b), c);

    private static ulong Combine(ulong a, ulong b, ulong c, ulong d) => Combine(Combine(a, b, c), d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(int template, ulong value) => Finalize(((ulong)template * 0xC2B2AE3D27D4EB4FUL) ^ value);

    // splitmix64's finalizer: neighbouring inputs land far apart, so templates never collide by construction.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Finalize(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
