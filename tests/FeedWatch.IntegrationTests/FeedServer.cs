using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedWatch.IntegrationTests;

/// <summary>A real HTTP server (Kestrel) on 127.0.0.1 and a free port, serving whatever each test maps.</summary>
public sealed class FeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);

    private FeedServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; private set; }

    /// <summary>Request headers as received, per path, in order.</summary>
    public ConcurrentQueue<(string Path, Dictionary<string, string> Headers)> Requests { get; } = new();

    /// <summary>Starts on <paramref name="address"/> (127.0.0.1 unless given; any 127.x.y.z works on Linux) and a free port.</summary>
    public static async Task<FeedServer> StartAsync(IPAddress? address = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(address ?? IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FeedServer(app, new Uri("http://127.0.0.1/"));
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(bound.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    public Uri Url(string path) => new(BaseUrl, path.TrimStart('/'));

    public void Map(string path, Func<HttpContext, Task> handler) => _routes[path] = handler;

    public void MapFeed(string path, string xml, string contentType = "application/rss+xml; charset=utf-8") =>
        Map(path, ctx => Send(ctx, Encoding.UTF8.GetBytes(xml), contentType));

    public int Hits(string path) => _hits.GetValueOrDefault(path);

    public static async Task Send(HttpContext ctx, byte[] body, string contentType = "application/rss+xml; charset=utf-8")
    {
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted);
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "/";
        _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        Requests.Enqueue((path, ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        if (_routes.TryGetValue(path, out var handler)) await handler(ctx);
        else ctx.Response.StatusCode = 404;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>An RSS 2.0 document with the given items (guid, title, text, published).</summary>
    public static string Rss(string title, params (string Guid, string Title, string Text, DateTimeOffset Published)[] items)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>{WebUtility.HtmlEncode(title)}</title>\n");
        foreach (var (guid, itemTitle, text, published) in items)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"<item><title>{WebUtility.HtmlEncode(itemTitle)}</title><guid isPermaLink=\"false\">{guid}</guid><link>https://news.example/{guid}</link><pubDate>{published.ToString("R", CultureInfo.InvariantCulture)}</pubDate><description>{WebUtility.HtmlEncode(text)}</description></item>\n");
        }
        sb.Append("</channel></rss>\n");
        return sb.ToString();
    }

    /// <summary>An item whose text the analyser reads as a planned meeting.</summary>
    public static (string, string, string, DateTimeOffset) Meeting(string id, DateTimeOffset published, string where = "Beijing") =>
        (id, $"Putin and Xi to meet in {where}", $"Russian President Vladimir Putin will meet Chinese President Xi Jinping in {where} next week, the Kremlin said.", published);

    /// <summary>An item with nothing for the analyser.</summary>
    public static (string, string, string, DateTimeOffset) Plain(string id, DateTimeOffset published) =>
        (id, "Markets close higher", "Stocks rose on Monday after a quiet session.", published);
}
