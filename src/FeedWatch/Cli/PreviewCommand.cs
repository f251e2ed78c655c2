using System.Globalization;
using FeedWatch.Digest;
using FeedWatch.Hosting;
using FeedWatch.Storage;
using FeedWatch.Stories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedWatch.Cli;

/// <summary>
/// <c>preview [--config FILE] [--out FILE.html] [--recipient ADDRESS]</c>: renders the next digest as it stands now
/// (the whole of it, or what one recipient would get) without sending, recording or marking anything. It brings the
/// stories up to date first, as the digest would (new items folded in); the digest itself still sees them as news.
/// </summary>
internal static class PreviewCommand
{
    public const string Usage = "preview [--config FILE] [--out FILE.html] [--recipient ADDRESS]  render the next digest; send and mark nothing";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var rest = args.ToList();
        if (!CommandOptions.TryTake(rest, "--out", stderr, "preview", out var outFile)) return 2;
        if (!CommandOptions.TryTake(rest, "--recipient", stderr, "preview", out var address)) return 2;
        if (!WorkerArgs.TryParse("preview", rest, stderr, out var parsed)) return 2;
        if (!WorkerSetup.TryLoad("preview", parsed, reloadOnChange: false, stderr, out var configuration, out var settings)) return 2;
        try
        {
            using var host = WorkerHost.Build(configuration!, settings!, withScheduler: false,
                logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error).AddFilter("FeedWatch", LogLevel.Error));
            return RunAsync(host.Services, outFile, address, stdout, stderr, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Storage.StoreUnavailableException e)
        {
            stderr.WriteLine($"preview: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            stderr.WriteLine($"preview: cannot use the data folder {settings!.DataDirectory} or the output file: {e.Message}; check FeedWatch:DataDirectory, --out and their permissions.");
            return 1;
        }
        catch (DigestTemplateException e)
        {
            stderr.WriteLine($"preview: {e.Message}");
            return 1;
        }
    }

    internal static async Task<int> RunAsync(IServiceProvider services, string? outFile, string? address, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<IFeedStore>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        await services.GetRequiredService<StoryTracker>().FoldPendingAsync(cancellationToken).ConfigureAwait(false);
        var content = await services.GetRequiredService<DigestBuilder>().PrepareAsync(services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken).ConfigureAwait(false);
        Recipient? recipient = null;
        if (address is not null)
        {
            recipient = content.Recipients.FirstOrDefault(r => string.Equals(r.Address, address.Trim(), StringComparison.OrdinalIgnoreCase));
            if (recipient is null)
            {
                stderr.WriteLine($"preview: {address} is not in FeedWatch:Digest:To or FeedWatch:Digest:Recipients; the recipients are: {(content.Recipients.Count == 0 ? "none" : string.Join(", ", content.Recipients.Select(r => r.Address)))}.");
                return 2;
            }
        }
        var message = content.Render(recipient);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"preview: {content.Changed.Count} {(content.Changed.Count == 1 ? "story" : "stories")} new or changed since the last digest; nothing sent, nothing marked."));
        foreach (var r in content.Recipients)
        {
            var mine = content.StoriesFor(r).Count;
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {r.Address}: {(mine > 0 ? $"{mine} {(mine == 1 ? "story" : "stories")}" : r.Heartbeat ? "a heartbeat (nothing new)" : "no message")}"));
        }
        stdout.WriteLine($"Subject: {message.Subject}");
        if (outFile is null)
        {
            stdout.WriteLine();
            stdout.Write(message.Text);
            return 0;
        }
        var full = Path.GetFullPath(outFile);
        var folder = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(full, message.Html, cancellationToken).ConfigureAwait(false);
        stdout.WriteLine($"HTML written to {full}");
        return 0;
    }
}
