using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FeedWatch.IntegrationTests;

/// <summary>
/// A throwaway PostgreSQL cluster for the tests: Debian's binaries (the newest under /usr/lib/postgresql), a
/// cluster made by initdb in a temporary folder, listening on 127.0.0.1 and a free port (its unix socket in
/// that folder too), trust authentication, superuser <c>postgres</c>; stopped and deleted on dispose. As root,
/// initdb and pg_ctl run as the user <c>postgres</c> (the server refuses to run as root).
/// </summary>
/// <remarks>
/// One server a test run: use it as the collection fixture of <see cref="UsesPostgres"/>
/// (<c>[Collection(UsesPostgres.Name)]</c> and a constructor taking <see cref="PostgresServer"/>), and give
/// each test a database of its own with <see cref="CreateDatabaseAsync"/>.
/// </remarks>
public sealed class PostgresServer : IAsyncLifetime, IAsyncDisposable
{
    private const string Root = "/usr/lib/postgresql";
    private const string Superuser = "postgres";
    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(90);
    private string? _folder;
    private string? _bin;
    private int _databases;

    /// <summary>An unstarted server (xunit makes fixtures this way); <see cref="StartAsync"/> makes a started one.</summary>
    public PostgresServer()
    {
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>The folder of the cluster's unix socket.</summary>
    public string SocketDirectory => Path.Combine(Folder, "socket");

    private string Folder => _folder ?? throw new InvalidOperationException("the PostgreSQL server is not started");

    private string DataDirectory => Path.Combine(Folder, "data");

    private static bool AsRoot => Environment.IsPrivilegedProcess;

    public static async Task<PostgresServer> StartAsync()
    {
        var server = new PostgresServer();
        try
        {
            await server.StartCoreAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>The connection string (Npgsql's form) of <paramref name="database"/> on this server, over TCP.</summary>
    public string ConnectionString(string database) =>
        string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Database={database};Username={Superuser}");

    /// <summary>Makes a fresh, empty database with a name of its own and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"feedwatch_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}");
        await RunAsync(Tool("createdb"), asPostgres: false,
            "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", Superuser, "-T", "template0", "-E", "UTF8", name);
        return ConnectionString(name);
    }

    async Task IAsyncLifetime.InitializeAsync() => await StartCoreAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        var folder = _folder;
        if (folder is null) return;
        _folder = null;
        try
        {
            if (File.Exists(Path.Combine(folder, "data", "postmaster.pid")))
                await RunAsync(Tool("pg_ctl"), AsRoot, "stop", "-D", Path.Combine(folder, "data"), "-m", "fast", "-w", "-t", "60");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task StartCoreAsync()
    {
        _bin = FindBinaries();
        _folder = Directory.CreateTempSubdirectory("feedwatch-pg-").FullName;
        Directory.CreateDirectory(SocketDirectory);
        if (AsRoot) await RunAsync("/usr/bin/chown", asPostgres: false, "-R", Superuser, Folder);

        await RunAsync(Tool("initdb"), AsRoot,
            "-D", DataDirectory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");

        Port = FreePort();
        // The settings appended to the cluster's own configuration: the last occurrence of a setting wins. A test
        // cluster needs no durability (fsync off) and several test stores each keep a pool of connections.
        var settings = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"port = {Port}")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{SocketDirectory}'")
            .AppendLine("max_connections = 300")
            .AppendLine("fsync = off")
            .AppendLine("synchronous_commit = off")
            .AppendLine("full_page_writes = off")
            .ToString();
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), settings);

        var log = Path.Combine(Folder, "server.log");
        try
        {
            await RunAsync(Tool("pg_ctl"), AsRoot, "start", "-D", DataDirectory, "-l", log, "-w", "-t", "60");
        }
        catch (InvalidOperationException e)
        {
            var text = File.Exists(log) ? await File.ReadAllTextAsync(log) : "(no log)";
            throw new InvalidOperationException($"{e.Message}\nserver log:\n{text}", e);
        }
    }

    /// <summary>The bin folder of the newest PostgreSQL installed the Debian way (/usr/lib/postgresql/VERSION/bin).</summary>
    private static string FindBinaries()
    {
        var newest = Directory.Exists(Root)
            ? Directory.GetDirectories(Root)
                .Select(d => (Dir: d, Version: double.TryParse(Path.GetFileName(d), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(d => d.Version >= 0 && File.Exists(Path.Combine(d.Dir, "bin", "initdb")) && File.Exists(Path.Combine(d.Dir, "bin", "pg_ctl")))
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Dir, "bin"))
                .FirstOrDefault()
            : null;
        return newest ?? throw new InvalidOperationException(
            $"PostgreSQL's server binaries are not installed (no {Root}/VERSION/bin/initdb): the PostgreSQL tests start a cluster of their own; install it with `apt-get install -y postgresql`.");
    }

    private string Tool(string name) => Path.Combine(_bin!, name);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a command (as the user postgres through runuser when asked), failing with its output when it fails.</summary>
    private async Task RunAsync(string file, bool asPostgres, params string[] args)
    {
        var start = new ProcessStartInfo(asPostgres ? "/usr/sbin/runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The user postgres may not be allowed into the caller's working directory.
            WorkingDirectory = _folder ?? Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var a in (string[])["-u", Superuser, "--", file]) start.ArgumentList.Add(a);
        }
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["LC_ALL"] = "C";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(CommandLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish within {CommandLimit.TotalSeconds:0} s");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{(asPostgres ? "runuser -u postgres -- " : "")}{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await stdout}{await stderr}");
        }
    }
}

/// <summary>The tests that share the one PostgreSQL server of a test run (each in a database of its own).</summary>
[CollectionDefinition(Name)]
public sealed class UsesPostgres : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
