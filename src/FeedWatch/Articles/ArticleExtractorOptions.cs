namespace FeedWatch.Articles;

/// <summary>
/// The limits that keep one hostile page from costing more than a bounded amount of memory and time. They live
/// here, in the extractor, so that every caller (the feed worker, the command line, the tests) gets them: the
/// fetcher has its own download cap, and the extractor never trusts that it was applied.
/// </summary>
internal sealed record ArticleExtractorOptions
{
    /// <summary>The largest page read, in bytes (or UTF-16 chars for a string). Bigger pages are refused; a stream is read no further than this plus one byte.</summary>
    public int MaxPageBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// The deepest element nesting accepted. The HTML tree builder scans its stack of open elements for many
    /// start tags, so a page nested n deep costs about n² steps (100,000 levels take tens of seconds); browsers
    /// and AngleSharp flatten everything past about 512 levels anyway, so nothing a reader sees is lost.
    /// </summary>
    public int MaxNestingDepth { get; init; } = 1024;

    public static ArticleExtractorOptions Default { get; } = new();
}
