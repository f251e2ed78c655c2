namespace FeedWatch.Analysis;

/// <summary>
/// One news article as the analyser sees it: a title and the body as paragraphs, with what is known
/// of where and when it was published. The analyser never fetches anything; the caller fills this in.
/// </summary>
/// <param name="Title">The headline (may be empty).</param>
/// <param name="Paragraphs">The body, one entry per paragraph, in reading order.</param>
/// <param name="Published">When the article was published, if known. Relative dates ("next week") are resolved against it.</param>
/// <param name="SourceName">The outlet, e.g. "The Moscow Times", if known.</param>
/// <param name="Url">The article's address, if known.</param>
public sealed record Article(
    string Title,
    IReadOnlyList<string> Paragraphs,
    DateTimeOffset? Published = null,
    string? SourceName = null,
    Uri? Url = null)
{
    /// <summary>
    /// Builds an article from plain text: paragraphs are separated by blank lines; a text with no blank
    /// lines (one paragraph a line, as many feeds and pastes have it) is split on line breaks instead.
    /// </summary>
    public static Article FromText(string title, string body, DateTimeOffset? published = null, string? sourceName = null, Uri? url = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new Article(title ?? string.Empty, SplitParagraphs(body), published, sourceName, url);
    }

    /// <summary>Splits text into paragraphs on blank lines, or on single line breaks when it has no blank lines.</summary>
    public static IReadOnlyList<string> SplitParagraphs(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var normalized = body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        // A line break alone separates paragraphs too: feeds and text dumps rarely keep blank lines,
        // and a title-like line glued to the next paragraph would become one run-on sentence.
        var result = new List<string>();
        foreach (var line in normalized.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0)
            {
                result.Add(trimmed);
            }
        }
        return result;
    }
}
