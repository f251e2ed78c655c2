using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace FeedWatch.Articles;

/// <summary>
/// Reads a news page and returns its story: the text as paragraphs without the page's furniture (navigation,
/// related links, comments, share bars, captions and credits, newsletter boxes, donation appeals), and the
/// title, publication time, byline, site name, canonical address and language.
/// <para>
/// Pure: bytes or text (and the address they came from, to resolve relative links) in, a result out; no
/// network, no files, no shared state, so one instance serves any number of threads. The limits of
/// <see cref="ArticleExtractorOptions"/> are checked here, before parsing; a page over them raises
/// <see cref="ArticleExtractionException"/> with a message naming the limit.
/// </para>
/// </summary>
internal sealed class ArticleExtractor
{
    private static readonly HtmlParserOptions ParserOptions = new()
    {
        // Comments are never text, and positions are never read: skipping both saves allocations.
        SkipComments = true,
        DisableElementPositionTracking = true,
    };

    private static readonly IBrowsingContext Context = BrowsingContext.New(Configuration.Default);

    private readonly ArticleExtractorOptions _options;

    public ArticleExtractor(ArticleExtractorOptions? options = null)
    {
        _options = options ?? ArticleExtractorOptions.Default;
    }

    public static ArticleExtractor Default { get; } = new();

    /// <summary>Extracts from raw bytes; the charset comes from a byte-order mark, <paramref name="contentType"/>, a meta tag, or is sniffed.</summary>
    public ExtractedArticle Extract(ReadOnlySpan<byte> page, Uri? url = null, string? contentType = null)
    {
        if (page.Length > _options.MaxPageBytes) throw TooLarge($"{page.Length:N0} bytes");
        return ExtractChecked(PageDecoder.Decode(page, contentType), url);
    }

    /// <summary>
    /// Extracts from a stream, reading no more than the page limit plus one byte, so a page that never ends
    /// costs a bounded amount of memory and is refused rather than read forever.
    /// </summary>
    public ExtractedArticle Extract(Stream page, Uri? url = null, string? contentType = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        var bytes = ReadBounded(page, _options.MaxPageBytes);
        return Extract(bytes.AsSpan(), url, contentType);
    }

    /// <summary>Extracts from text already decoded.</summary>
    public ExtractedArticle Extract(string html, Uri? url = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (html.Length > _options.MaxPageBytes) throw TooLarge($"{html.Length:N0} characters");
        return ExtractChecked(html, url);
    }

    private ExtractedArticle ExtractChecked(string html, Uri? url)
    {
        if (NestingGuard.IsDeeperThan(html, _options.MaxNestingDepth))
        {
            throw new ArticleExtractionException(
                $"the page nests elements more than {_options.MaxNestingDepth:N0} levels deep (the limit); it is broken or hostile markup and was not parsed.");
        }
        var document = Parse(html);
        var metadata = PageMetadata.Read(document, url);
        // Each attempt edits its own copy of the body; the parsed document stays as it was.
        var (content, byline) = ContentFinder.Find(() => document.Body is { } body ? PageNode.From(body) : null, metadata.Title);
        List<string> paragraphs = [];
        if (content is not null)
        {
            Furniture.RemoveMarkedBlocks(content);
            paragraphs = Furniture.FilterParagraphs(TextBlocks.Of(content));
        }
        return new ExtractedArticle(metadata.Title, paragraphs, metadata.Published, metadata.Byline ?? byline, metadata.SiteName, metadata.Url, metadata.Language);
    }

    private static IDocument Parse(string html) => new HtmlParser(ParserOptions, Context).ParseDocument(html);

    private ArticleExtractionException TooLarge(string size) =>
        new($"the page is {size}, more than the {_options.MaxPageBytes:N0}-byte limit for one page.");

    private byte[] ReadBounded(Stream stream, int limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var wanted = (int)Math.Min(chunk.Length, (long)limit + 1 - buffer.Length);
            var read = stream.Read(chunk, 0, wanted);
            if (read == 0) break;
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit) throw TooLarge($"more than {limit:N0} bytes (reading stopped there)");
        }
        return buffer.ToArray();
    }
}
