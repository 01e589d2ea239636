using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Tools.NerTrainer;

/// <summary>
/// A greedy averaged perceptron (Collins 2002): tag a sentence left to right with the current weights, and where a
/// label is wrong add the token's features to the gold label and subtract them from the predicted one. The averaged
/// weights (every update weighted by how long it stood) generalise far better than the last ones.
/// </summary>
internal sealed class AveragedPerceptron(int labels)
{
    private readonly Dictionary<ulong, int> _index = [];
    private readonly List<float[]> _weights = [];
    private readonly List<double[]> _totals = [];
    private long _step = 1;

    public int FeatureCount => _index.Count;

    public (int Correct, int Total) Train(TrainingSentence sentence)
    {
        Span<ulong> history = stackalloc ulong[8];
        Span<float> scores = stackalloc float[labels];
        var previous = EntityLabels.Outside;
        var beforePrevious = EntityLabels.Outside;
        var correct = 0;
        for (var t = 0; t < sentence.Labels.Length; t++)
        {
            var features = sentence.Features.AsSpan(sentence.Offsets[t], sentence.Offsets[t + 1] - sentence.Offsets[t]);
            var h = EntityFeatures.ExtractHistory(sentence.Facts, sentence.First + t, previous, beforePrevious, history);
            scores.Clear();
            Score(features, scores);
            Score(history[..h], scores);
            var predicted = EntityLabels.Outside;
            for (var label = 1; label < labels; label++)
            {
                if (scores[label] > scores[predicted] && EntityLabels.Allowed(previous, label))
                {
                    predicted = label;
                }
            }

            var gold = sentence.Labels[t];
            if (predicted == gold)
            {
                correct++;
            }
            else
            {
                Update(features, gold, predicted);
                Update(history[..h], gold, predicted);
            }

            _step++;
            beforePrevious = previous;
            previous = predicted;
        }

        return (correct, sentence.Labels.Length);
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

    private void Score(ReadOnlySpan<ulong> features, Span<float> scores)
    {
        foreach (var feature in features)
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
    }

    private void Update(ReadOnlySpan<ulong> features, int gold, int predicted)
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

            _weights[row][gold] += 1;
            _totals[row][gold] += _step;
            _weights[row][predicted] -= 1;
            _totals[row][predicted] -= _step;
        }
    }
}
