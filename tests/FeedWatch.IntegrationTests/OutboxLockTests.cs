using System.Text;
using FeedWatch.Digest;
using FeedWatch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FeedWatch.IntegrationTests;

/// <summary>
/// One sender of the outbox among the processes sharing a store: a second process finds it taken and leaves the
/// messages to the first; the lock goes with its holder, however that ends.
/// </summary>
[Collection(UsesPostgres.Name)]
public sealed class OutboxLockTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset Recent = DateTimeOffset.UtcNow.AddHours(-1);
    private FeedServer _server = null!;
    private readonly string _dir = Worker.NewDataDirectory();

    public async Task InitializeAsync() => _server = await FeedServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory, BothStores]
    public async Task While_another_store_holds_the_outbox_lock_messages_wait_and_are_sent_once_it_is_released(StoreKind store)
    {
        _server.Map("/wire", ctx => FeedServer.Send(ctx, Encoding.UTF8.GetBytes(FeedServer.Rss("Wire", FeedServer.Meeting("a", Recent)))));
        await using var worker = await Worker.StartAsync(_dir, await Worker.OnStoreAsync(store, postgres, new { DataDirectory = _dir, Feeds = new[] { new { Name = "wire", Url = _server.Url("/wire").ToString(), FetchArticles = false } } }));
        await worker.PollAsync("wire");

        // Another process's store on the same database (its own file descriptor, or its own PostgreSQL session: the lock
        // is the operating system's or the server's, not this process's).
        await using var other = worker.OpenStore();
        var held = await other.Stories.TryLockOutboxAsync(CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await other.Stories.TryLockOutboxAsync(CancellationToken.None));

        var blocked = await worker.DigestAsync();
        Assert.NotNull(blocked.DigestId);
        Assert.Empty(blocked.Deliveries);
        Assert.False(Assert.Single(await worker.MessagesAsync()).Sent);

        await held!.DisposeAsync();
        var sent = await worker.Host.Services.GetRequiredService<OutboxSender>().SendPendingAsync(includeBackingOff: true, CancellationToken.None);
        Assert.True(Assert.Single(sent).Delivered);
        Assert.True(Assert.Single(await worker.MessagesAsync()).Sent);
        Assert.Single(Directory.GetFiles(worker.Settings.PickupDirectory, "*.eml"));
    }
}
