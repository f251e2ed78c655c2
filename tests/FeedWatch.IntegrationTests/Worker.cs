using System.Text.Json;
using FeedWatch.Cli;
using FeedWatch.Configuration;
using FeedWatch.Digest;
using FeedWatch.Feeds;
using FeedWatch.Hosting;
using FeedWatch.Storage;
using FeedWatch.Stories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FeedWatch.IntegrationTests;

/// <summary>
/// The worker as the commands build it (the real configuration loader, the real host, a real SQLite file in a
/// temporary data folder), configured by a --config JSON file written for the test.
/// </summary>
public sealed class Worker : IAsyncDisposable
{
    private Worker(string dir, string configFile, IHost host, FeedWatchSettings settings)
    {
        Directory = dir;
        ConfigFile = configFile;
        Host = host;
        Settings = settings;
    }

    public string Directory { get; }

    public string ConfigFile { get; }

    public IHost Host { get; }

    public FeedWatchSettings Settings { get; }

    public IFeedStore Store => Host.Services.GetRequiredService<IFeedStore>();

    /// <summary>The worker's own build (its runtimeconfig and deps beside it), built with the tests: src/FeedWatch/bin/…, for tests that run it as a process.</summary>
    public static string Dll()
    {
        var testOutput = AppContext.BaseDirectory;
        var marker = Path.Combine("tests", "FeedWatch.IntegrationTests") + Path.DirectorySeparatorChar;
        var path = Path.Combine(testOutput.Replace(marker, Path.Combine("src", "FeedWatch") + Path.DirectorySeparatorChar, StringComparison.Ordinal), "FeedWatch.dll");
        Assert.True(File.Exists(path), $"the worker is not built at {path}; build the solution (dotnet build FeedWatch.sln)");
        return path;
    }

    public static string NewDataDirectory() => System.IO.Directory.CreateTempSubdirectory("feedwatch-it-").FullName;

    /// <summary>Writes <paramref name="section"/> as the FeedWatch section of a --config file in <paramref name="dir"/>.</summary>
    public static string WriteConfig(string dir, object section)
    {
        var path = Path.Combine(dir, "config.json");
        var json = JsonSerializer.Serialize(new { FeedWatch = section });
        // Written to a temporary name and moved: a file watcher never sees half a file.
        File.WriteAllText(path + ".tmp", json);
        File.Move(path + ".tmp", path, overwrite: true);
        return path;
    }

    public static async Task<Worker> StartAsync(string dir, object section, bool scheduler = false)
    {
        var config = WriteConfig(dir, section);
        var root = ConfigurationLoader.Build(AppContext.BaseDirectory, config, reloadOnChange: scheduler);
        var settings = FeedWatchSettings.Resolve(ConfigurationLoader.Bind(root), AppContext.BaseDirectory, dir);
        Assert.True(settings.IsValid, string.Join("\n", settings.Errors));
        var host = WorkerHost.Build(root, settings, scheduler, logging => logging.SetMinimumLevel(LogLevel.Warning));
        var worker = new Worker(dir, config, host, settings);
        if (scheduler) await host.StartAsync();
        else await worker.Store.MigrateAsync(CancellationToken.None);
        return worker;
    }

    public Task<PollSummary> PollAsync(string feed) =>
        Host.Services.GetRequiredService<FeedRefresher>().RefreshAsync(Settings.Feeds.Single(f => f.Name == feed), CancellationToken.None);

    public async Task<FeedState> FeedAsync(string feed) => (await Store.GetFeedAsync(feed, CancellationToken.None))!;

    public IStoryStore Stories => Host.Services.GetRequiredService<IStoryStore>();

    /// <summary>A digest run as <c>once</c> makes it (messages backing off are tried too).</summary>
    public Task<DigestRun> DigestAsync(bool byHand = true) => Host.Services.GetRequiredService<DigestService>().RunAsync(byHand, CancellationToken.None);

    public Task<IReadOnlyList<OutboxMessage>> MessagesAsync() => Stories.ListMessagesAsync(CancellationToken.None);

    public Task<List<Story>> AllStoriesAsync() => Stories.ListStoriesAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync();
        }
        finally
        {
            Host.Dispose();
        }
    }

    /// <summary>Polls a condition until it holds or the time is up (bounded: a test never waits forever).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var until = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"timed out after {limit.TotalSeconds:0} s waiting until {what}");
            await Task.Delay(50);
        }
    }
}
