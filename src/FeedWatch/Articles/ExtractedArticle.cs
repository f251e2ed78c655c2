using FeedWatch.Analysis;

namespace FeedWatch.Articles;

/// <summary>What the extractor found on one page: the story's text and what the page says about it.</summary>
/// <param name="Title">The headline, from metadata or the page title with the site's name cut off; null when the page has none.</param>
/// <param name="Paragraphs">The story's text, one entry per block (paragraph, heading, list item), in reading order.</param>
/// <param name="Published">When the story was published, from meta tags, JSON-LD or a time element.</param>
/// <param name="Byline">Who wrote it, as the page says it.</param>
/// <param name="SiteName">The outlet, e.g. "The Moscow Times".</param>
/// <param name="Url">The canonical address the page declares (absolute http or https), else the address it was read from.</param>
/// <param name="Language">The page's language tag, e.g. "en" or "pt-BR".</param>
internal sealed record ExtractedArticle(
    string? Title,
    IReadOnlyList<string> Paragraphs,
    DateTimeOffset? Published,
    string? Byline,
    string? SiteName,
    Uri? Url,
    string? Language)
{
    /// <summary>The story as plain text, paragraphs separated by blank lines.</summary>
    public string Text => string.Join("\n\n", Paragraphs);

    /// <summary>The article as the analyser takes it.</summary>
    public Article ToArticle() => new(Title ?? string.Empty, Paragraphs, Published, SiteName, Url);
}
