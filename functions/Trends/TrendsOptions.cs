using System.ComponentModel.DataAnnotations;

namespace NewsMonitor.Trends;

/// <summary>Settings of the trends API (section <c>Trends</c>).</summary>
internal sealed class TrendsOptions : IValidatableObject
{
    public const string SectionName = "Trends";

    /// <summary>Hours a trend covers when the request names none. Default: 72.</summary>
    [Range(1, 24 * 366)]
    public int DefaultHours { get; set; } = 72;

    /// <summary>
    /// Most hours one request may ask for: each request reads the keyword's and the news volume's rows over this span
    /// plus the detector's history. Default: 720 (30 days).
    /// </summary>
    [Range(1, 24 * 366)]
    public int MaxHours { get; set; } = 720;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DefaultHours > MaxHours)
        {
            yield return new ValidationResult(
                $"{nameof(DefaultHours)} ({DefaultHours}) must not exceed {nameof(MaxHours)} ({MaxHours}).",
                [nameof(DefaultHours)]);
        }
    }
}
