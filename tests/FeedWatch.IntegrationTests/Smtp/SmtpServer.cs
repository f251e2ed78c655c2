using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MimeKit;

namespace FeedWatch.IntegrationTests.Smtp;

/// <summary>A message the SMTP server accepted: the envelope and the message as received.</summary>
public sealed record ReceivedMessage(string MailFrom, IReadOnlyList<string> RcptTos, MimeMessage Message, byte[] Raw);

/// <summary>
/// A real SMTP server (aiosmtpd, under Debian's /usr/bin/python3) on 127.0.0.1, saving what it accepts to a spool
/// folder. It stops with the test: disposed (killed), or when its standard input closes, or after ten minutes.
/// </summary>
public sealed class SmtpServer : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private Process? _process;

    private SmtpServer(int port, string spool)
    {
        Port = port;
        Spool = spool;
    }

    public int Port { get; }

    public string Spool { get; }

    /// <summary>A port nothing listens on now (for "the server is down"; start a server on it later).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<SmtpServer> StartAsync(string spool, int? port = null)
    {
        var server = new SmtpServer(port ?? FreePort(), spool);
        await server.StartProcessAsync();
        return server;
    }

    private async Task StartProcessAsync()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Smtp", "smtp_sink.py");
        if (!File.Exists(Python)) Assert.Fail($"{Python} is missing; the SMTP tests need Debian's python3 with python3-aiosmtpd (apt-get install -y python3-aiosmtpd).");
        var start = new ProcessStartInfo(Python)
        {
            ArgumentList = { script, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--spool", Spool, "--lifetime", "600" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start)!;
        var ready = _process.StandardOutput.ReadLineAsync();
        var stderr = _process.StandardError.ReadToEndAsync();
        if (await Task.WhenAny(ready, Task.Delay(TimeSpan.FromSeconds(20))) != ready || ready.Result?.StartsWith("READY", StringComparison.Ordinal) != true)
        {
            Stop();
            Assert.Fail($"the SMTP server did not start: {await stderr} (it needs Debian's python3-aiosmtpd: apt-get install -y python3-aiosmtpd)");
        }
    }

    /// <summary>From now on, DATA is answered 451 (try again later) and nothing is saved; false undoes it.</summary>
    public void Refuse(bool refuse)
    {
        var flag = Path.Combine(Spool, "refuse");
        if (refuse) File.WriteAllText(flag, "");
        else File.Delete(flag);
    }

    /// <summary>From now on, a message is saved and then the 250 reply held back this long (null: answer at once).</summary>
    public void HoldReplies(TimeSpan? hold)
    {
        var flag = Path.Combine(Spool, "hold");
        if (hold is { } h) File.WriteAllText(flag, h.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        else File.Delete(flag);
    }

    public IReadOnlyList<ReceivedMessage> Messages()
    {
        var list = new List<ReceivedMessage>();
        foreach (var eml in Directory.GetFiles(Spool, "*.eml").Order(StringComparer.Ordinal))
        {
            var envelope = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(eml, ".json"))).RootElement;
            var raw = File.ReadAllBytes(eml);
            list.Add(new ReceivedMessage(envelope.GetProperty("mail_from").GetString()!,
                [.. envelope.GetProperty("rcpt_tos").EnumerateArray().Select(e => e.GetString()!)],
                MimeMessage.Load(new MemoryStream(raw)), raw));
        }
        return list;
    }

    public async Task<IReadOnlyList<ReceivedMessage>> WaitForMessagesAsync(int count, TimeSpan limit)
    {
        await Worker.WaitUntilAsync(() => Task.FromResult(Directory.GetFiles(Spool, "*.eml").Length >= count), limit, $"the SMTP server has {count} messages");
        return Messages();
    }

    public void Stop()
    {
        if (_process is null) return;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();
}
