namespace NewsMonitor.Spikes;

/// <summary>Count-aware surprise: how unlikely is a count at least this large, given the expected count.</summary>
internal static class SpikeStatistics
{
    private const double Ln10 = 2.302585092994046;
    private const int MaxTailTerms = 1_000_000;

    /// <summary>
    /// −log10 P(X ≥ <paramref name="observed"/>) for X negative-binomial with mean <paramref name="expected"/> and
    /// variance μ + α·μ² (Poisson when α is 0). Computed in log space, so tiny tails stay finite. A count at or
    /// below the expected one scores 0: nothing unusual upwards (and the tail sum would start below the mode).
    /// </summary>
    public static double UpperTailScore(int observed, double expected, double overdispersion)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(observed);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(expected);
        ArgumentOutOfRangeException.ThrowIfNegative(overdispersion);
        if (observed <= expected)
        {
            return 0;
        }

        double logFirst;
        Func<int, double> nextRatio;
        if (overdispersion == 0)
        {
            logFirst = -expected + (observed * Math.Log(expected)) - LogFactorial(observed);
            nextRatio = x => expected / (x + 1);
        }
        else
        {
            // NB(r, p) with r = 1/α, success probability p = r / (r + μ): P(x) = Γ(x+r) / (Γ(r) x!) · p^r · (1−p)^x.
            var r = 1 / overdispersion;
            var logP = Math.Log(r / (r + expected));
            var log1MinusP = Math.Log(expected / (r + expected));
            var logRising = 0.0;
            for (var j = 0; j < observed; j++)
            {
                logRising += Math.Log(r + j);
            }

            logFirst = logRising - LogFactorial(observed) + (r * logP) + (observed * log1MinusP);
            var q = expected / (r + expected);
            nextRatio = x => (x + r) / (x + 1) * q;
        }

        // The tail relative to its first term: 1 + t1 + t1·t2 + ..., the terms shrinking geometrically past the mode.
        var sum = 1.0;
        var term = 1.0;
        for (var x = observed; x < observed + MaxTailTerms; x++)
        {
            term *= nextRatio(x);
            sum += term;
            if (term < sum * 1e-15)
            {
                break;
            }
        }

        var logTail = Math.Min(0, logFirst + Math.Log(sum));
        return -logTail / Ln10;
    }

    /// <summary>
    /// −log10 P(Z ≥ <paramref name="z"/>) for a standard normal Z, from the complementary error function in log space
    /// (Numerical Recipes' erfcc, fractional error below 1.2e-7), so a z of 40 still gives a finite score.
    /// </summary>
    public static double NormalUpperTailScore(double z)
    {
        if (double.IsNaN(z))
        {
            throw new ArgumentOutOfRangeException(nameof(z), "z must be a number.");
        }

        var x = z / Math.Sqrt(2);
        var t = 1 / (1 + (0.5 * Math.Abs(x)));
        var logErfc = Math.Log(t) - (x * x) - 1.26551223 + (t * (1.00002368 + (t * (0.37409196 + (t * (0.09678418
            + (t * (-0.18628806 + (t * (0.27886807 + (t * (-1.13520398 + (t * (1.48851587
            + (t * (-0.82215223 + (t * 0.17087277)))))))))))))))));
        var logTail = x >= 0
            ? Math.Log(0.5) + logErfc
            : Math.Log(1 - (0.5 * Math.Exp(logErfc)));
        return -logTail / Ln10;
    }

    private static double LogFactorial(int n)
    {
        var result = 0.0;
        for (var k = 2; k <= n; k++)
        {
            result += Math.Log(k);
        }

        return result;
    }
}
