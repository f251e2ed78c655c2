using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

namespace FeedWatch.IntegrationTests;

/// <summary>
/// Three worker processes (`run`, as the container runs it) on one PostgreSQL database, polling 300 feeds served on
/// 127.0.0.1: the feeds spread over them, every item stored and analysed once, one digest for the cluster; one
/// worker killed in the middle of the round, and its polls taken over by the others.
/// </summary>
[Collection(UsesPostgres.Name)]
public sealed class ClusterTests : IAsyncLifetime
{
    private const int Feeds = 300;
    private static readonly DateTimeOffset Recent = DateTimeOffset.UtcNow.AddHours(-1);
    private readonly PostgresServer _postgres;
    private readonly string _dir = Worker.NewDataDirectory();
    private readonly List<(Process Process, StringBuilder Log)> _workers = [];
    private readonly ConcurrentDictionary<string, int> _inFlight = new();
    private readonly ConcurrentDictionary<string, int> _mostAtOnce = new();
    private FeedServer _server = null!;
    private const string Doomed = "FeedWatch-test worker1";
    private int _aborted;
    private int _served;
    private int _servedDoomed;
    private int _trapped;
    // Requests in flight by worker: each worker's User-Agent names it.
    private readonly ConcurrentDictionary<string, int> _inFlightByWorker = new();
    private readonly ConcurrentDictionary<string, byte> _seen = new();
    private readonly TaskCompletionSource _allPolling = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ClusterTests(PostgresServer postgres) => _postgres = postgres;

    public async Task InitializeAsync()
    {
        _server = await FeedServer.StartAsync();
        for (var i = 0; i < Feeds; i++)
        {
            var path = $"/feeds/{i}";
            var body = Encoding.UTF8.GetBytes(FeedServer.Rss($"Wire {i}", FeedServer.Meeting($"m{i}", Recent), FeedServer.Plain($"p{i}", Recent)));
            _server.Map(path, async ctx =>
            {
                var now = _inFlight.AddOrUpdate(path, 1, (_, n) => n + 1);
                _mostAtOnce.AddOrUpdate(path, now, (_, most) => Math.Max(most, now));
                var worker = ctx.Request.Headers.UserAgent.ToString();
                _inFlightByWorker.AddOrUpdate(worker, 1, (_, n) => n + 1);
                try
                {
                    // The round starts when all three workers are polling (the first one's requests wait for the others).
                    if (_seen.TryAdd(worker, 0) && _seen.Count == 3) _allPolling.TrySetResult();
                    await Task.WhenAny(_allPolling.Task, Task.Delay(Timeout.Infinite, ctx.RequestAborted));
                    if (worker == Doomed && Volatile.Read(ref _servedDoomed) >= 5)
                    {
                        // Once the doomed worker has polled a few feeds of its own (the round is well under way: the
                        // others poll beside it), its next polls hang until it is killed. A threshold on the whole
                        // round's count could pass while a slow-starting worker had no trigger left to take.
                        Interlocked.Increment(ref _trapped);
                        await Task.Delay(Timeout.Infinite, ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    }
                    else
                    {
                        // Slow enough that a round takes seconds.
                        await Task.Delay(TimeSpan.FromMilliseconds(250), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    }
                    if (ctx.RequestAborted.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref _aborted);
                        return;
                    }
                    await FeedServer.Send(ctx, body);
                    Interlocked.Increment(ref _served);
                    if (worker == Doomed) Interlocked.Increment(ref _servedDoomed);
                }
                finally
                {
                    _inFlight.AddOrUpdate(path, 0, (_, n) => n - 1);
                    _inFlightByWorker.AddOrUpdate(worker, 0, (_, n) => n - 1);
                }
            });
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var (process, _) in _workers)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Three_workers_poll_every_feed_store_every_item_once_and_send_one_digest_even_when_one_is_killed_mid_round()
    {
        var database = await _postgres.CreateDatabaseAsync();
        // The digest fires once, at a set second well after the round: the cluster must fire it on one worker only.
        var digestAt = DateTimeOffset.UtcNow.AddSeconds(45);
        for (var w = 0; w < 3; w++)
        {
            var dir = Path.Combine(_dir, $"worker{w}");
            Directory.CreateDirectory(dir);
            Worker.WriteConfig(dir, new
            {
                DataDirectory = dir,
                Storage = new { Provider = "PostgreSql", ConnectionString = database },
                Cluster = new { CheckinInterval = "00:00:01", CheckinMisfireThreshold = "00:00:03" },
                Feeds = Enumerable.Range(0, Feeds).Select(i => new { Name = $"feed{i}", Url = _server.Url($"/feeds/{i}").ToString(), FetchArticles = false }).ToArray(),
                Polling = new { DefaultInterval = "01:00:00", Jitter = "00:00:02", Timeout = "00:01:00", MaxConcurrentFeeds = 4, UserAgent = $"FeedWatch-test worker{w}" },
                Digest = new { Cron = digestAt.ToString("s m H d M ? yyyy", CultureInfo.InvariantCulture), TimeZone = "UTC" },
            });
        }

        // The first worker schedules the 300 feed jobs in the shared store; the others find them there.
        Start(0);
        await Worker.WaitUntilAsync(() => Task.FromResult(!_seen.IsEmpty), TimeSpan.FromSeconds(60), "the first worker polls");
        Start(1);
        Start(2);
        await Worker.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref _trapped) > 0), TimeSpan.FromSeconds(90), "the doomed worker is polling, with polls in flight");
        var killed = _workers[1].Process;
        killed.Kill(entireProcessTree: true);
        await killed.WaitForExitAsync();

        await Worker.WaitUntilAsync(async () => await ScalarAsync(database, "SELECT COUNT(*) FROM feeds WHERE first_polled_utc IS NOT NULL") == Feeds,
            TimeSpan.FromSeconds(60), "every feed is polled");
        await Worker.WaitUntilAsync(async () => await ScalarAsync(database, "SELECT COUNT(*) FROM digest_messages WHERE sent_utc IS NOT NULL") >= 1,
            digestAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30), "the digest is made and delivered");
        await Task.Delay(TimeSpan.FromSeconds(3)); // a second digest, were there one, would come now

        Assert.All(Enumerable.Range(0, Feeds), i => Assert.True(_server.Hits($"/feeds/{i}") >= 1, $"feed {i} was never fetched"));
        Assert.Equal(1, _mostAtOnce.Values.Max()); // no feed polled by two workers at once
        Assert.Equal(2 * Feeds, await ScalarAsync(database, "SELECT COUNT(*) FROM items"));
        Assert.Equal(2 * Feeds, await ScalarAsync(database, "SELECT COUNT(DISTINCT (feed_id, identity)) FROM items"));
        Assert.Equal(Feeds, await ScalarAsync(database, "SELECT COUNT(*) FROM reports")); // one meeting per feed, analysed once
        Assert.Equal(1, await ScalarAsync(database, "SELECT COUNT(*) FROM digests"));
        Assert.Equal(1, await ScalarAsync(database, "SELECT COUNT(*) FROM digest_messages"));
        Assert.Single(Directory.GetFiles(_dir, "*.eml", SearchOption.AllDirectories));
        // The kill cut polls short (their requests were aborted): those feeds were polled again by the others.
        Assert.True(_aborted > 0, "the killed worker's polls in flight were cut short");
        Assert.True(Volatile.Read(ref _served) >= Feeds, "the feeds the killed worker was polling were polled again");
        foreach (var (process, log) in _workers)
        {
            Assert.DoesNotContain("unexpected failure", log.ToString(), StringComparison.Ordinal);
        }
    }

    private int Hits() => Enumerable.Range(0, Feeds).Count(i => _server.Hits($"/feeds/{i}") > 0);

    private void Start(int worker)
    {
        var dir = Path.Combine(_dir, $"worker{worker}");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Worker.Dll(), "run", "--config", Path.Combine(dir, "config.json") },
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _workers.Add((process, log));
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        try
        {
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return -1; // not migrated yet
        }
    }
}
