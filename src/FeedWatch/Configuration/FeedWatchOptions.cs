namespace FeedWatch.Configuration;

/// <summary>The <c>FeedWatch</c> section of the configuration: one property per sub-section.</summary>
public sealed class FeedWatchOptions
{
    public const string SectionName = "FeedWatch";

    /// <summary>Folder that holds all state: the SQLite file and the digest pickup folder. Relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Feeds listed in the configuration. A JSON file that lists feeds replaces, not merges, the list of the files before it.</summary>
    public IList<FeedOptions> Feeds { get; set; } = [];

    /// <summary>An OPML file (the format rss2email and newsboat export) whose feeds are added to <see cref="Feeds"/>.</summary>
    public string? FeedsFile { get; set; }

    public PollingOptions Polling { get; set; } = new();

    public ArticlesOptions Articles { get; set; } = new();

    public DigestOptions Digest { get; set; } = new();

    public SmtpOptions Smtp { get; set; } = new();

    public StoriesOptions Stories { get; set; } = new();

    public StorageOptions Storage { get; set; } = new();

    public TelemetryOptions Telemetry { get; set; } = new();

    public ClusterOptions Cluster { get; set; } = new();

    /// <summary>Values the configuration binder could not convert (key and fix), reported with the other errors.</summary>
    internal IList<string> LoadErrors { get; } = [];
}

/// <summary>One entry of <c>FeedWatch:Feeds</c>. Unset values take the defaults of <c>FeedWatch:Polling</c>.</summary>
public sealed class FeedOptions
{
    public string? Name { get; set; }

    /// <summary>An http(s) URL, or <c>file:PATH</c> for a local file (relative paths from the application folder).</summary>
    public string? Url { get; set; }

    /// <summary>A Quartz cron expression ("0 */10 * * * ?") or an interval ("00:15:00"); default <c>Polling:DefaultInterval</c>.</summary>
    public string? Schedule { get; set; }

    public bool? Enabled { get; set; }

    /// <summary>Fetch each new item's linked page and analyse the story's text from it (default true).</summary>
    public bool? FetchArticles { get; set; }

    /// <summary>
    /// Networks (CIDR, or single addresses) this feed's links may reach although they are not public, e.g. an
    /// intranet news server ("10.20.0.0/16"). Empty by default: loopback, private, link-local and the like are refused.
    /// </summary>
    public IList<string>? AllowPrivateNetworks { get; set; }

    /// <summary>On the first poll, only items published within this window are reported; default <c>Polling:FirstPollWindow</c>.</summary>
    public TimeSpan? FirstPollWindow { get; set; }
}

/// <summary><c>FeedWatch:Articles</c>: how the pages that feed items link to are fetched (the rest as <c>Polling</c>).</summary>
public sealed class ArticlesOptions
{
    /// <summary>Longest one page may take (connect, redirects, body).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Largest page accepted, after decompression; a larger one is refused and the item read from the feed.</summary>
    public int MaxPageBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Pages fetched for one poll of one feed at most; the other new items are read from the feed's text.</summary>
    public int MaxPagesPerPoll { get; set; } = 50;
}

/// <summary><c>FeedWatch:Polling</c>: how feeds are fetched.</summary>
public sealed class PollingOptions
{
    /// <summary>How often a feed without its own Schedule is polled.</summary>
    public TimeSpan DefaultInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Longest a whole fetch may take (connect, redirects, body).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest feed body accepted, after decompression.</summary>
    public long MaxFeedBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>Most items read from one feed document; the rest are recorded as a warning.</summary>
    public int MaxItemsPerFeed { get; set; } = 1000;

    public int MaxRedirects { get; set; } = 5;

    public string UserAgent { get; set; } = "FeedWatch/1.0 (feed reader; polls politely)";

    /// <summary>Requests in flight to one host at once.</summary>
    public int PerHostConcurrency { get; set; } = 2;

    /// <summary>Feeds polled at once (the scheduler's worker count, and the width of <c>once</c>).</summary>
    public int MaxConcurrentFeeds { get; set; } = 16;

    /// <summary>Spread of the feeds' start times, so a thousand feeds do not fire in the same second.</summary>
    public TimeSpan Jitter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>On a feed's first poll, only items newer than this are reported; older ones are stored as seen.</summary>
    public TimeSpan FirstPollWindow { get; set; } = TimeSpan.FromDays(2);

    /// <summary>Wait after the first failure; it doubles with each further failure.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest wait between attempts on a failing feed, and the cap on a server's Retry-After.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(12);
}

/// <summary><c>FeedWatch:Digest</c>: when the digest is made, how it looks and who gets it.</summary>
public sealed class DigestOptions
{
    /// <summary>Quartz cron expression, in <see cref="TimeZone"/>: default 07:00 every day.</summary>
    public string Cron { get; set; } = "0 0 7 * * ?";

    /// <summary>IANA time zone id for the cron and the times shown in the digest (UTC everywhere else).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Plain addresses that get every story.</summary>
    public IList<string> To { get; set; } = [];

    /// <summary>Recipients with a watchlist and statuses of interest: each gets only the stories that match.</summary>
    public IList<RecipientOptions> Recipients { get; set; } = [];

    /// <summary>When true, the <see cref="To"/> addresses get a short "nothing new" message when nothing changed.</summary>
    public bool Heartbeat { get; set; }

    public string From { get; set; } = "feedwatch@localhost";

    /// <summary>The first words of every subject: "FeedWatch: 3 meetings: Putin-Trump contested, ...".</summary>
    public string Subject { get; set; } = "FeedWatch";

    /// <summary>Where digests go when no SMTP host is set; relative to DataDirectory.</summary>
    public string PickupDirectory { get; set; } = "pickup";

    /// <summary>
    /// A folder with <c>digest.html.liquid</c> and/or <c>digest.txt.liquid</c> that replace the built-in templates
    /// (relative to the application folder). None: the built-in ones.
    /// </summary>
    public string? TemplateDirectory { get; set; }

    /// <summary>A quote longer than this is cut at a word and ends with an ellipsis.</summary>
    public int MaxQuoteChars { get; set; } = 400;

    /// <summary>Statements shown per story, the latest ones; the number of earlier ones is said.</summary>
    public int MaxClaimsPerStory { get; set; } = 10;

    /// <summary>The footer lists a feed that has been failing for longer than this.</summary>
    public TimeSpan FeedFailingAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The footer lists a feed that has brought no new item for longer than this.</summary>
    public TimeSpan FeedSilentAfter { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>One entry of <c>FeedWatch:Digest:Recipients</c>.</summary>
public sealed class RecipientOptions
{
    public string? Address { get; set; }

    /// <summary>Shown in the To header (optional).</summary>
    public string? Name { get; set; }

    /// <summary>Leaders ("Vladimir Putin", "Putin") or countries ("Russia"); a story matches when one of its leaders does. Empty: every story.</summary>
    public IList<string> Watchlist { get; set; } = [];

    /// <summary>Story statuses of interest (planned, possible, denied, cancelled, held, contested). Empty: every status.</summary>
    public IList<string> Statuses { get; set; } = [];

    /// <summary>A short "nothing new" message when no story of interest changed.</summary>
    public bool Heartbeat { get; set; }
}

/// <summary>How a secure connection to the SMTP server is made.</summary>
public enum SmtpSecurity
{
    StartTls,
    SslOnConnect,
    None,
}

/// <summary><c>FeedWatch:Smtp</c>: the mail server. No Host: digests are written to the pickup folder.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? User { get; set; }

    /// <summary>Better set through the environment (FeedWatch__Smtp__Password) or <see cref="PasswordFile"/>; never printed.</summary>
    public string? Password { get; set; }

    /// <summary>A file whose content (trimmed) is the password: a Docker or Kubernetes secret.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>Longest one connection may take: connect, TLS, authentication, sending.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Wait after a failed send; it doubles with each failure of the same message.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest wait between two attempts at one message.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(2);
}

/// <summary><c>FeedWatch:Stories</c>: how reports of the same meeting are folded into one story.</summary>
public sealed class StoriesOptions
{
    /// <summary>
    /// Reports of the same leaders fold into one story when the days they speak of (publication through the meeting's
    /// date) come within this of the story's.
    /// </summary>
    public TimeSpan MatchWindow { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Two texts at least this similar (0..1, word shingles) are one article syndicated twice: counted once.</summary>
    public double DuplicateSimilarity { get; set; } = 0.7;
}

/// <summary>Which database keeps the state.</summary>
public enum StorageProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary><c>FeedWatch:Storage</c>: where the state lives.</summary>
public sealed class StorageOptions
{
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The SQLite file; relative to DataDirectory.</summary>
    public string SqliteFile { get; set; } = "feedwatch.db";

    /// <summary>
    /// For Provider PostgreSql: the Npgsql connection string, e.g. "Host=db;Database=feedwatch;Username=feedwatch".
    /// Its password, if it has one, is never printed; better keep it in <see cref="PasswordFile"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>For Provider PostgreSql: a file whose content (trimmed) is the connection's password: a Docker or Kubernetes secret.</summary>
    public string? PasswordFile { get; set; }
}

/// <summary><c>FeedWatch:Telemetry</c>: where metrics go.</summary>
public sealed class TelemetryOptions
{
    /// <summary>
    /// An OpenTelemetry collector's OTLP endpoint ("http://otel-collector:4318"); the standard
    /// OTEL_EXPORTER_OTLP_ENDPOINT variable works too. Unset: metrics are kept in-process (dotnet-counters can read them).
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>OTLP transport: "grpc" (port 4317) or "http/protobuf" (port 4318).</summary>
    public string OtlpProtocol { get; set; } = "http/protobuf";
}

/// <summary>
/// <c>FeedWatch:Cluster</c>: how instances sharing a PostgreSQL store (Storage:Provider PostgreSql) share the work.
/// Quartz's clustered job store spreads the feed jobs over them and fires the digest once per schedule.
/// </summary>
public sealed class ClusterOptions
{
    /// <summary>How often an instance tells the others it is alive.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long past a missed check-in the others wait before taking over a silent instance's jobs.</summary>
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(30);
}
