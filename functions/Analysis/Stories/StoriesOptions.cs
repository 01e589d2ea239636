using System.ComponentModel.DataAnnotations;

namespace NewsMonitor.Analysis.Stories;

/// <summary>Settings of story grouping at analysis time (section <c>Stories</c>).</summary>
internal sealed class StoriesOptions : IValidatableObject
{
    public const string SectionName = "Stories";

    /// <summary>Group copies of one story (false: every article is its own story). Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How far apart in published time two copies of one story can be. Default: 3 days.</summary>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(3);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Lookback <= TimeSpan.Zero || Lookback > TimeSpan.FromDays(30))
        {
            yield return new ValidationResult("Stories:Lookback must be more than zero and at most 30 days.", [nameof(Lookback)]);
        }
    }
}
