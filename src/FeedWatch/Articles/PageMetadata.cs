using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace FeedWatch.Articles;

/// <summary>
/// What a page says about itself: title, byline, publication time, site name, canonical address and language.
/// Sources, best first: schema.org JSON-LD (what publishers give search engines), then meta tags (Open Graph,
/// Dublin Core, Parse.ly, Twitter), then the document: the &lt;title&gt; with the site's name cut off, a
/// &lt;time&gt; element, the &lt;html lang&gt; attribute.
/// </summary>
internal sealed partial record PageMetadata(string? Title, string? Byline, DateTimeOffset? Published, string? SiteName, Uri? Url, string? Language)
{
    /// <param name="document">The parsed page (its script text may have been skipped).</param>
    /// <param name="jsonLd">The text of the page's JSON-LD scripts, in page order.</param>
    /// <param name="pageUrl">Where the page was read from, to resolve relative addresses.</param>
    public static PageMetadata Read(IDocument document, IReadOnlyList<string> jsonLd, Uri? pageUrl)
    {
        ArgumentNullException.ThrowIfNull(document);
        var elements = PageElements.Collect(document);
        var meta = MetaValues(elements.Metas);
        var article = JsonLd.Read(jsonLd, document.Title);

        var title = article?.Title
            ?? First(meta, "dc:title", "dcterm:title", "dcterms:title", "og:title", "weibo:article:title", "weibo:webpage:title", "title", "twitter:title", "parsely-title")
            ?? TitleFromDocument(document, elements);
        var byline = article?.Byline
            ?? First(meta, "dc:creator", "dcterm:creator", "dcterms:creator", "author", "parsely-author", "sailthru.author")
            ?? NotAnAddress(First(meta, "article:author"));
        var published = article?.Published
            ?? ParseTime(First(meta, "article:published_time", "og:published_time", "parsely-pub-date", "datepublished", "date", "pubdate",
                "publish-date", "publication_date", "dc:date", "dcterm:date", "dcterms:date", "dcterms:created", "sailthru.date"))
            ?? TimeElement(elements.Times);
        var siteName = article?.SiteName ?? First(meta, "og:site_name", "application-name");
        var baseUrl = BaseUrl(elements.BaseHref, pageUrl);
        var canonical = Resolve(baseUrl, elements.CanonicalHref)
            ?? Resolve(baseUrl, First(meta, "og:url"))
            ?? Resolve(baseUrl, article?.Url)
            ?? (IsWeb(pageUrl) ? pageUrl : null);
        var language = Clean(document.DocumentElement?.GetAttribute("lang"))
            ?? First(meta, "content-language", "language", "dc:language")
            ?? Locale(First(meta, "og:locale"))
            ?? article?.Language;
        return new PageMetadata(Clean(title), Clean(byline), published, Clean(siteName), canonical, language);
    }

    /// <summary>The content of every meta tag, keyed by its name, property or http-equiv in lower case; the first of each wins.</summary>
    private static Dictionary<string, string> MetaValues(List<IElement> metas)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var meta in metas)
        {
            var content = meta.GetAttribute("content") ?? meta.GetAttribute("value");
            if (string.IsNullOrWhiteSpace(content)) continue;
            foreach (var attribute in (ReadOnlySpan<string>)["property", "name", "itemprop", "http-equiv"])
            {
                var keys = meta.GetAttribute(attribute);
                if (string.IsNullOrWhiteSpace(keys)) continue;
                // property="og:title twitter:title" names two keys at once.
                foreach (var key in keys.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    values.TryAdd(NormalizeKey(key), content.Trim());
                }
            }
        }
        return values;
    }

    // "DC.Creator", "dc:creator" and "dc-creator" are one key.
    private static string NormalizeKey(string key)
    {
        var lower = key.ToLowerInvariant();
        return DublinCorePrefix().Replace(lower, m => m.Groups[1].Value + ":");
    }

    private static string? First(Dictionary<string, string> values, params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            if (values.TryGetValue(key, out var value) && value.Length > 0) return value;
        }
        return null;
    }

    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return Whitespace().Replace(System.Net.WebUtility.HtmlDecode(text), " ").Trim();
    }

    private static string? NotAnAddress(string? value) =>
        value is not null && (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) ? null : value;

    private static string? Locale(string? locale) => string.IsNullOrWhiteSpace(locale) ? null : locale.Trim().Replace('_', '-');

    /// <summary>Parses the date forms pages use (ISO 8601, RFC 1123); a time without an offset is taken as UTC.</summary>
    internal static DateTimeOffset? ParseTime(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time)
            ? time
            : null;
    }

    private static DateTimeOffset? TimeElement(List<IElement> times)
    {
        // A time marked as the publication date, else the first time element that carries a machine-readable date.
        foreach (var time in times)
        {
            if ((time.HasAttribute("pubdate") || time.GetAttribute("itemprop") == "datePublished") && ParseTime(time.GetAttribute("datetime")) is { } marked) return marked;
        }
        foreach (var time in times)
        {
            if (ParseTime(time.GetAttribute("datetime")) is { } first) return first;
        }
        return null;
    }

    private static Uri? BaseUrl(string? href, Uri? pageUrl)
    {
        if (href is not null && Uri.TryCreate(pageUrl, href, out var declared) && IsWeb(declared)) return declared;
        if (href is not null && pageUrl is null && Uri.TryCreate(href, UriKind.Absolute, out var absolute) && IsWeb(absolute)) return absolute;
        return pageUrl;
    }

    private static Uri? Resolve(Uri? baseUrl, string? href)
    {
        if (string.IsNullOrWhiteSpace(href)) return null;
        href = href.Trim();
        Uri? url;
        if (baseUrl is not null) Uri.TryCreate(baseUrl, href, out url);
        else Uri.TryCreate(href, UriKind.Absolute, out url);
        return IsWeb(url) ? url : null;
    }

    private static bool IsWeb(Uri? url) => url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    /// <summary>
    /// The headline from the &lt;title&gt; element: sites append or prepend their name ("Story | Site"), so the part
    /// beside the last separator is kept when it still reads as a headline (three words or more).
    /// </summary>
    private static string? TitleFromDocument(IDocument document, PageElements elements)
    {
        var original = Clean(document.Title);
        if (original is null) return elements.H1s.Count > 0 ? Clean(elements.H1s[0].TextContent) : null;
        var title = original;
        var hierarchical = false;
        var separators = TitleSeparator().Matches(original);
        if (separators.Count > 0)
        {
            hierarchical = HierarchicalSeparator().IsMatch(original);
            title = original[..separators[^1].Index];
            if (WordCount(title) < 3) title = LeadingSegment().Replace(original, string.Empty, 1);
        }
        else if (original.Contains(": ", StringComparison.Ordinal))
        {
            var matchesHeading = elements.H1s.Concat(elements.H2s).Any(h => Clean(h.TextContent) == original);
            if (!matchesHeading)
            {
                title = original[(original.LastIndexOf(':') + 1)..];
                if (WordCount(title) < 3) title = original[(original.IndexOf(':', StringComparison.Ordinal) + 1)..];
                else if (WordCount(original[..original.IndexOf(':', StringComparison.Ordinal)]) > 5) title = original;
            }
        }
        else if (original.Length is > 150 or < 15)
        {
            if (elements.H1s.Count == 1) title = Clean(elements.H1s[0].TextContent) ?? original;
        }
        title = Whitespace().Replace(title, " ").Trim();
        var words = WordCount(title);
        if (words <= 4 && (!hierarchical || words != WordCount(SeparatorRun().Replace(original, string.Empty)) - 1)) title = original;
        return title;
    }

    private static int WordCount(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    [GeneratedRegex(@"^(dc|dcterm|dcterms)[.:-]")]
    private static partial Regex DublinCorePrefix();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@" [|\-–—\\/>»] ")]
    private static partial Regex TitleSeparator();

    [GeneratedRegex(@" [\\/>»] ")]
    private static partial Regex HierarchicalSeparator();

    [GeneratedRegex(@"^[^|\-–—\\/>»]*[|\-–—\\/>»]")]
    private static partial Regex LeadingSegment();

    [GeneratedRegex(@"[|\-–—\\/>»]+")]
    private static partial Regex SeparatorRun();

    /// <summary>The article object of a page's schema.org JSON-LD, when it has one.</summary>
    private sealed partial record JsonLd(string? Title, string? Byline, DateTimeOffset? Published, string? SiteName, string? Url, string? Language)
    {
        private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

        /// <param name="scripts">The JSON-LD texts, in page order.</param>
        /// <param name="documentTitle">The page's &lt;title&gt;, to choose between a differing name and headline.</param>
        public static JsonLd? Read(IReadOnlyList<string> scripts, string? documentTitle)
        {
            foreach (var script in scripts)
            {
                // Some sites wrap the JSON in a CDATA section.
                var json = CData().Replace(script, string.Empty).Trim();
                if (json.Length == 0) continue;
                try
                {
                    using var parsed = JsonDocument.Parse(json, Options);
                    if (FindArticle(parsed.RootElement) is { } article) return FromArticle(article, documentTitle);
                }
                catch (JsonException)
                {
                    // Broken JSON-LD is common; the meta tags still speak.
                }
            }
            return null;
        }

        private static JsonElement? FindArticle(JsonElement root)
        {
            // A bare object, an array of objects, or an object whose @graph holds them; never deeper than that.
            var pending = new Stack<(JsonElement Element, int Depth)>();
            pending.Push((root, 0));
            while (pending.Count > 0)
            {
                var (element, depth) = pending.Pop();
                if (element.ValueKind == JsonValueKind.Array)
                {
                    if (depth < 3)
                    {
                        foreach (var item in element.EnumerateArray().Reverse()) pending.Push((item, depth + 1));
                    }
                    continue;
                }
                if (element.ValueKind != JsonValueKind.Object) continue;
                if (IsArticleType(element)) return element;
                if (depth < 3 && element.TryGetProperty("@graph", out var graph)) pending.Push((graph, depth + 1));
            }
            return null;
        }

        private static bool IsArticleType(JsonElement element)
        {
            if (!element.TryGetProperty("@type", out var type)) return false;
            if (type.ValueKind == JsonValueKind.String) return ArticleType().IsMatch(type.GetString()!);
            return type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && ArticleType().IsMatch(t.GetString()!));
        }

        private static JsonLd FromArticle(JsonElement article, string? documentTitle)
        {
            var headline = String(article, "headline");
            var name = String(article, "name");
            var title = headline ?? name;
            // Some sites use one of the two for a description (an encyclopedia's "headline" is its summary line):
            // when they differ, the one closer to the page's own title is the title.
            if (headline is not null && name is not null && headline != name && !string.IsNullOrEmpty(documentTitle))
            {
                title = ContentFinder.TextSimilarity(documentTitle, name) > ContentFinder.TextSimilarity(documentTitle, headline) ? name : headline;
            }
            var byline = Names(article, "author");
            var published = ParseTime(String(article, "datePublished")) ?? ParseTime(String(article, "dateCreated"));
            string? site = null;
            if (article.TryGetProperty("publisher", out var publisher)) site = publisher.ValueKind == JsonValueKind.String ? publisher.GetString() : String(publisher, "name");
            var url = String(article, "url");
            if (url is null && article.TryGetProperty("mainEntityOfPage", out var page))
            {
                url = page.ValueKind == JsonValueKind.String ? page.GetString() : String(page, "@id") ?? String(page, "url");
            }
            var language = String(article, "inLanguage");
            return new JsonLd(title, byline, published, site, url, language);
        }

        private static string? String(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

        private static string? Names(JsonElement element, string name)
        {
            if (!element.TryGetProperty(name, out var value)) return null;
            var names = value.ValueKind switch
            {
                JsonValueKind.String => [value.GetString()],
                JsonValueKind.Object => [String(value, "name")],
                JsonValueKind.Array => value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : String(v, "name")).ToList(),
                _ => new List<string?>(),
            };
            var present = names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim()).ToList();
            return present.Count == 0 ? null : string.Join(", ", present);
        }

        [GeneratedRegex(@"^\s*<!\[CDATA\[|\]\]>\s*$")]
        private static partial Regex CData();

        [GeneratedRegex(@"^(Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|BlogPosting|DiscussionForumPosting|LiveBlogPosting|OpinionNewsArticle|ReportageNews|ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|TechArticle)$")]
        private static partial Regex ArticleType();
    }

    /// <summary>The elements metadata comes from, gathered in one walk of the document instead of one query each.</summary>
    private sealed class PageElements
    {
        public List<IElement> Metas { get; } = [];
        public List<IElement> Times { get; } = [];
        public List<IElement> H1s { get; } = [];
        public List<IElement> H2s { get; } = [];
        public string? CanonicalHref { get; private set; }
        public string? BaseHref { get; private set; }

        public static PageElements Collect(IDocument document)
        {
            var found = new PageElements();
            if (document.DocumentElement is not { } root) return found;
            var stack = new Stack<(INodeList Children, int Index)>();
            var children = root.ChildNodes;
            var index = 0;
            while (true)
            {
                if (index >= children.Length)
                {
                    if (stack.Count == 0) break;
                    (children, index) = stack.Pop();
                    continue;
                }
                if (children[index++] is not IElement element) continue;
                found.Add(element);
                if (element.HasChildNodes && element.LocalName is not ("style" or "svg"))
                {
                    stack.Push((children, index));
                    children = element.ChildNodes;
                    index = 0;
                }
            }
            return found;
        }

        private void Add(IElement element)
        {
            switch (element.LocalName)
            {
                case "meta": Metas.Add(element); break;
                case "time": Times.Add(element); break;
                case "h1": H1s.Add(element); break;
                case "h2": H2s.Add(element); break;
                case "link" when CanonicalHref is null && HasToken(element.GetAttribute("rel"), "canonical"):
                    CanonicalHref = element.GetAttribute("href");
                    break;
                case "base" when BaseHref is null && element.GetAttribute("href") is { } href:
                    BaseHref = href;
                    break;
            }
        }

        private static bool HasToken(string? list, string token) =>
            list is not null && list.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(token, StringComparer.OrdinalIgnoreCase);
    }
}
