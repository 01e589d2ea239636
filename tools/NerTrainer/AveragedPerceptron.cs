using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Tools.NerTrainer;

/// <summary>
/// A structured averaged perceptron (Collins 2002): decode a whole sentence with the tagger's own Viterbi
/// (<see cref="EntityTagger.Decode"/>) and the current weights, and where the best path differs from the gold one
/// add the gold path's features (token and transition) to its labels and subtract the predicted path's. The
/// averaged weights (every update weighted by how long it stood) generalise far better than the last ones.
/// </summary>
internal sealed class AveragedPerceptron(int labels) : IFeatureWeights
{
    private readonly Dictionary<ulong, int> _index = [];
    private readonly List<float[]> _weights = [];
    private readonly List<double[]> _totals = [];
    private long _step = 1;

    public int FeatureCount => _index.Count;

    public void AddTo(ulong feature, Span<float> scores)
    {
        if (_index.TryGetValue(feature, out var row))
        {
            var weights = _weights[row];
            for (var label = 0; label < labels; label++)
            {
                scores[label] += weights[label];
            }
        }
    }

    public (int Correct, int Total) Train(TrainingSentence sentence)
    {
        var count = sentence.Labels.Length;
        var end = sentence.First + count;
        var local = new float[count * labels];
        for (var t = 0; t < count; t++)
        {
            if (EntityTagger.IsActive(sentence.Facts, sentence.First, sentence.First + t))
            {
                foreach (var feature in Features(sentence, t))
                {
                    AddTo(feature, local.AsSpan(t * labels, labels));
                }
            }
        }

        var predicted = new int[count];
        var confidences = new float[count];
        EntityTagger.Decode(this, sentence.Facts, sentence.First, end, local, labels, predicted, confidences, constraints: default);
        var gold = sentence.Labels;
        if (sentence.Partial)
        {
            // Tokens the data leaves unlabelled (a Twitter mention in WNUT) take whatever the weights prefer there.
            gold = new int[count];
            EntityTagger.Decode(this, sentence.Facts, sentence.First, end, local, labels, gold, confidences, sentence.Labels);
        }

        var correct = 0;
        Span<ulong> transition = stackalloc ulong[8];
        for (var t = 0; t < count; t++)
        {
            var (g, p) = (gold[t], predicted[t]);
            if (g == p)
            {
                correct++;
            }

            var (gp, pp) = t == 0 ? (EntityLabels.Outside, EntityLabels.Outside) : (gold[t - 1], predicted[t - 1]);
            if ((g == p && gp == pp) || !EntityTagger.IsActive(sentence.Facts, sentence.First, sentence.First + t))
            {
                continue;
            }

            if (g != p)
            {
                Update(Features(sentence, t), g, 1);
                Update(Features(sentence, t), p, -1);
            }

            var n = EntityFeatures.ExtractTransition(sentence.Facts, sentence.First + t, gp, transition);
            Update(transition[..n], g, 1);
            n = EntityFeatures.ExtractTransition(sentence.Facts, sentence.First + t, pp, transition);
            Update(transition[..n], p, -1);
        }

        _step++;
        return (correct, count);
    }

    /// <summary>The averaged weights by feature hash.</summary>
    public Dictionary<ulong, float[]> Averaged()
    {
        var rows = new Dictionary<ulong, float[]>(_index.Count);
        foreach (var (hash, row) in _index)
        {
            var averaged = new float[labels];
            for (var label = 0; label < labels; label++)
            {
                averaged[label] = (float)(_weights[row][label] - (_totals[row][label] / _step));
            }

            rows[hash] = averaged;
        }

        return rows;
    }

    private static ReadOnlySpan<ulong> Features(TrainingSentence sentence, int t) =>
        sentence.Features.AsSpan(sentence.Offsets[t], sentence.Offsets[t + 1] - sentence.Offsets[t]);

    private void Update(ReadOnlySpan<ulong> features, int label, int delta)
    {
        foreach (var feature in features)
        {
            if (!_index.TryGetValue(feature, out var row))
            {
                row = _weights.Count;
                _index[feature] = row;
                _weights.Add(new float[labels]);
                _totals.Add(new double[labels]);
            }

            _weights[row][label] += delta;
            _totals[row][label] += delta * _step;
        }
    }
}
