using System.Diagnostics;
using FeedWatch.Cli;
using FeedWatch.IntegrationTests.Smtp;
using MimeKit;

namespace FeedWatch.IntegrationTests;

/// <summary>
/// The digest sent to a real SMTP server (aiosmtpd on 127.0.0.1): the message as it arrives, recipients and their
/// watchlists, a server that refuses or is down, a process stopped in the middle of sending.
/// </summary>
public sealed class SmtpTests : IDisposable
{
    private static readonly string[] Analyst = ["analyst@example.org"];
    private static readonly string[] SeedLeaders = ["Vladimir Putin", "Donald Trump", "Barack Obama", "John Kerry", "Sergei Lavrov"];
    private readonly string _dir = Worker.NewDataDirectory();
    private readonly List<SmtpServer> _servers = [];

    public void Dispose()
    {
        foreach (var s in _servers) s.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<SmtpServer> ServerAsync(int? port = null)
    {
        var server = await SmtpServer.StartAsync(Path.Combine(_dir, "spool-" + _servers.Count), port);
        _servers.Add(server);
        return server;
    }

    /// <summary>The configuration of the outside-check contract, on the embedded defaults (the demo feed).</summary>
    private object Contract(int port, object? digest = null, object? smtp = null) => new
    {
        DataDirectory = _dir,
        Smtp = smtp ?? new { Host = "127.0.0.1", Port = port, Security = "None" },
        Digest = digest ?? new { From = "feedwatch@example.org", To = Analyst },
    };

    private (int Code, string Stdout, string Stderr) Once(object section)
    {
        var config = Worker.WriteConfig(_dir, section);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = OnceCommand.Run(["--config", config], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Once_with_the_contract_configuration_sends_the_demo_digest_as_one_multipart_alternative_message()
    {
        var server = await ServerAsync();

        var (code, stdout, stderr) = Once(Contract(server.Port));
        var again = Once(Contract(server.Port));

        Assert.True(code == 0, stderr);
        Assert.Contains("digest to analyst@example.org via smtp 127.0.0.1:" + server.Port + " (5 stories)", stdout, StringComparison.Ordinal);
        Assert.Contains("no digest (nothing new)", again.Stdout, StringComparison.Ordinal);
        var received = Assert.Single(server.Messages());
        Assert.Equal(("feedwatch@example.org", "analyst@example.org"), (received.MailFrom, Assert.Single(received.RcptTos)));
        var m = received.Message;
        Assert.Equal("feedwatch@example.org", Assert.Single(m.From.Mailboxes).Address);
        Assert.Equal("analyst@example.org", Assert.Single(m.To.Mailboxes).Address);
        Assert.StartsWith("FeedWatch: 5 meetings: Putin-Trump ", m.Subject, StringComparison.Ordinal);
        Assert.Contains("Putin-Trump contested", m.Subject, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(m.MessageId));
        Assert.Equal("1.0", m.Headers[HeaderId.MimeVersion]);
        Assert.Equal("auto-generated", m.Headers["Auto-Submitted"]);
        Assert.True(DateTimeOffset.UtcNow - m.Date < TimeSpan.FromMinutes(10));
        var body = Assert.IsType<MultipartAlternative>(m.Body);
        Assert.Equal(["text/plain", "text/html"], body.Select(p => p.ContentType.MimeType));
        foreach (var leader in SeedLeaders)
        {
            Assert.Contains(leader, m.TextBody, StringComparison.Ordinal);
            Assert.Contains(leader, m.HtmlBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Recipients_get_only_the_stories_on_their_watchlist_and_only_their_own_address()
    {
        var server = await ServerAsync();
        var digest = new
        {
            From = "feedwatch@example.org",
            Recipients = new object[]
            {
                new { Address = "kerry-desk@example.org", Name = "Kerry desk", Watchlist = new[] { "Kerry" } },
                new { Address = "disputes@example.org", Statuses = new[] { "contested" } },
                new { Address = "china-desk@example.org", Watchlist = new[] { "China" }, Heartbeat = true },
                new { Address = "asean-desk@example.org", Watchlist = new[] { "Indonesia" } },
            },
        };

        var (code, _, stderr) = Once(Contract(server.Port, digest));

        Assert.True(code == 0, stderr);
        var byRecipient = server.Messages().ToDictionary(r => Assert.Single(r.RcptTos), r => r.Message);
        Assert.Equal(["china-desk@example.org", "disputes@example.org", "kerry-desk@example.org"], byRecipient.Keys.Order(StringComparer.Ordinal));
        foreach (var (address, message) in byRecipient) Assert.Equal(address, Assert.Single(message.To.Mailboxes).Address);

        var kerry = byRecipient["kerry-desk@example.org"];
        Assert.Equal("FeedWatch: 1 meeting: Kerry-Lavrov possible", kerry.Subject);
        Assert.DoesNotContain("Putin", kerry.TextBody, StringComparison.Ordinal);
        var disputes = byRecipient["disputes@example.org"];
        Assert.StartsWith("FeedWatch: 2 meetings: ", disputes.Subject, StringComparison.Ordinal);
        Assert.Contains("Putin-Obama contested", disputes.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("Kerry", disputes.TextBody, StringComparison.Ordinal);
        Assert.Equal("FeedWatch: nothing new", byRecipient["china-desk@example.org"].Subject);
    }

    [Fact]
    public async Task A_digest_that_the_server_refuses_is_retried_and_its_stories_stay_pending()
    {
        var server = await ServerAsync();
        server.Refuse(true);

        var refused = Once(Contract(server.Port, smtp: new { Host = "127.0.0.1", Port = server.Port, Security = "None", RetryBackoff = "00:00:01", MaxBackoff = "00:00:02" }));
        await using var worker = await Worker.StartAsync(_dir, new
        {
            DataDirectory = _dir,
            Feeds = Array.Empty<object>(),
            Smtp = new { Host = "127.0.0.1", Port = server.Port, Security = "None", RetryBackoff = "00:00:01", MaxBackoff = "00:00:02" },
            Digest = new { From = "feedwatch@example.org", To = Analyst, Cron = "0 0 0 1 1 ? 2099" },
        });
        var pending = Assert.Single(await worker.MessagesAsync());

        Assert.Equal(1, refused.Code);
        Assert.Contains("refused the message: 451", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("stays in the outbox", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal((false, 1, 5), (pending.Sent, pending.Attempts, pending.Stories));
        Assert.Contains("451", pending.LastError, StringComparison.Ordinal);
        Assert.Empty(server.Messages());

        // The server takes mail again: the worker's outbox job sends the same message when its backoff is over.
        server.Refuse(false);
        await worker.DisposeAsync();
        await using var running = await Worker.StartAsync(_dir, new
        {
            DataDirectory = _dir,
            Feeds = Array.Empty<object>(),
            Smtp = new { Host = "127.0.0.1", Port = server.Port, Security = "None", RetryBackoff = "00:00:01", MaxBackoff = "00:00:02" },
            Digest = new { From = "feedwatch@example.org", To = Analyst, Cron = "0 0 0 1 1 ? 2099" },
        }, scheduler: true);
        var received = Assert.Single(await server.WaitForMessagesAsync(1, TimeSpan.FromSeconds(30)));
        await Worker.WaitUntilAsync(async () => (await running.MessagesAsync()).All(m => m.Sent), TimeSpan.FromSeconds(10), "the message is marked sent");

        Assert.Equal(pending.MessageId, received.Message.MessageId);
        foreach (var leader in SeedLeaders) Assert.Contains(leader, received.Message.TextBody, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single(await running.MessagesAsync()).Attempts);
    }

    [Fact]
    public async Task A_server_that_is_down_loses_nothing_and_the_digest_goes_out_once_it_is_back()
    {
        var port = SmtpServer.FreePort();

        var down = Once(Contract(port));
        var server = await ServerAsync(port);
        var back = Once(Contract(port));
        var after = Once(Contract(port));

        Assert.Equal(1, down.Code);
        Assert.Contains($"cannot connect to the SMTP server 127.0.0.1:{port}", down.Stderr, StringComparison.Ordinal);
        Assert.True(back.Code == 0, back.Stderr);
        Assert.Contains("(5 stories)", back.Stdout, StringComparison.Ordinal);
        Assert.Contains("no digest (nothing new)", after.Stdout, StringComparison.Ordinal);
        Assert.Single(server.Messages());
    }

    [Fact]
    public async Task A_process_stopped_mid_send_loses_nothing_and_sends_at_most_one_duplicate_with_the_same_Message_ID()
    {
        var server = await ServerAsync();
        // The server saves the message and holds its "250 accepted" back: the process is stopped in that window,
        // after the server has the message and before FeedWatch can mark it sent.
        server.HoldReplies(TimeSpan.FromSeconds(60));
        var config = Worker.WriteConfig(_dir, Contract(server.Port));
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Worker.Dll(), "once", "--config", config },
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using (var child = Process.Start(start)!)
        {
            try
            {
                await server.WaitForMessagesAsync(1, TimeSpan.FromSeconds(60));
            }
            finally
            {
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync();
            }
        }
        server.HoldReplies(null);

        var resumed = Once(Contract(server.Port));
        var after = Once(Contract(server.Port));

        Assert.True(resumed.Code == 0, resumed.Stderr);
        Assert.Contains("(5 stories)", resumed.Stdout, StringComparison.Ordinal);
        Assert.Contains("no digest (nothing new)", after.Stdout, StringComparison.Ordinal);
        var received = server.Messages();
        Assert.Equal(2, received.Count);
        Assert.Equal(received[0].Message.MessageId, received[1].Message.MessageId);
        Assert.Equal(received[0].Raw, received[1].Raw);
        foreach (var leader in SeedLeaders) Assert.Contains(leader, received[1].Message.TextBody, StringComparison.Ordinal);
    }
}
