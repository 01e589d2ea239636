using System.IO.Compression;
using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Tests.Analysis.Local;

/// <summary>The tagger's Viterbi decoding: whatever the weights prefer, the labels form valid BIO spans, names open
/// only at a capital, and known lower-case words stay outside.</summary>
public sealed class EntityTaggerTests
{
    private const string Text = "India backs the Afghan government headed by Ashraf Ghani in Kabul, foreign minister S Jaishankar said.";

    [Theory]
    [InlineData(2)] // I-PER everywhere: no span may start with an inside label
    [InlineData(6)] // I-ORG everywhere
    [InlineData(1)] // B-PER everywhere: lower-case words may not open a name
    public void Tag_WeightsFavouringOneLabel_StillValidBioAndNoLowerCaseOpener(int favoured)
    {
        var weights = new float[EntityLabels.Count];
        weights[favoured] = 10;
        // Feature template 1 is the bias every token carries.
        var tagger = new EntityTagger([EntityFeatures.Mix(1, 0)], weights, EntityLabels.Count);
        var resources = LocalAnalyzerResources.Default;
        var tokens = Tokenizer.Tokenize(Text);
        var sentences = new SentenceSplitter(resources).Split(Text, tokens);
        var facts = new EntityFeatures(resources).Facts(tokens, new byte[tokens.Count], sentences);
        var labels = new int[tokens.Count];
        var confidences = new float[tokens.Count];

        foreach (var sentence in sentences)
        {
            tagger.Tag(tokens, facts, sentence.FirstToken, sentence.EndToken, labels, confidences);
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            var previous = i == 0 ? EntityLabels.Outside : labels[i - 1];
            Assert.True(EntityLabels.Allowed(previous, labels[i]), $"{tokens[i].Text}: {EntityLabels.Names[labels[i]]} after {EntityLabels.Names[previous]}");
            Assert.False(EntityLabels.IsBegin(labels[i]) && !char.IsUpper(tokens[i].Text[0]), $"{tokens[i].Text} opens a name");
            Assert.InRange(confidences[i], 0f, 1f);
        }

        var foreign = tokens.FindIndex(t => t.Text == "foreign");
        Assert.Equal(EntityLabels.Outside, labels[foreign]);
        Assert.Equal(EntityLabels.Outside, labels[foreign + 1]);
    }

    [Fact]
    public void Read_WhatWriteWrote_ScoresEveryFeatureAsBeforeWithinOneStep()
    {
        var rows = new Dictionary<ulong, float[]>
        {
            [3] = [0.5f, -0.25f, 2f],
            [1UL << 40] = [-2f, 0f, 0.125f],
            [ulong.MaxValue - 5] = [1f, 1f, -1f],
        };
        var stream = new MemoryStream();
        EntityTagger.Write(stream, rows, labels: 3);
        stream.Position = 0;

        var tagger = EntityTagger.Read(stream);

        var step = 2f / short.MaxValue;
        foreach (var (feature, expected) in rows)
        {
            var scores = new float[3];
            tagger.AddTo(feature, scores);
            for (var label = 0; label < 3; label++)
            {
                Assert.InRange(scores[label], expected[label] - step, expected[label] + step);
            }
        }

        var unknown = new float[3];
        tagger.AddTo(4, unknown);
        Assert.Equal([0f, 0f, 0f], unknown);
    }

    [Fact]
    public void Read_ModelCutShortInItsWeights_SaysSoInsteadOfLoadingZeros()
    {
        var written = new MemoryStream();
        EntityTagger.Write(written, new Dictionary<ulong, float[]> { [3] = [0.5f, -0.25f], [9] = [1f, 2f] }, labels: 2);
        var raw = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(written.ToArray()), CompressionMode.Decompress))
        {
            gzip.CopyTo(raw);
        }

        var cut = new MemoryStream();
        using (var gzip = new GZipStream(cut, CompressionMode.Compress, leaveOpen: true))
        {
            gzip.Write(raw.ToArray().AsSpan(0, (int)raw.Length - 3));
        }

        cut.Position = 0;
        Assert.Throws<EndOfStreamException>(() => EntityTagger.Read(cut));
    }

    [Fact]
    public void Tokenize_UserNameWithUnderscore_IsOneWord()
    {
        var tokens = Tokenizer.Tokenize("thanks @PeterDutton_MP for fsb_hq");

        Assert.Equal(["thanks", "@", "PeterDutton_MP", "for", "fsb_hq"], tokens.Select(t => t.Text));
    }

    [Fact]
    public void Analyze_NameAfterHeadedBy_IsAPerson()
    {
        var result = new LocalTextAnalyzer(LocalAnalyzerResources.Default).Analyze("India backs the Afghan government headed by Ashraf Ghani in Kabul.");

        Assert.Contains(result.Entities, e => e.Text == "Ashraf Ghani" && e.Category == "Person");
        Assert.Contains(result.Entities, e => e.Text == "Kabul" && e.Category == "Location");
    }

    [Fact]
    public void KnownNames_HandWrittenList_EveryLineAnOrganisationOrPlaceKeyedAsTheTokenizerSplitsIt()
    {
        var known = LocalAnalyzerResources.Default.KnownNames;

        Assert.True(known.Count > 400, $"{known.Count} known names");
        Assert.All(known, pair => Assert.True(pair.Value is GazetteerKind.Organization or GazetteerKind.Location, $"{pair.Key}: {pair.Value}"));
        // Keys are the tokenizer's lower-case words, so a name with "&" or "'s" matches the text's tokens.
        var key = string.Join(' ', Tokenizer.Tokenize("Procter & Gamble").Select(t => t.Lower));
        Assert.Equal(GazetteerKind.Organization, known[key]);
        Assert.Equal(GazetteerKind.Location, known["middle east"]);
    }
    [Theory]
    [InlineData("thanks @PeterDutton_MP for the update", true)]
    [InlineData("RT @ BBCNews : storm hits coast", true)]
    [InlineData("Loving the #WorldCup so far", true)]
    [InlineData("full story at https://example.com/x", true)]
    [InlineData("German Chancellor Olaf Scholz spoke with French President Emmanuel Macron.", false)]
    [InlineData("Write to editor@example.com with corrections.", false)]
    [InlineData("The single reached # 1 in the charts.", false)]
    public void IsSocialMedia_MentionsHashtagsAndLinksMakeAPost_EmailAndNumberSignsDoNot(string text, bool expected)
    {
        Assert.Equal(expected, EntityFeatures.IsSocialMedia(Tokenizer.Tokenize(text)));
    }
}
