using NewsMonitor.Spikes;

namespace NewsMonitor.Tests.Spikes;

public sealed class SpikeStatisticsTests
{
    [Theory]
    // Poisson: P(X ≥ 5 | λ = 1) = 1 − e⁻¹(1 + 1 + 1/2 + 1/6 + 1/24) = 0.0036599.
    [InlineData(5, 1.0, 0.0, 2.43654)]
    // Poisson: P(X ≥ 14 | λ = 2.8) = 1.5565e-6 (14 articles against the usual 2.8).
    [InlineData(14, 2.8, 0.0, 5.80784)]
    // α = 1 is geometric: P(X ≥ k) = (μ / (1 + μ))^k; μ = 1, k = 10 → 2⁻¹⁰.
    [InlineData(10, 1.0, 1.0, 3.0103)]
    public void UpperTailScore_KnownTails_MinusLog10OfTheTail(int observed, double expected, double overdispersion, double score)
    {
        Assert.Equal(score, SpikeStatistics.UpperTailScore(observed, expected, overdispersion), 3);
    }

    [Theory]
    [InlineData(0, 2.0)]
    [InlineData(2, 2.0)]
    [InlineData(1, 5.0)]
    public void UpperTailScore_AtOrBelowExpected_Zero(int observed, double expected)
    {
        Assert.Equal(0, SpikeStatistics.UpperTailScore(observed, expected, 0.1));
    }

    [Fact]
    public void UpperTailScore_Overdispersion_LowersTheScoreOfLargeCounts()
    {
        var poisson = SpikeStatistics.UpperTailScore(150, 100, 0);
        var overdispersed = SpikeStatistics.UpperTailScore(150, 100, 0.1);

        Assert.True(poisson > 4);
        Assert.True(overdispersed < 2);
    }

    [Fact]
    public void UpperTailScore_ExtremeCount_FiniteAndLarge()
    {
        var score = SpikeStatistics.UpperTailScore(5000, 0.2, 0.1);

        Assert.True(double.IsFinite(score));
        Assert.True(score > 100);
    }
}
