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
        // Comments are never text, positions are never read, and script and style text is never the story
        // (the JSON-LD scripts were read by the markup scan): skipping them saves much of the parsing.
        SkipComments = true,
        DisableElementPositionTracking = true,
        SkipScriptText = true,
        SkipRawText = true,
    };

    private static readonly IBrowsingContext Context = BrowsingContext.New(AngleSharp.Configuration.Default);

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
        using var buffer = new BoundedBuffer(this);
        int read;
        while ((read = page.Read(buffer.Chunk, 0, buffer.Wanted)) > 0) buffer.Add(read);
        return Extract(buffer.Bytes, url, contentType);
    }

    /// <summary>
    /// As <see cref="Extract(Stream, Uri?, string?)"/>, reading asynchronously: for a response body still
    /// arriving, which is read no further than the page limit plus one byte.
    /// </summary>
    public async Task<ExtractedArticle> ExtractAsync(Stream page, Uri? url = null, string? contentType = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        using var buffer = new BoundedBuffer(this);
        int read;
        while ((read = await page.ReadAsync(buffer.Chunk.AsMemory(0, buffer.Wanted), cancellationToken).ConfigureAwait(false)) > 0) buffer.Add(read);
        return Extract(buffer.Bytes, url, contentType);
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
        var scan = MarkupScan.Scan(html, _options.MaxNestingDepth);
        if (scan.TooDeep)
        {
            throw new ArticleExtractionException(
                $"the page nests elements more than {_options.MaxNestingDepth:N0} levels deep (the limit); it is broken or hostile markup and was not parsed.");
        }
        var document = Parse(html);
        var metadata = PageMetadata.Read(document, scan.JsonLd, url);
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

    /// <summary>The refusal of a page over the limit; <paramref name="size"/> is null when reading stopped at the limit.</summary>
    private ArticleExtractionException TooLarge(string? size) => size is null
        ? new($"the page is larger than the {_options.MaxPageBytes:N0}-byte limit for one page; reading stopped there.")
        : new($"the page is {size}, more than the {_options.MaxPageBytes:N0}-byte limit for one page.");

    /// <summary>Collects a page's bytes from a stream and refuses the page as soon as they pass the limit.</summary>
    private sealed class BoundedBuffer(ArticleExtractor extractor) : IDisposable
    {
        private readonly MemoryStream _bytes = new();

        public byte[] Chunk { get; } = new byte[81920];

        /// <summary>How much to ask the stream for next: never more than one byte past the limit in all.</summary>
        public int Wanted => (int)Math.Min(Chunk.Length, (long)extractor._options.MaxPageBytes + 1 - _bytes.Length);

        public ReadOnlySpan<byte> Bytes => _bytes.GetBuffer().AsSpan(0, (int)_bytes.Length);

        public void Add(int read)
        {
            _bytes.Write(Chunk, 0, read);
            if (_bytes.Length > extractor._options.MaxPageBytes) throw extractor.TooLarge(null);
        }

        public void Dispose() => _bytes.Dispose();
    }
}
