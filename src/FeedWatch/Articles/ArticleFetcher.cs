using System.Collections.Concurrent;
using System.Net;
using FeedWatch.Configuration;
using FeedWatch.Feeds;
using FeedWatch.Storage;
using Microsoft.Extensions.Options;

namespace FeedWatch.Articles;

/// <summary>A linked page for one item: the stored page (fetched now or earlier), or why there is none.</summary>
/// <param name="Fetched">True when this call fetched it (it is new to the store); false when it was stored before.</param>
public sealed record PageResult(StoredPage? Page, bool Fetched, string? Error)
{
    public static PageResult Failed(string error) => new(null, false, error);
}

/// <summary>
/// Fetches the page a feed item links to and extracts its story, by the feed fetcher's rules (timeout, size cap,
/// redirects, per-host limit, Retry-After) with <c>FeedWatch:Articles</c>' settings, through a client whose every
/// connection passes the <see cref="AddressGuard"/>. A page is fetched once: a stored one (from any feed) is
/// reused, and two polls asking for the same page at once share one fetch. Never throws for anything a server
/// or page does; the result says what went wrong.
/// </summary>
public sealed class ArticleFetcher : IDisposable
{
    private const string Accept = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1";
    private static readonly TimeSpan RecentFor = TimeSpan.FromMinutes(10);

    private readonly FeedFetcher _fetcher;
    private readonly IFeedStore _store;
    private readonly IOptionsMonitor<FeedWatchOptions> _options;
    private readonly TimeProvider _clock;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    // One client per set of allowed networks: a pooled connection opened under one feed's allowance must never
    // serve a feed without it.
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<PageResult>>> _inFlight = new(StringComparer.Ordinal);
    // Pages fetched lately, until their poll has stored them: another feed's poll in that window reuses them.
    private readonly ConcurrentDictionary<string, (StoredPage Page, DateTimeOffset Until)> _recent = new(StringComparer.Ordinal);
    // Hosts that answered 429 or 503 with Retry-After: asked again only after it.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _hostWait = new(StringComparer.OrdinalIgnoreCase);

    public ArticleFetcher(FeedFetcher fetcher, IFeedStore store, IOptionsMonitor<FeedWatchOptions> options, TimeProvider clock)
        : this(fetcher, store, options, clock, Dns.GetHostAddressesAsync)
    {
    }

    internal ArticleFetcher(FeedFetcher fetcher, IFeedStore store, IOptionsMonitor<FeedWatchOptions> options, TimeProvider clock,
        Func<string, CancellationToken, Task<IPAddress[]>> resolve)
    {
        _fetcher = fetcher;
        _store = store;
        _options = options;
        _clock = clock;
        _resolve = resolve;
    }

    /// <summary>The page <paramref name="link"/> (an item's canonical link) points at, for an item of <paramref name="feed"/>.</summary>
    public async Task<PageResult> GetAsync(string? link, FeedDefinition feed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        if (string.IsNullOrWhiteSpace(link) || !Uri.TryCreate(link, UriKind.Absolute, out var url)) return PageResult.Failed("the item has no link to a page");
        if (url.Scheme is not ("http" or "https")) return PageResult.Failed($"not followed: the link is a {url.Scheme}: address; only http and https links are");
        var key = url.AbsoluteUri;
        var now = _clock.GetUtcNow();

        if (_recent.TryGetValue(key, out var recent) && recent.Until > now) return new PageResult(recent.Page, false, null);
        if (await _store.GetPageAsync(key, cancellationToken).ConfigureAwait(false) is { } stored) return new PageResult(stored, false, null);
        if (_hostWait.TryGetValue(url.Authority, out var until) && until > now)
        {
            return PageResult.Failed($"not fetched: {url.Authority} asked to wait until {until:u} (HTTP 429 or 503 with Retry-After)");
        }

        var flightKey = key + " " + NetworksKey(feed.AllowPrivateNetworks);
        var flight = _inFlight.GetOrAdd(flightKey, _ => new Lazy<Task<PageResult>>(() => FetchAndExtractAsync(url, key, feed, cancellationToken)));
        try
        {
            return await flight.Value.ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<PageResult>>>(flightKey, flight));
        }
    }

    private async Task<PageResult> FetchAndExtractAsync(Uri url, string key, FeedDefinition feed, CancellationToken cancellationToken)
    {
        var o = _options.CurrentValue;
        var profile = new FetchProfile(ClientFor(feed.AllowPrivateNetworks, o.Polling), o.Articles.MaxPageBytes, o.Articles.Timeout, "FeedWatch:Articles:Timeout",
            o.Polling.MaxRedirects, o.Polling.PerHostConcurrency, o.Polling.UserAgent, Accept, "FeedWatch:Articles:MaxPageBytes", "page");
        var fetched = await _fetcher.FetchAsync(new FetchRequest(url, null, null), profile, cancellationToken).ConfigureAwait(false);
        switch (fetched.Outcome)
        {
            case FetchOutcome.Throttled:
                var wait = fetched.RetryAfter ?? o.Polling.RetryBackoff;
                if (wait > o.Polling.MaxBackoff) wait = o.Polling.MaxBackoff;
                _hostWait[fetched.Url.Authority] = _clock.GetUtcNow() + wait;
                return PageResult.Failed($"page {Clip(fetched.Url)}: {fetched.Error}");
            case FetchOutcome.Fetched:
                break;
            default:
                return PageResult.Failed($"page {Clip(fetched.Url)}: {fetched.Error ?? "HTTP " + fetched.StatusCode}");
        }
        if (fetched.MediaType is { } media && !IsPageType(media))
        {
            return PageResult.Failed($"page {Clip(fetched.Url)}: not a web page (Content-Type {media}); the item is read from the feed");
        }

        ExtractedArticle extracted;
        try
        {
            var contentType = fetched.MediaType is null ? null : fetched.Charset is null ? fetched.MediaType : $"{fetched.MediaType}; charset={fetched.Charset}";
            extracted = new ArticleExtractor(new ArticleExtractorOptions { MaxPageBytes = o.Articles.MaxPageBytes })
                .Extract(fetched.Body ?? [], fetched.Url, contentType);
        }
        catch (ArticleExtractionException e)
        {
            return PageResult.Failed($"page {Clip(fetched.Url)}: {e.Message}");
        }
        if (extracted.Paragraphs.Count == 0) return PageResult.Failed($"page {Clip(fetched.Url)}: no story text found on it; the item is read from the feed");

        var page = new StoredPage(key, fetched.Url.AbsoluteUri, _clock.GetUtcNow(), extracted.Title, extracted.Published, extracted.SiteName, extracted.Paragraphs);
        Remember(page);
        return new PageResult(page, true, null);
    }

    private void Remember(StoredPage page)
    {
        var now = _clock.GetUtcNow();
        if (_recent.Count > 2_000)
        {
            foreach (var (k, v) in _recent)
            {
                if (v.Until <= now) _recent.TryRemove(k, out _);
            }
        }
        _recent[page.Url] = (page, now + RecentFor);
    }

    private HttpClient ClientFor(IReadOnlyList<IPNetwork> allowed, PollingOptions polling) =>
        _clients.GetOrAdd(NetworksKey(allowed), _ =>
        {
            var networks = allowed.ToArray();
            var handler = new SocketsHttpHandler
            {
                AllowAutoRedirect = false, // followed by the fetcher: limited, http(s) only, each hop through the guard
                AutomaticDecompression = DecompressionMethods.All,
                ConnectTimeout = polling.Timeout,
                MaxConnectionsPerServer = polling.PerHostConcurrency,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                UseCookies = false,
                UseProxy = false, // a proxy would make the connection, and the guard would check the proxy instead of the page
                ConnectCallback = (context, token) => new ValueTask<Stream>(AddressGuard.ConnectAsync(context.DnsEndPoint, networks, _resolve, token)),
            };
            return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        });

    private static string NetworksKey(IReadOnlyList<IPNetwork> allowed) => string.Join(",", allowed.Select(n => n.ToString()).Order(StringComparer.Ordinal));

    private static bool IsPageType(string media) =>
        media.Equals("text/html", StringComparison.OrdinalIgnoreCase) || media.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase)
        || media.Equals("text/plain", StringComparison.OrdinalIgnoreCase) || media.Equals("application/xml", StringComparison.OrdinalIgnoreCase)
        || media.Equals("text/xml", StringComparison.OrdinalIgnoreCase);

    private static string Clip(Uri url)
    {
        var s = url.ToString();
        return s.Length <= 120 ? s : s[..120] + "…";
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
        _clients.Clear();
    }
}
