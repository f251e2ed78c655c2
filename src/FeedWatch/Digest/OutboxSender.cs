using System.Net.Sockets;
using FeedWatch.Configuration;
using FeedWatch.Hosting;
using FeedWatch.Storage;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;

namespace FeedWatch.Digest;

/// <summary>What became of one message of the outbox in one attempt.</summary>
/// <param name="Delivery">The pickup file, or the SMTP server's acceptance; null when it failed.</param>
public sealed record DeliveryResult(long MessageId, string Recipient, int Stories, string? Delivery, string? Error)
{
    public bool Delivered => Error is null;
}

/// <summary>
/// Sends what the outbox holds, oldest first: over SMTP (MailKit), or as files in the pickup folder when no SMTP host
/// is set. A message is marked sent only after the server accepted it (or the files are in place); a failure is
/// recorded on the message with the next attempt, after a wait that doubles with each failure (Smtp:RetryBackoff up to
/// Smtp:MaxBackoff), and the message waits in the outbox: nothing is lost. A stop between the server's acceptance and
/// the mark sends the same bytes, with the same Message-ID, once more at the next run.
/// </summary>
public sealed class OutboxSender : IDisposable
{
    private readonly IStoryStore _store;
    private readonly FeedWatchSettings _settings;
    private readonly TimeProvider _clock;
    private readonly FeedWatchMetrics _metrics;
    private readonly ILogger<OutboxSender> _log;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public OutboxSender(IStoryStore store, FeedWatchSettings settings, TimeProvider clock, FeedWatchMetrics metrics, ILogger<OutboxSender> log)
    {
        _store = store;
        _settings = settings;
        _clock = clock;
        _metrics = metrics;
        _log = log;
    }

    public void Dispose() => _gate.Dispose();

    /// <param name="includeBackingOff">Also messages whose next attempt is not due (a run asked for by hand).</param>
    public async Task<IReadOnlyList<DeliveryResult>> SendPendingAsync(bool includeBackingOff, CancellationToken cancellationToken)
    {
        // One sender at a time in this process: the digest job and the retry job never send the same message twice at once.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // And one sender among the processes sharing the store: another instance holding the lock is sending
            // the outbox now (what it leaves unsent is tried at the next run). Read the outbox only under the lock.
            var held = await _store.TryLockOutboxAsync(cancellationToken).ConfigureAwait(false);
            if (held is null)
            {
                _log.LogDebug("Outbox: another FeedWatch process is sending it; this one leaves it to that one");
                return [];
            }
            await using var _ = held.ConfigureAwait(false);
            var due = await _store.GetUnsentMessagesAsync(_clock.GetUtcNow(), includeBackingOff, cancellationToken).ConfigureAwait(false);
            if (due.Count == 0) return [];
            var results = string.IsNullOrWhiteSpace(_settings.Options.Smtp.Host)
                ? await WritePickupAsync(due, cancellationToken).ConfigureAwait(false)
                : await SendSmtpAsync(due, cancellationToken).ConfigureAwait(false);
            foreach (var r in results) _metrics.Digest(r.Delivered);
            return results;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<List<DeliveryResult>> WritePickupAsync(IReadOnlyList<OutboxMessage> due, CancellationToken cancellationToken)
    {
        var writer = new PickupFolderWriter(_settings.PickupDirectory);
        var results = new List<DeliveryResult>();
        foreach (var m in due)
        {
            try
            {
                var path = await writer.WriteAsync(m.Id, m.Mime, m.Html, cancellationToken).ConfigureAwait(false);
                await _store.MarkMessageSentAsync(m.Id, "pickup:" + path, _clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("Digest message {Id} ({Stories} stories) written to {Path}", m.Id, m.Stories, path);
                results.Add(new DeliveryResult(m.Id, m.Recipient, m.Stories, path, null));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                results.Add(await FailAsync(m, $"cannot write to the pickup folder {_settings.PickupDirectory}: {e.Message}; check FeedWatch:DataDirectory and its permissions", cancellationToken).ConfigureAwait(false));
            }
        }
        return results;
    }

    private async Task<List<DeliveryResult>> SendSmtpAsync(IReadOnlyList<OutboxMessage> due, CancellationToken cancellationToken)
    {
        var smtp = _settings.Options.Smtp;
        var server = $"{smtp.Host}:{smtp.Port}";
        var results = new List<DeliveryResult>();
        SmtpDelivery? connection = null;
        try
        {
            for (var i = 0; i < due.Count; i++)
            {
                var m = due[i];
                try
                {
                    connection ??= await SmtpDelivery.ConnectAsync(smtp, cancellationToken).ConfigureAwait(false);
                    var response = await connection.SendAsync(m.Mime, cancellationToken).ConfigureAwait(false);
                    // Accepted: from here a stop before the mark means one resend of these same bytes at the next run.
                    await _store.MarkMessageSentAsync(m.Id, $"smtp {server}: {response}", _clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                    if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("Digest message {Id} ({Stories} stories) accepted by {Server} for {Recipient}", m.Id, m.Stories, server, m.Recipient);
                    results.Add(new DeliveryResult(m.Id, m.Recipient, m.Stories, $"smtp {server}", null));
                }
                catch (SmtpCommandException e)
                {
                    // The server answered, and refused this message (a recipient, the size, a policy): the others may pass.
                    results.Add(await FailAsync(m, $"the SMTP server {server} refused the message: {(int)e.StatusCode} {e.Message}", cancellationToken).ConfigureAwait(false));
                }
                catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
                {
                    // The server cannot be reached or talked to: every message waits for the next attempt.
                    var error = Describe(e, server);
                    if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
                    connection = null;
                    for (var j = i; j < due.Count; j++) results.Add(await FailAsync(due[j], error, cancellationToken).ConfigureAwait(false));
                    break;
                }
            }
        }
        finally
        {
            if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
        }
        return results;
    }

    private async Task<DeliveryResult> FailAsync(OutboxMessage m, string error, CancellationToken cancellationToken)
    {
        var smtp = _settings.Options.Smtp;
        var backoff = TimeSpan.FromTicks((long)Math.Min(smtp.MaxBackoff.Ticks, smtp.RetryBackoff.Ticks * Math.Pow(2, Math.Min(m.Attempts, 30))));
        var next = _clock.GetUtcNow() + backoff;
        await _store.RecordSendFailureAsync(m.Id, error, next, cancellationToken).ConfigureAwait(false);
        if (_log.IsEnabled(LogLevel.Warning)) _log.LogWarning("Digest message {Id} for {Recipient} not delivered ({Attempts} attempts): {Error}; it stays in the outbox, next attempt after {Next:u}", m.Id, m.Recipient, m.Attempts + 1, error, next);
        return new DeliveryResult(m.Id, m.Recipient, m.Stories, null, error);
    }

    private static bool IsConnectionFailure(Exception e, CancellationToken cancellationToken) =>
        e is SocketException or IOException or SmtpProtocolException or AuthenticationException or SslHandshakeException
            or ServiceNotConnectedException or ServiceNotAuthenticatedException or InvalidOperationException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static string Describe(Exception e, string server) => e switch
    {
        SocketException s => $"cannot connect to the SMTP server {server} ({s.SocketErrorCode}: {s.Message}); check FeedWatch:Smtp:Host and Port, and that the server is up",
        AuthenticationException => $"the SMTP server {server} did not accept the login; check FeedWatch:Smtp:User and the password (FeedWatch__Smtp__Password or Smtp:PasswordFile)",
        SslHandshakeException => $"TLS with the SMTP server {server} failed ({e.Message}); check FeedWatch:Smtp:Security (StartTls on 587, SslOnConnect on 465) and the server's certificate",
        OperationCanceledException => $"the SMTP server {server} did not answer within FeedWatch:Smtp:Timeout",
        InvalidOperationException => $"{e.Message} (SMTP server {server})",
        _ => $"sending to the SMTP server {server} failed ({e.GetType().Name}: {e.Message})",
    };
}
