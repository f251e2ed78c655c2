using FeedWatch.Configuration;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace FeedWatch.Digest;

/// <summary>One connection to the SMTP server (MailKit): connected and authenticated once, then used for each message.</summary>
public sealed class SmtpDelivery : IAsyncDisposable
{
    private readonly SmtpClient _client;
    private readonly SmtpOptions _options;

    private SmtpDelivery(SmtpClient client, SmtpOptions options)
    {
        _client = client;
        _options = options;
    }

    public string Server => $"{_options.Host}:{_options.Port}";

    public static async Task<SmtpDelivery> ConnectAsync(SmtpOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        try
        {
            var security = options.Security switch
            {
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.None => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTls,
            };
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(options.Timeout);
            await client.ConnectAsync(options.Host ?? throw new InvalidOperationException("FeedWatch:Smtp:Host is not set"), options.Port, security, limit.Token).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(options.User))
            {
                await client.AuthenticateAsync(options.User, Password(options), limit.Token).ConfigureAwait(false);
            }
            return new SmtpDelivery(client, options);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends the recorded message as it is; returns the server's acceptance ("2.0.0 OK queued as …").</summary>
    public async Task<string> SendAsync(byte[] mime, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(mime, writable: false);
        var message = await MimeMessage.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
        if (message.To.Count == 0) throw new InvalidOperationException("the message has no recipient; set FeedWatch:Digest:To or FeedWatch:Digest:Recipients");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.Timeout);
        return await _client.SendAsync(message, limit.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(true, limit.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or ServiceNotConnectedException or OperationCanceledException or SmtpProtocolException)
        {
            // The messages are sent and marked; a failed goodbye changes nothing.
        }
        finally
        {
            _client.Dispose();
        }
    }

    /// <summary>The password from FeedWatch:Smtp:Password (the environment, best) or the file FeedWatch:Smtp:PasswordFile names; never logged.</summary>
    private static string Password(SmtpOptions options)
    {
        if (string.IsNullOrEmpty(options.PasswordFile)) return options.Password ?? string.Empty;
        try
        {
            return File.ReadAllText(options.PasswordFile).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot read FeedWatch:Smtp:PasswordFile {options.PasswordFile} ({e.GetType().Name}); mount the secret there or fix the path", e);
        }
    }
}
