using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FeedWatch.Configuration;
using Microsoft.Extensions.Configuration;

namespace FeedWatch.Cli;

/// <summary>
/// <c>check-config [--config FILE]</c>: prints the configuration sources in order, the effective FeedWatch section
/// (secrets redacted), the feeds as they will be polled, and every warning and error. Exit code 0 when valid, 2 when not.
/// </summary>
internal static partial class CheckConfigCommand
{
    public const string Usage = "check-config [--config FILE]   print the effective configuration (secrets redacted) and what is wrong with it";

    internal const string Redacted = "***";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (!WorkerArgs.TryParse("check-config", args, stderr, out var parsed)) return 2;
        IConfigurationRoot configuration;
        try
        {
            configuration = ConfigurationLoader.Build(WorkerSetup.AppFolder, parsed.ConfigFile, reloadOnChange: false);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or FormatException)
        {
            stderr.WriteLine($"check-config: {e.Message}{(e.InnerException is { } inner ? " " + inner.Message : "")}");
            return 2;
        }
        var options = ConfigurationLoader.Bind(configuration);
        var settings = FeedWatchSettings.Resolve(options, WorkerSetup.AppFolder, Environment.CurrentDirectory);

        stdout.WriteLine("Sources, later ones win:");
        foreach (var provider in configuration.Providers) stdout.WriteLine($"  {Describe(provider)}");
        stdout.WriteLine();
        stdout.WriteLine("Effective configuration (secrets redacted):");
        stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { [FeedWatchOptions.SectionName] = Redact(options) }, Json));
        stdout.WriteLine();
        stdout.WriteLine($"Data directory: {settings.DataDirectory}");
        stdout.WriteLine($"Database:       {(options.Storage.Provider == StorageProvider.PostgreSql ? $"PostgreSQL, {Redact(options).Storage.ConnectionString}" : settings.DatabasePath)}");
        stdout.WriteLine($"Pickup folder:  {settings.PickupDirectory}");
        stdout.WriteLine();
        stdout.WriteLine($"Feeds ({settings.Feeds.Count(f => f.Enabled)} enabled of {settings.Feeds.Count}):");
        foreach (var f in settings.Feeds)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {(f.Enabled ? "on " : "off")} {f.Name}  {f.Url}  schedule {f.Schedule}  first-poll window {f.FirstPollWindow:c}"));
        }
        foreach (var w in settings.Warnings) stdout.WriteLine($"warning: {w}");
        if (settings.IsValid)
        {
            stdout.WriteLine("The configuration is valid.");
            return 0;
        }
        stderr.WriteLine($"The configuration has {settings.Errors.Count} {(settings.Errors.Count == 1 ? "error" : "errors")}:");
        foreach (var e in settings.Errors) stderr.WriteLine($"  {e}");
        return 2;
    }

    /// <summary>A copy of the options with every secret replaced; the password file's path is shown, never its content.</summary>
    internal static FeedWatchOptions Redact(FeedWatchOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new FeedWatchOptions
        {
            DataDirectory = o.DataDirectory,
            Feeds = o.Feeds,
            FeedsFile = o.FeedsFile,
            Polling = o.Polling,
            Articles = o.Articles,
            Digest = o.Digest,
            Telemetry = o.Telemetry,
            Cluster = o.Cluster,
            Smtp = new SmtpOptions
            {
                Host = o.Smtp.Host,
                Port = o.Smtp.Port,
                Security = o.Smtp.Security,
                User = o.Smtp.User,
                Password = string.IsNullOrEmpty(o.Smtp.Password) ? o.Smtp.Password : Redacted,
                PasswordFile = o.Smtp.PasswordFile,
                Timeout = o.Smtp.Timeout,
                RetryBackoff = o.Smtp.RetryBackoff,
                MaxBackoff = o.Smtp.MaxBackoff,
            },
            Stories = o.Stories,
            Storage = new StorageOptions
            {
                Provider = o.Storage.Provider,
                SqliteFile = o.Storage.SqliteFile,
                ConnectionString = o.Storage.ConnectionString is null ? null : PasswordInConnectionString().Replace(o.Storage.ConnectionString, "$1=" + Redacted),
                PasswordFile = o.Storage.PasswordFile,
            },
        };
    }

    private static string Describe(IConfigurationProvider provider) => provider switch
    {
        FileConfigurationProvider file => $"JSON file {Path.Combine(file.Source.FileProvider is Microsoft.Extensions.FileProviders.PhysicalFileProvider p ? p.Root : "", file.Source.Path ?? "")}{(file.Source.Optional ? " (optional)" : "")}",
        _ when provider.GetType().Name.Contains("Environment", StringComparison.Ordinal) => "environment variables (FeedWatch__Section__Key)",
        _ => provider.ToString() ?? provider.GetType().Name,
    };

    // A value may be quoted, and then hold a ';'.
    [GeneratedRegex("(password|pwd)\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^;]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordInConnectionString();
}
