using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using FeedWatch.Configuration;
using Microsoft.Extensions.Options;

namespace FeedWatch.Feeds;

/// <summary>What to fetch, with the validators of the last good fetch.</summary>
public sealed record FetchRequest(Uri Url, string? ETag, string? LastModified);

public enum FetchOutcome
{
    /// <summary>200: a body to parse.</summary>
    Fetched,
    /// <summary>304 (or a local file not changed): nothing new.</summary>
    NotModified,
    /// <summary>410: the feed is gone for good.</summary>
    Gone,
    /// <summary>429 or 503: the server asks us to come back later.</summary>
    Throttled,
    /// <summary>Anything else: an error status, a timeout, a refused connection, a body too large.</summary>
    Failed,
}

/// <summary>The answer to one fetch.</summary>
/// <param name="Url">Where the body came from, after redirects.</param>
/// <param name="MovedTo">Set when every redirect on the way was permanent (301, 308): the feed's new address.</param>
public sealed record FetchResult(
    FetchOutcome Outcome,
    Uri Url,
    Uri? MovedTo = null,
    byte[]? Body = null,
    string? Charset = null,
    string? ETag = null,
    string? LastModified = null,
    TimeSpan? RetryAfter = null,
    string? Error = null,
    int? StatusCode = null)
{
    /// <summary>The response's media type ("text/html"), when the server sent one.</summary>
    public string? MediaType { get; init; }
}

/// <summary>
/// How to fetch one kind of document: feeds and article pages share the fetcher's rules (timeout, size cap,
/// redirects, per-host limit, Retry-After) with their own settings, and pages go through a guarded client.
/// </summary>
/// <param name="Client">The client to send with (its handler does not follow redirects itself).</param>
/// <param name="SizeSetting">The configuration key of <paramref name="MaxBytes"/>, for the message when a body is larger.</param>
/// <param name="Noun">What is fetched, for messages: "feed", "page".</param>
public sealed record FetchProfile(
    HttpClient Client,
    long MaxBytes,
    TimeSpan Timeout,
    string TimeoutSetting,
    int MaxRedirects,
    int PerHostConcurrency,
    string UserAgent,
    string Accept,
    string SizeSetting,
    string Noun);

/// <summary>
/// Fetches feeds over HTTP with our own rules on top of <see cref="HttpClient"/>: conditional GET (ETag,
/// Last-Modified), gzip/deflate/brotli, one timeout for the whole fetch, a cap on the body after decompression,
/// redirects followed by hand (a limit, http(s) only, permanent ones reported so the feed's address moves), a
/// per-host limit on requests in flight, and Retry-After read from 429 and 503. Local <c>file:</c> feeds (only
/// ever from the configuration) are read with the same cap. Never throws for anything the server does; only
/// cancellation by the caller escapes.
/// </summary>
public sealed class FeedFetcher
{
    /// <summary>The IHttpClientFactory name of the client that fetches feeds.</summary>
    public const string HttpClientName = "feeds";

    private readonly IHttpClientFactory _clients;
    private readonly IOptionsMonitor<FeedWatchOptions> _options;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _hostGates = new(StringComparer.OrdinalIgnoreCase);

    public FeedFetcher(IHttpClientFactory clients, IOptionsMonitor<FeedWatchOptions> options)
    {
        _clients = clients;
        _options = options;
    }

    /// <summary>Fetches a feed (http(s), or a local file named in the configuration) by the <c>Polling</c> settings.</summary>
    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var polling = _options.CurrentValue.Polling;
        if (request.Url.IsFile) return await ReadFileAsync(request, polling.MaxFeedBytes, cancellationToken).ConfigureAwait(false);
        var profile = new FetchProfile(_clients.CreateClient(HttpClientName), polling.MaxFeedBytes, polling.Timeout, "FeedWatch:Polling:Timeout",
            polling.MaxRedirects, polling.PerHostConcurrency, polling.UserAgent,
            "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
            "FeedWatch:Polling:MaxFeedBytes", "feed");
        return await FetchAsync(request, profile, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fetches an http(s) document by <paramref name="profile"/>'s settings. Other schemes are refused.</summary>
    public async Task<FetchResult> FetchAsync(FetchRequest request, FetchProfile profile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(profile);
        if (request.Url.Scheme is not ("http" or "https"))
        {
            return Failed(request.Url, null, $"not fetched: a {request.Url.Scheme}: address; only http and https are followed");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(profile.Timeout);
        var url = request.Url;
        var allPermanent = true;
        try
        {
            for (var hop = 0; ; hop++)
            {
                var gate = _hostGates.GetOrAdd(url.Authority, _ => new SemaphoreSlim(profile.PerHostConcurrency, profile.PerHostConcurrency));
                await gate.WaitAsync(timeout.Token).ConfigureAwait(false);
                try
                {
                    using var message = new HttpRequestMessage(HttpMethod.Get, url);
                    message.Headers.TryAddWithoutValidation("User-Agent", profile.UserAgent);
                    message.Headers.TryAddWithoutValidation("Accept", profile.Accept);
                    if (!string.IsNullOrEmpty(request.ETag)) message.Headers.TryAddWithoutValidation("If-None-Match", request.ETag);
                    if (!string.IsNullOrEmpty(request.LastModified)) message.Headers.TryAddWithoutValidation("If-Modified-Since", request.LastModified);
                    using var response = await profile.Client
                        .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    Uri? moved = allPermanent && hop > 0 ? url : null;

                    if (status is 301 or 302 or 303 or 307 or 308)
                    {
                        var location = response.Headers.Location;
                        if (location is null) return Failed(url, status, $"HTTP {status} redirect without a Location header");
                        var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                        if (next.Scheme is not ("http" or "https")) return Failed(url, status, $"HTTP {status} redirect to {next.Scheme}: ({Clip(next.ToString())}); only http(s) redirects are followed");
                        if (hop >= profile.MaxRedirects) return Failed(url, status, $"more than {profile.MaxRedirects} redirects (FeedWatch:Polling:MaxRedirects); last to {Clip(next.ToString())}");
                        allPermanent &= status is 301 or 308;
                        url = next;
                        continue;
                    }
                    if (status == 304) return new FetchResult(FetchOutcome.NotModified, url, moved, ETag: request.ETag, LastModified: request.LastModified, StatusCode: status);
                    if (status == 410) return new FetchResult(FetchOutcome.Gone, url, moved, Error: "HTTP 410 Gone: the publisher removed the feed; it is no longer polled (change its Url to start again)", StatusCode: status);
                    if (status is 429 or 503)
                    {
                        var after = RetryAfter(response.Headers.RetryAfter);
                        var said = after is { } a ? $"Retry-After {a.TotalSeconds:0} s" : "no Retry-After";
                        return new FetchResult(FetchOutcome.Throttled, url, moved, RetryAfter: after, Error: $"HTTP {status} {response.ReasonPhrase} ({said})", StatusCode: status);
                    }
                    if (status is < 200 or > 299) return Failed(url, status, $"HTTP {status} {response.ReasonPhrase}");

                    var announced = response.Content.Headers.ContentLength;
                    if (announced > profile.MaxBytes) return Failed(url, status, TooLarge(profile, $"Content-Length {announced:N0}"));
                    var body = await ReadCappedAsync(await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false), profile.MaxBytes, timeout.Token).ConfigureAwait(false);
                    if (body is null) return Failed(url, status, TooLarge(profile, "stopped reading at the limit"));
                    return new FetchResult(FetchOutcome.Fetched, url, moved, body, response.Content.Headers.ContentType?.CharSet,
                        response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture), StatusCode: status)
                    {
                        MediaType = response.Content.Headers.ContentType?.MediaType,
                    };
                }
                finally
                {
                    gate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(url, null, $"timed out after {profile.Timeout.TotalSeconds:0} s ({profile.TimeoutSetting}); the server is slow or unreachable");
        }
        catch (HttpRequestException e) when (Blocked(e) is { } blocked)
        {
            return Failed(url, null, blocked.Message);
        }
        catch (HttpRequestException e)
        {
            return Failed(url, null, $"cannot fetch: {Inner(e)}");
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // A connection reset part way, or a compressed body that does not decompress.
            return Failed(url, null, $"the response broke off or could not be decompressed: {Inner(e)}");
        }
    }

    private static async Task<FetchResult> ReadFileAsync(FetchRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var path = request.Url.LocalPath;
        var info = new FileInfo(path);
        if (!info.Exists) return Failed(request.Url, null, $"no such file: {path}; fix the feed's Url (relative file: paths start at the application folder)");
        var stamp = info.LastWriteTimeUtc.ToString("R", CultureInfo.InvariantCulture) + "; " + info.Length.ToString(CultureInfo.InvariantCulture);
        if (stamp == request.LastModified) return new FetchResult(FetchOutcome.NotModified, request.Url, LastModified: stamp);
        if (info.Length > maxBytes) return Failed(request.Url, null, $"the feed is larger than the {maxBytes:N0}-byte limit (the file is {info.Length:N0} bytes); raise FeedWatch:Polling:MaxFeedBytes if it is genuinely that large");
        try
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            return new FetchResult(FetchOutcome.Fetched, request.Url, Body: bytes, LastModified: stamp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(request.Url, null, $"cannot read {path}: {e.Message}");
        }
    }

    /// <summary>Reads at most <paramref name="maxBytes"/>; null when there is more (the rest is never read).</summary>
    private static async Task<byte[]?> ReadCappedAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > maxBytes) return null;
                    buffer.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
            return buffer.ToArray();
        }
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private static FetchResult Failed(Uri url, int? status, string error) => new(FetchOutcome.Failed, url, Error: error, StatusCode: status);

    private static string TooLarge(FetchProfile profile, string what) =>
        $"the {profile.Noun} is larger than the {profile.MaxBytes:N0}-byte limit ({what}); raise {profile.SizeSetting} if it is genuinely that large";

    /// <summary>The address guard's refusal inside a failed request, if that is why it failed.</summary>
    private static Articles.BlockedAddressException? Blocked(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is Articles.BlockedAddressException blocked) return blocked;
        }
        return null;
    }

    private static string Inner(Exception e)
    {
        var message = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException) message += " (" + inner.Message + ")";
        return message;
    }

    private static string Clip(string s) => s.Length <= 120 ? s : s[..120] + "…";
}
