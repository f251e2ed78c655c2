using System.Globalization;
using FeedWatch.Digest;
using FeedWatch.Stories;
using MimeKit;
using Quartz;

namespace FeedWatch.Configuration;

/// <summary>
/// The configuration checked and resolved: absolute paths, parsed schedules, the feed list merged from
/// <c>Feeds</c> and <c>FeedsFile</c>. Every problem is collected with the key it concerns and the fix, so
/// one start reports all of them instead of the first.
/// </summary>
public sealed class FeedWatchSettings
{
    private FeedWatchSettings(FeedWatchOptions options, string appFolder)
    {
        Options = options;
        AppFolder = appFolder;
    }

    public FeedWatchOptions Options { get; }

    /// <summary>The application folder: where appsettings.json is, and the base of relative <c>file:</c> URLs and FeedsFile.</summary>
    public string AppFolder { get; }

    public string DataDirectory { get; private set; } = string.Empty;

    public string DatabasePath { get; private set; } = string.Empty;

    public string PickupDirectory { get; private set; } = string.Empty;

    public TimeZoneInfo DigestTimeZone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>The digest templates, loaded and parsed at start (built-in, or from Digest:TemplateDirectory).</summary>
    public DigestRenderer DigestRenderer { get; private set; } = DigestRenderer.BuiltIn;

    /// <summary>Every configured feed, enabled or not, in configuration order (Feeds, then FeedsFile).</summary>
    public IReadOnlyList<FeedDefinition> Feeds { get; private set; } = [];

    public IEnumerable<FeedDefinition> EnabledFeeds => Feeds.Where(f => f.Enabled);

    /// <summary>Problems that stop the worker: each names the key and the fix.</summary>
    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>Things worth knowing that do not stop it.</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    public bool IsValid => Errors.Count == 0;

    /// <summary>Checks and resolves <paramref name="options"/>; relative DataDirectory against <paramref name="workingDirectory"/>.</summary>
    public static FeedWatchSettings Resolve(FeedWatchOptions options, string appFolder, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var s = new FeedWatchSettings(options, appFolder);
        var errors = new List<string>(options.LoadErrors);
        var warnings = new List<string>();
        const string root = FeedWatchOptions.SectionName;

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add($"{root}:DataDirectory is empty; set a folder for the state, e.g. \"data\" (or /data in the container).");
        }
        else
        {
            s.DataDirectory = Path.GetFullPath(options.DataDirectory, workingDirectory);
        }

        CheckPolling(options.Polling, errors);
        CheckArticles(options.Articles, errors);
        CheckTelemetry(options.Telemetry, errors);
        CheckCluster(options.Cluster, errors);
        CheckDigest(options.Digest, appFolder, errors, warnings, s);
        CheckSmtp(options.Smtp, options.Digest, errors);
        CheckStories(options.Stories, errors);
        CheckStorage(options.Storage, errors, warnings);
        if (s.DataDirectory.Length > 0)
        {
            if (!string.IsNullOrWhiteSpace(options.Storage.SqliteFile)) s.DatabasePath = Path.GetFullPath(options.Storage.SqliteFile, s.DataDirectory);
            if (!string.IsNullOrWhiteSpace(options.Digest.PickupDirectory)) s.PickupDirectory = Path.GetFullPath(options.Digest.PickupDirectory, s.DataDirectory);
        }
        s.Feeds = ResolveFeeds(options, appFolder, errors, warnings);
        if (!s.Feeds.Any(f => f.Enabled))
        {
            warnings.Add($"{root}:Feeds lists no enabled feed: nothing will be polled. Add one under {root}:Feeds or point {root}:FeedsFile at an OPML file.");
        }
        s.Errors = errors;
        s.Warnings = warnings;
        return s;
    }

    private static void CheckPolling(PollingOptions p, List<string> errors)
    {
        const string k = FeedWatchOptions.SectionName + ":Polling";
        if (p.DefaultInterval < FeedSchedule.MinimumInterval) errors.Add($"{k}:DefaultInterval is {p.DefaultInterval:c}; set an interval of at least one second, e.g. \"00:15:00\".");
        if (p.Timeout <= TimeSpan.Zero || p.Timeout > TimeSpan.FromMinutes(10)) errors.Add($"{k}:Timeout is {p.Timeout:c}; set a time span between 00:00:01 and 00:10:00, e.g. \"00:00:30\".");
        if (p.MaxFeedBytes < 1024 || p.MaxFeedBytes > 1L << 30) errors.Add($"{k}:MaxFeedBytes is {p.MaxFeedBytes}; set a size in bytes between 1024 and 1073741824, e.g. 10485760 (10 MB).");
        if (p.MaxItemsPerFeed < 1 || p.MaxItemsPerFeed > 100_000) errors.Add($"{k}:MaxItemsPerFeed is {p.MaxItemsPerFeed}; set a count between 1 and 100000, e.g. 1000.");
        if (p.MaxRedirects < 0 || p.MaxRedirects > 20) errors.Add($"{k}:MaxRedirects is {p.MaxRedirects}; set a count between 0 and 20, e.g. 5.");
        if (string.IsNullOrWhiteSpace(p.UserAgent) || p.UserAgent.AsSpan().IndexOfAny('\r', '\n') >= 0) errors.Add($"{k}:UserAgent must be one non-empty line, e.g. \"FeedWatch/1.0\".");
        if (p.PerHostConcurrency < 1 || p.PerHostConcurrency > 64) errors.Add($"{k}:PerHostConcurrency is {p.PerHostConcurrency}; set a count between 1 and 64, e.g. 2.");
        if (p.MaxConcurrentFeeds < 1 || p.MaxConcurrentFeeds > 256) errors.Add($"{k}:MaxConcurrentFeeds is {p.MaxConcurrentFeeds}; set a count between 1 and 256, e.g. 16.");
        if (p.Jitter < TimeSpan.Zero) errors.Add($"{k}:Jitter is negative; set a time span such as \"00:01:00\", or \"00:00:00\" for none.");
        if (p.FirstPollWindow < TimeSpan.Zero) errors.Add($"{k}:FirstPollWindow is negative; set a time span such as \"2.00:00:00\" (two days).");
        if (p.RetryBackoff <= TimeSpan.Zero) errors.Add($"{k}:RetryBackoff must be positive, e.g. \"00:05:00\".");
        if (p.MaxBackoff < p.RetryBackoff) errors.Add($"{k}:MaxBackoff ({p.MaxBackoff:c}) is shorter than {k}:RetryBackoff ({p.RetryBackoff:c}); set it longer, e.g. \"12:00:00\".");
    }

    private static void CheckCluster(ClusterOptions c, List<string> errors)
    {
        const string k = FeedWatchOptions.SectionName + ":Cluster";
        if (c.CheckinInterval < TimeSpan.FromMilliseconds(500) || c.CheckinInterval > TimeSpan.FromMinutes(10)) errors.Add($"{k}:CheckinInterval is {c.CheckinInterval:c}; set a time span between 00:00:00.5 and 00:10:00, e.g. \"00:00:15\".");
        if (c.CheckinMisfireThreshold < TimeSpan.FromMilliseconds(500) || c.CheckinMisfireThreshold > TimeSpan.FromMinutes(30)) errors.Add($"{k}:CheckinMisfireThreshold is {c.CheckinMisfireThreshold:c}; set a time span between 00:00:00.5 and 00:30:00, e.g. \"00:00:30\".");
    }

    private static void CheckTelemetry(TelemetryOptions t, List<string> errors)
    {
        const string k = FeedWatchOptions.SectionName + ":Telemetry";
        if (!string.IsNullOrWhiteSpace(t.OtlpEndpoint) && (!Uri.TryCreate(t.OtlpEndpoint, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")))
        {
            errors.Add($"{k}:OtlpEndpoint \"{t.OtlpEndpoint}\" is not an http(s) address; write the collector's, e.g. \"http://otel-collector:4318\".");
        }
        if (t.OtlpProtocol is not ("grpc" or "http/protobuf")) errors.Add($"{k}:OtlpProtocol \"{t.OtlpProtocol}\" must be \"grpc\" or \"http/protobuf\".");
    }

    private static void CheckArticles(ArticlesOptions a, List<string> errors)
    {
        const string k = FeedWatchOptions.SectionName + ":Articles";
        if (a.Timeout <= TimeSpan.Zero || a.Timeout > TimeSpan.FromMinutes(10)) errors.Add($"{k}:Timeout is {a.Timeout:c}; set a time span between 00:00:01 and 00:10:00, e.g. \"00:00:20\".");
        if (a.MaxPageBytes < 1024 || a.MaxPageBytes > 64 * 1024 * 1024) errors.Add($"{k}:MaxPageBytes is {a.MaxPageBytes}; set a size in bytes between 1024 and 67108864, e.g. 8388608 (8 MB).");
        if (a.MaxPagesPerPoll < 0 || a.MaxPagesPerPoll > 10_000) errors.Add($"{k}:MaxPagesPerPoll is {a.MaxPagesPerPoll}; set a count between 0 and 10000, e.g. 50.");
    }

    /// <summary>Reads a feed's AllowPrivateNetworks: CIDR networks or single addresses.</summary>
    private static List<System.Net.IPNetwork>? ParseNetworks(IList<string>? entries, string key, List<string> errors)
    {
        var networks = new List<System.Net.IPNetwork>();
        for (var i = 0; i < (entries?.Count ?? 0); i++)
        {
            var text = entries![i].Trim();
            if (System.Net.IPNetwork.TryParse(text, out var network)) networks.Add(network);
            else if (System.Net.IPAddress.TryParse(text, out var address)) networks.Add(new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            else
            {
                errors.Add($"{key}:AllowPrivateNetworks:{i} \"{text}\" is not a network or an address; write e.g. \"10.20.0.0/16\" or \"127.0.0.1\".");
                return null;
            }
        }
        return networks;
    }

    private static void CheckDigest(DigestOptions d, string appFolder, List<string> errors, List<string> warnings, FeedWatchSettings s)
    {
        const string k = FeedWatchOptions.SectionName + ":Digest";
        if (string.IsNullOrWhiteSpace(d.Cron) || !CronExpression.TryParse(d.Cron, out _))
        {
            errors.Add($"{k}:Cron \"{d.Cron}\" is not a Quartz cron expression; write six or seven fields, seconds first, e.g. \"0 0 7 * * ?\" for 07:00 daily.");
        }
        try
        {
            s.DigestTimeZone = TimeZoneInfo.FindSystemTimeZoneById(d.TimeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            errors.Add($"{k}:TimeZone \"{d.TimeZone}\" is not a known time zone; use an IANA id such as \"Europe/Berlin\" or \"UTC\".");
        }
        if (!MailboxAddress.TryParse(d.From, out _) || HasLineBreak(d.From)) errors.Add($"{k}:From \"{d.From}\" is not an email address; write one such as \"feedwatch@example.org\".");
        var addresses = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < d.To.Count; i++)
        {
            if (!IsAddress(d.To[i])) errors.Add($"{k}:To:{i} \"{d.To[i]}\" is not an email address; write one such as \"analyst@example.org\".");
            else if (!addresses.Add(MailboxAddress.Parse(d.To[i].Trim()).Address)) errors.Add($"{k}:To:{i} \"{d.To[i]}\" is listed twice; each address gets one message.");
        }
        for (var i = 0; i < d.Recipients.Count; i++)
        {
            var r = d.Recipients[i];
            var key = $"{k}:Recipients[{i}]";
            if (!IsAddress(r.Address)) errors.Add($"{key}:Address \"{r.Address}\" is not an email address; write one such as \"desk@example.org\".");
            else if (!addresses.Add(MailboxAddress.Parse(r.Address!.Trim()).Address)) errors.Add($"{key}:Address \"{r.Address}\" is also listed in {k}:To or another recipient; each address gets one message: keep one entry.");
            if (r.Name is not null && HasLineBreak(r.Name)) errors.Add($"{key}:Name must be one line.");
            for (var j = 0; j < r.Watchlist.Count; j++)
            {
                var entry = r.Watchlist[j];
                if (string.IsNullOrWhiteSpace(entry) || HasLineBreak(entry))
                {
                    errors.Add($"{key}:Watchlist[{j}] is empty; write a leader (\"Vladimir Putin\", \"Putin\") or a country (\"Russia\"), or remove the entry.");
                }
                else if (WorldKnowledge.LeadersNamed(entry).Count == 0 && WorldKnowledge.CountryNamed(entry) is null)
                {
                    warnings.Add($"{key}:Watchlist[{j}] \"{entry}\" is neither a leader nor a country FeedWatch knows; it matches only a participant named exactly so. Check the spelling (\"Vladimir Putin\", \"Putin\", \"Russia\").");
                }
            }
            for (var j = 0; j < r.Statuses.Count; j++)
            {
                if (!StatusNames.TryParse(r.Statuses[j], out _)) errors.Add($"{key}:Statuses[{j}] \"{r.Statuses[j]}\" is not a story status; use planned, possible, denied, cancelled, held or contested.");
            }
        }
        if (string.IsNullOrWhiteSpace(d.Subject) || HasLineBreak(d.Subject)) errors.Add($"{k}:Subject must be one non-empty line, e.g. \"FeedWatch\".");
        if (string.IsNullOrWhiteSpace(d.PickupDirectory)) errors.Add($"{k}:PickupDirectory is empty; set a folder, e.g. \"pickup\" (relative to DataDirectory).");
        if (d.MaxQuoteChars is < 40 or > 100_000) errors.Add($"{k}:MaxQuoteChars is {d.MaxQuoteChars}; set a length between 40 and 100000, e.g. 400.");
        if (d.MaxClaimsPerStory is < 1 or > 1000) errors.Add($"{k}:MaxClaimsPerStory is {d.MaxClaimsPerStory}; set a count between 1 and 1000, e.g. 10.");
        if (d.FeedFailingAfter < TimeSpan.Zero) errors.Add($"{k}:FeedFailingAfter is negative; set a time span such as \"1.00:00:00\" (a day).");
        if (d.FeedSilentAfter < TimeSpan.Zero) errors.Add($"{k}:FeedSilentAfter is negative; set a time span such as \"7.00:00:00\" (a week).");
        if (!string.IsNullOrWhiteSpace(d.TemplateDirectory))
        {
            var folder = Path.GetFullPath(d.TemplateDirectory, appFolder);
            if (!Directory.Exists(folder))
            {
                errors.Add($"{k}:TemplateDirectory \"{folder}\" does not exist; create it with {DigestRenderer.HtmlTemplate} and/or {DigestRenderer.TextTemplate} (copies of the built-in ones to start from), or remove the setting.");
            }
            else
            {
                try
                {
                    s.DigestRenderer = DigestRenderer.Load(folder);
                }
                catch (DigestTemplateException e)
                {
                    errors.Add($"{k}:TemplateDirectory: {e.Message}");
                }
            }
        }
    }

    private static bool IsAddress(string? text) =>
        !string.IsNullOrWhiteSpace(text) && !HasLineBreak(text) && MailboxAddress.TryParse(text.Trim(), out var m) && m.Address.Contains('@', StringComparison.Ordinal);

    private static bool HasLineBreak(string text) => text.AsSpan().IndexOfAny('\r', '\n') >= 0;

    private static void CheckSmtp(SmtpOptions m, DigestOptions d, List<string> errors)
    {
        const string k = FeedWatchOptions.SectionName + ":Smtp";
        if (m.Port is < 1 or > 65535) errors.Add($"{k}:Port is {m.Port}; set a TCP port, e.g. 587 (StartTls) or 465 (SslOnConnect).");
        if (!Enum.IsDefined(m.Security)) errors.Add($"{k}:Security must be StartTls, SslOnConnect or None.");
        if (!string.IsNullOrEmpty(m.Password) && !string.IsNullOrEmpty(m.PasswordFile)) errors.Add($"{k}:Password and {k}:PasswordFile are both set; keep one (PasswordFile for a Docker or Kubernetes secret).");
        if (!string.IsNullOrEmpty(m.PasswordFile) && !File.Exists(m.PasswordFile)) errors.Add($"{k}:PasswordFile \"{m.PasswordFile}\" does not exist; mount the secret there or fix the path.");
        if (m.Timeout <= TimeSpan.Zero || m.Timeout > TimeSpan.FromMinutes(10)) errors.Add($"{k}:Timeout is {m.Timeout:c}; set a time span between 00:00:01 and 00:10:00, e.g. \"00:01:00\".");
        if (m.RetryBackoff <= TimeSpan.Zero) errors.Add($"{k}:RetryBackoff must be positive, e.g. \"00:02:00\".");
        if (m.MaxBackoff < m.RetryBackoff) errors.Add($"{k}:MaxBackoff ({m.MaxBackoff:c}) is shorter than {k}:RetryBackoff ({m.RetryBackoff:c}); set it longer, e.g. \"02:00:00\".");
        if (!string.IsNullOrWhiteSpace(m.Host))
        {
            if (HasLineBreak(m.Host)) errors.Add($"{k}:Host must be one line, a host name or address.");
            if (d.To.Count == 0 && d.Recipients.Count == 0)
            {
                errors.Add($"{k}:Host is set but no one gets the digest; add addresses to {FeedWatchOptions.SectionName}:Digest:To or {FeedWatchOptions.SectionName}:Digest:Recipients (or remove the host to write the pickup folder).");
            }
        }
    }

    private static void CheckStories(StoriesOptions st, List<string> errors)
    {
        const string k = FeedWatchOptions.SectionName + ":Stories";
        if (st.MatchWindow < TimeSpan.Zero || st.MatchWindow > TimeSpan.FromDays(366)) errors.Add($"{k}:MatchWindow is {st.MatchWindow:c}; set a time span between 00:00:00 and 366.00:00:00, e.g. \"14.00:00:00\".");
        if (double.IsNaN(st.DuplicateSimilarity) || st.DuplicateSimilarity <= 0 || st.DuplicateSimilarity > 1) errors.Add($"{k}:DuplicateSimilarity is {st.DuplicateSimilarity.ToString(CultureInfo.InvariantCulture)}; set a share between 0.01 and 1, e.g. 0.7.");
    }

    private static void CheckStorage(StorageOptions st, List<string> errors, List<string> warnings)
    {
        const string k = FeedWatchOptions.SectionName + ":Storage";
        const string example = "\"Host=db;Database=feedwatch;Username=feedwatch\"";
        switch (st.Provider)
        {
            case StorageProvider.Sqlite:
                if (string.IsNullOrWhiteSpace(st.SqliteFile)) errors.Add($"{k}:SqliteFile is empty; set a file name, e.g. \"feedwatch.db\" (relative to DataDirectory).");
                if (!string.IsNullOrWhiteSpace(st.ConnectionString) || !string.IsNullOrWhiteSpace(st.PasswordFile))
                {
                    warnings.Add($"{k}:ConnectionString and {k}:PasswordFile are for Provider PostgreSql; with Provider Sqlite they are not used (set {k}:Provider to PostgreSql to use them).");
                }
                break;
            case StorageProvider.PostgreSql:
                if (string.IsNullOrWhiteSpace(st.ConnectionString))
                {
                    errors.Add($"{k}:ConnectionString is empty; Provider PostgreSql needs one, e.g. {example} (the password in {k}:PasswordFile).");
                    break;
                }
                Npgsql.NpgsqlConnectionStringBuilder builder;
                try
                {
                    builder = new Npgsql.NpgsqlConnectionStringBuilder(st.ConnectionString);
                }
                catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
                {
                    // The message names the keyword, never the value: the string may hold a password.
                    errors.Add($"{k}:ConnectionString is not a PostgreSQL connection string ({e.Message}); write key=value pairs, e.g. {example}.");
                    break;
                }
                if (string.IsNullOrWhiteSpace(builder.Host)) errors.Add($"{k}:ConnectionString names no Host; add the server, e.g. {example}.");
                if (!string.IsNullOrEmpty(st.PasswordFile))
                {
                    if (!string.IsNullOrEmpty(builder.Password)) errors.Add($"{k}:ConnectionString has a Password and {k}:PasswordFile is set; keep one (PasswordFile for a Docker or Kubernetes secret).");
                    if (!File.Exists(st.PasswordFile)) errors.Add($"{k}:PasswordFile \"{st.PasswordFile}\" does not exist; mount the secret there or fix the path.");
                }
                break;
            default:
                errors.Add($"{k}:Provider must be \"Sqlite\" or \"PostgreSql\".");
                break;
        }
    }

    private static List<FeedDefinition> ResolveFeeds(FeedWatchOptions o, string appFolder, List<string> errors, List<string> warnings)
    {
        var feeds = new List<FeedDefinition>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var urls = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < o.Feeds.Count; i++)
        {
            var key = $"{FeedWatchOptions.SectionName}:Feeds:{i}";
            var f = o.Feeds[i];
            var name = f.Name?.Trim();
            if (string.IsNullOrEmpty(name))
            {
                errors.Add($"{key}:Name is missing; give every feed a unique name, e.g. \"Reuters World\".");
                continue;
            }
            if (!names.Add(name))
            {
                errors.Add($"{key}:Name \"{name}\" is used by another feed; names identify a feed's state, so make it unique.");
                continue;
            }
            if (!TryResolveUrl(f.Url, appFolder, out var url, out var urlError))
            {
                errors.Add($"{key}:Url {urlError}");
                continue;
            }
            var schedule = FeedSchedule.Every(o.Polling.DefaultInterval);
            if (!string.IsNullOrWhiteSpace(f.Schedule) && !FeedSchedule.TryParse(f.Schedule, out schedule, out var scheduleError))
            {
                errors.Add($"{key}:Schedule {scheduleError}.");
                continue;
            }
            var window = f.FirstPollWindow ?? o.Polling.FirstPollWindow;
            if (window < TimeSpan.Zero)
            {
                errors.Add($"{key}:FirstPollWindow is negative; set a time span such as \"2.00:00:00\".");
                continue;
            }
            if (ParseNetworks(f.AllowPrivateNetworks, key, errors) is not { } allowed) continue;
            urls.Add(url!.AbsoluteUri);
            feeds.Add(new FeedDefinition(name, url, schedule!, f.Enabled ?? true, f.FetchArticles ?? true, window) { AllowPrivateNetworks = allowed });
        }

        if (!string.IsNullOrWhiteSpace(o.FeedsFile))
        {
            var key = $"{FeedWatchOptions.SectionName}:FeedsFile";
            var path = Path.GetFullPath(o.FeedsFile, appFolder);
            IReadOnlyList<OpmlFeed> listed = [];
            try
            {
                listed = OpmlReader.Read(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Xml.XmlException)
            {
                errors.Add($"{key} \"{path}\" cannot be read as OPML ({e.Message}); fix the path, or export the list again (r2e opmlexport, newsboat -e).");
            }
            foreach (var entry in listed)
            {
                if (!TryResolveUrl(entry.XmlUrl, appFolder, out var url, out var urlError) || url!.IsFile)
                {
                    // A feed list from elsewhere may not point at local files: only appsettings may.
                    errors.Add($"{key} \"{path}\": outline \"{entry.Title}\" has xmlUrl {(url is { IsFile: true } ? "that is a local file; only FeedWatch:Feeds may name local files" : urlError)}");
                    continue;
                }
                if (!urls.Add(url.AbsoluteUri))
                {
                    warnings.Add($"{key}: \"{entry.Title}\" ({url}) is already listed; polled once.");
                    continue;
                }
                var name = entry.Title;
                for (var n = 2; !names.Add(name); n++) name = string.Create(CultureInfo.InvariantCulture, $"{entry.Title} ({n})");
                feeds.Add(new FeedDefinition(name, url, FeedSchedule.Every(o.Polling.DefaultInterval), true, true, o.Polling.FirstPollWindow));
            }
        }
        return feeds;
    }

    /// <summary>Accepts http(s) URLs, and <c>file:PATH</c> (relative to <paramref name="appFolder"/>) or <c>file:///abs</c>.</summary>
    public static bool TryResolveUrl(string? text, string appFolder, out Uri? url, out string? error)
    {
        url = null;
        error = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "is missing; give the feed's address, e.g. \"https://example.org/feed.xml\".";
            return false;
        }
        if (text.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            var path = Path.GetFullPath(Uri.UnescapeDataString(text[5..]), appFolder);
            url = new Uri(path);
            return true;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var u) || !(u.Scheme is "http" or "https" or "file"))
        {
            error = $"\"{text}\" is not an absolute http(s) URL or file: path; write e.g. \"https://example.org/feed.xml\" or \"file:feeds/local.xml\".";
            return false;
        }
        url = u;
        return true;
    }
}
