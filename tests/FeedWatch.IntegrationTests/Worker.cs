using System.Data.Common;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
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
using Npgsql;
using Xunit.Sdk;

namespace FeedWatch.IntegrationTests;

/// <summary>Which store a test runs on.</summary>
public enum StoreKind
{
    Sqlite,
    PostgreSql,
}

/// <summary>Runs a theory on each store: <c>[Theory, BothStores]</c> with a <see cref="StoreKind"/> parameter.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BothStoresAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StoreKind.Sqlite], [StoreKind.PostgreSql]];
}

/// <summary>
/// The worker as the commands build it (the real configuration loader, the real host, the real store: a SQLite file
/// in a temporary data folder, or a database of the test run's PostgreSQL server), configured by a --config JSON file
/// written for the test.
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

    /// <summary>
    /// <paramref name="section"/> on <paramref name="store"/>: as it is for SQLite (the file in its data folder); for
    /// PostgreSQL with FeedWatch:Storage set to a fresh database of <paramref name="postgres"/>. Start workers on the
    /// same result to have them share the database (a restart, or several processes).
    /// </summary>
    public static async Task<object> OnStoreAsync(StoreKind store, PostgresServer postgres, object section)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        if (store == StoreKind.Sqlite) return section;
        var node = JsonSerializer.SerializeToNode(section)!.AsObject();
        node["Storage"] = new JsonObject { ["Provider"] = "PostgreSql", ["ConnectionString"] = await postgres.CreateDatabaseAsync() };
        return node;
    }

    /// <summary>A store of its own on the worker's database, as another process would open it (dispose it).</summary>
    public OtherStore OpenStore() => new(Settings.Options.Storage.Provider == StorageProvider.PostgreSql
        ? PostgresFeedStore.Create(Settings.Options.Storage)
        : new SqliteFeedStore(Settings.DatabasePath));

    /// <summary>Reads the worker's database through a store of its own, as another process would, and closes it.</summary>
    public async Task<T> ReadStoreAsync<T>(Func<IFeedStore, Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var other = OpenStore();
        return await read(other.Feeds);
    }

    /// <summary>A connection of the test's own to the worker's database (the SQLite file, or the PostgreSQL database), open.</summary>
    public async Task<DbConnection> ConnectAsync()
    {
        DbConnection c = Settings.Options.Storage.Provider == StorageProvider.PostgreSql
            ? new NpgsqlConnection(Settings.Options.Storage.ConnectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Settings.DatabasePath};Pooling=False");
        await c.OpenAsync();
        return c;
    }

    /// <summary>Runs SQL on the worker's database behind its back (as an older version, or an operator, would have written it); returns the rows changed.</summary>
    public async Task<int> ExecuteSqlAsync(string sql)
    {
        await using var c = await ConnectAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Reads the worker's database with SQL of the test's own.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var c = await ConnectAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await r.ReadAsync()) rows.Add(read(r));
        return rows;
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

/// <summary>A store opened by a test beside the worker's, as another process has one (either kind).</summary>
public sealed class OtherStore(IFeedStore store) : IAsyncDisposable
{
    public IFeedStore Feeds => store;

    public IStoryStore Stories => (IStoryStore)store;

    public async ValueTask DisposeAsync()
    {
        if (store is IAsyncDisposable async) await async.DisposeAsync();
        else (store as IDisposable)?.Dispose();
    }
}
