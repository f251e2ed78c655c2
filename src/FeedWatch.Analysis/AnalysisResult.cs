namespace FeedWatch.Analysis;

/// <summary>What an article says about a meeting.</summary>
public enum MeetingStatus
{
    /// <summary>Scheduled, agreed, announced: "will meet", "is to meet".</summary>
    Planned,
    /// <summary>May or could happen: rumoured, proposed, invited, not ruled out.</summary>
    Possible,
    /// <summary>A side says there is no meeting: no plans, no preparations, ruled out.</summary>
    Denied,
    /// <summary>A meeting that was planned is called off or postponed.</summary>
    Cancelled,
    /// <summary>Already took place (background, or under way as the article is written).</summary>
    Held,
}

/// <summary>A calendar date or range resolved from a phrase such as "Feb. 4-5" or "next week".</summary>
public readonly record struct DateRange(DateOnly Start, DateOnly End)
{
    /// <summary>ISO form: one date, or "start/end" for a range.</summary>
    public override string ToString() =>
        Start == End
            ? Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Start:yyyy-MM-dd}/{End:yyyy-MM-dd}");
}

/// <summary>The span of the article that supports a decision: paragraph index and character range in it.</summary>
public readonly record struct EvidenceSpan(int Paragraph, int Start, int Length);

/// <summary>One statement about a meeting: what status it supports, who said it, and the sentence.</summary>
/// <param name="Status">The status this statement supports.</param>
/// <param name="Speaker">Who said it: a person, an office ("the Kremlin"), an outlet, "unnamed sources"; null when it is the article's own narration.</param>
/// <param name="Side">Whom the speaker speaks for: a country or organisation, "media", or "unnamed sources"; null when unknown.</param>
/// <param name="Sentence">The evidence sentence, as it appears in the article.</param>
/// <param name="Reason">The rule that decided the status, and the words it relied on.</param>
/// <param name="Span">Where the sentence is in the article (paragraph -1 is the title).</param>
public sealed record Claim(MeetingStatus Status, string? Speaker, string? Side, string Sentence, string Reason, EvidenceSpan Span);

/// <summary>A meeting between leaders that the article reports, with every status the text supports.</summary>
public sealed record MeetingReport(
    IReadOnlyList<string> Participants,
    IReadOnlyList<MeetingStatus> Statuses,
    string? Where,
    string? Event,
    string? When,
    DateRange? Date,
    IReadOnlyList<Claim> Claims,
    double Confidence);

/// <summary>The analyser's verdict on one article.</summary>
/// <param name="Relevant">True when at least one meeting has a status other than held.</param>
/// <param name="Meetings">Every meeting found, held ones included.</param>
public sealed record AnalysisResult(bool Relevant, IReadOnlyList<MeetingReport> Meetings)
{
    /// <summary>The result for an article with nothing in it.</summary>
    public static AnalysisResult Empty { get; } = new(false, []);
}
