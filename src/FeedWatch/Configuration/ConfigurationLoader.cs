using Microsoft.Extensions.Configuration;

namespace FeedWatch.Configuration;

/// <summary>
/// Builds the configuration in the order the README documents, later sources winning:
/// appsettings.json (application folder), appsettings.{Environment}.json, the <c>--config FILE</c> given on the
/// command line, then environment variables (<c>FeedWatch__Polling__Timeout=00:01:00</c>), then secrets named by
/// <c>*_FILE</c> variables (<c>FeedWatch__Smtp__Password_FILE=/run/secrets/smtp</c>: the file's content is the value).
/// </summary>
public static class ConfigurationLoader
{
    public static IConfigurationRoot Build(string appFolder, string? configFile, bool reloadOnChange)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        var builder = new ConfigurationBuilder()
            .SetBasePath(appFolder)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange)
            .AddJsonFile($"appsettings.{environment}.json", optional: true, reloadOnChange);
        if (configFile is not null)
        {
            var full = Path.GetFullPath(configFile);
            if (!File.Exists(full)) throw new FileNotFoundException($"--config {configFile}: no such file ({full}).", full);
            builder.AddJsonFile(full, optional: false, reloadOnChange);
        }
        builder.AddEnvironmentVariables();
        var secrets = SecretFiles(Environment.GetEnvironmentVariables());
        if (secrets.Count > 0) builder.AddInMemoryCollection(secrets);
        return builder.Build();
    }

    /// <summary>
    /// Docker and Kubernetes secrets arrive as files: a variable <c>FeedWatch__Smtp__Password_FILE</c> names the
    /// file whose content (without a final line break) is <c>FeedWatch:Smtp:Password</c>. A file that cannot be
    /// read stops the start with a message naming the variable and the file.
    /// </summary>
    internal static Dictionary<string, string?> SecretFiles(System.Collections.IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Collections.DictionaryEntry entry in environment)
        {
            var name = (string)entry.Key;
            if (!name.EndsWith("_FILE", StringComparison.Ordinal) || !name.StartsWith(FeedWatchOptions.SectionName + "__", StringComparison.OrdinalIgnoreCase)) continue;
            var path = entry.Value as string;
            if (string.IsNullOrWhiteSpace(path)) continue;
            string content;
            try
            {
                content = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new FormatException($"{name} names {path}, which cannot be read ({e.Message}); mount the secret there or fix the variable.", e);
            }
            var key = name[..^"_FILE".Length].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
            values[key] = content.TrimEnd('\r', '\n');
        }
        return values;
    }

    /// <summary>
    /// Binds the FeedWatch section. A value the binder cannot convert becomes a load error naming the key, not an
    /// exception. The feed list comes from the last JSON file that lists feeds (a list in a later file replaces the
    /// list of an earlier one instead of being merged into it entry by entry, which would mix the demo feed's
    /// settings into the first feed of a --config file); environment variables still override single entries.
    /// </summary>
    public static FeedWatchOptions Bind(IConfigurationRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var options = new FeedWatchOptions();
        var section = root.GetSection(FeedWatchOptions.SectionName);
        BindPart(section, "DataDirectory", options, (s, o) => o.DataDirectory = s.Value ?? o.DataDirectory);
        BindPart(section, "FeedsFile", options, (s, o) => o.FeedsFile = s.Value);
        BindPart(section, "Polling", options, (s, o) => s.Bind(o.Polling));
        BindPart(section, "Articles", options, (s, o) => s.Bind(o.Articles));
        BindPart(section, "Digest", options, (s, o) =>
        {
            // A list bound onto a default list would append to it: bind into a fresh one.
            var digest = new DigestOptions { To = [] };
            s.Bind(digest);
            o.Digest = digest;
        });
        BindPart(section, "Smtp", options, (s, o) => s.Bind(o.Smtp));
        BindPart(section, "Stories", options, (s, o) => s.Bind(o.Stories));
        BindPart(section, "Storage", options, (s, o) => s.Bind(o.Storage));
        BindPart(section, "Telemetry", options, (s, o) => s.Bind(o.Telemetry));
        BindPart(section, "Cluster", options, (s, o) => s.Bind(o.Cluster));
        BindPart(section, "Feeds", options, (_, o) => o.Feeds = BindFeeds(root, o.LoadErrors));
        return options;
    }

    private static void BindPart(IConfigurationSection parent, string name, FeedWatchOptions options, Action<IConfigurationSection, FeedWatchOptions> bind)
    {
        try
        {
            bind(parent.GetSection(name), options);
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key and the type ("Failed to convert configuration value '10 s' at
            // 'FeedWatch:Polling:Timeout' to type 'System.TimeSpan'"); add how to write each kind of value.
            // A choice (an enum such as Storage:Provider) is named with its values; other kinds with how to write them.
            var type = System.Text.RegularExpressions.Regex.Match(e.Message, "to type '([^']+)'") is { Success: true } m ? Type.GetType(m.Groups[1].Value) : null;
            options.LoadErrors.Add(type is { IsEnum: true }
                ? $"{e.Message.TrimEnd('.')}. Write one of: {string.Join(", ", Enum.GetNames(type))}."
                : $"{e.Message.TrimEnd('.')}. Write time spans as \"hh:mm:ss\" or \"d.hh:mm:ss\" (\"00:00:30\", \"2.00:00:00\"), sizes and counts as plain integers, switches as true or false.");
        }
    }

    private static readonly string[] FeedFields = ["Name", "Url", "Schedule", "Enabled", "FetchArticles", "FirstPollWindow", "AllowPrivateNetworks"];

    /// <summary>
    /// Reads the feed list field by field (a thousand feeds bind in milliseconds; the generic binder walks every
    /// key once per entry). Only values from the last JSON file that lists feeds, or a later source, count.
    /// </summary>
    private static List<FeedOptions> BindFeeds(IConfigurationRoot root, IList<string> errors)
    {
        const string path = FeedWatchOptions.SectionName + ":Feeds";
        var providers = root.Providers.ToList();
        var winner = 0;
        for (var i = providers.Count - 1; i >= 0; i--)
        {
            if (providers[i] is FileConfigurationProvider && providers[i].GetChildKeys([], path).Any())
            {
                winner = i;
                break;
            }
        }
        var counting = providers.Skip(winner).ToList();
        var indices = counting
            .SelectMany(p => p.GetChildKeys([], path))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(k => (Key: k, Ok: int.TryParse(k, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n), Index: n))
            .ToList();
        foreach (var bad in indices.Where(k => !k.Ok)) errors.Add($"{path}:{bad.Key}: Feeds is a list; write it as a JSON array of objects.");

        var feeds = new List<FeedOptions>();
        var known = 0;
        foreach (var (key, _, index) in indices.Where(k => k.Ok).OrderBy(k => k.Index))
        {
            var entry = $"{path}:{key}";
            string? Value(string field)
            {
                var full = entry + ":" + field;
                for (var p = counting.Count - 1; p >= 0; p--)
                {
                    if (counting[p].TryGet(full, out var v)) return v;
                }
                return null;
            }
            var feed = new FeedOptions
            {
                Name = Value("Name"),
                Url = Value("Url"),
                Schedule = Value("Schedule"),
                Enabled = ParseBool(Value("Enabled"), entry + ":Enabled", errors),
                FetchArticles = ParseBool(Value("FetchArticles"), entry + ":FetchArticles", errors),
            };
            // A list: entry:AllowPrivateNetworks:0, :1, ... (a later source wins index by index, as the binder does).
            var networks = counting.SelectMany(p => p.GetChildKeys([], entry + ":AllowPrivateNetworks")).Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(k => int.TryParse(k, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue).ToList();
            if (networks.Count > 0)
            {
                feed.AllowPrivateNetworks = [.. networks.Select(k => Value("AllowPrivateNetworks:" + k) ?? "")];
                known += networks.Count;
            }
            else if (Value("AllowPrivateNetworks") is { Length: > 0 } single)
            {
                errors.Add($"{entry}:AllowPrivateNetworks \"{single}\" must be a list, e.g. [\"10.20.0.0/16\"].");
            }
            if (Value("FirstPollWindow") is { Length: > 0 } window)
            {
                if (TimeSpan.TryParse(window, System.Globalization.CultureInfo.InvariantCulture, out var w)) feed.FirstPollWindow = w;
                else errors.Add($"{entry}:FirstPollWindow \"{window}\" is not a time span; write e.g. \"2.00:00:00\" for two days.");
            }
            foreach (var provider in counting)
            {
                foreach (var field in FeedFields)
                {
                    if (provider.TryGet(entry + ":" + field, out _)) known++;
                }
            }
            feeds.Add(feed);
        }
        // Every key under Feeds that is not a known field of an entry is a mistake worth naming; counting first
        // keeps the usual case (none) linear, and the search for the culprits runs only when there is one.
        if (counting.Sum(p => p.GetChildKeys([], path).Count()) > known) NameUnknownFields(counting, path, errors);
        return feeds;
    }

    private static void NameUnknownFields(List<IConfigurationProvider> providers, string path, IList<string> errors)
    {
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in providers)
        {
            foreach (var index in provider.GetChildKeys([], path).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var entry = ConfigurationPath.Combine(path, index);
                foreach (var field in provider.GetChildKeys([], entry).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (!FeedFields.Contains(field, StringComparer.OrdinalIgnoreCase) && reported.Add(entry + ":" + field))
                    {
                        errors.Add($"{entry}:{field} is not a feed setting; use Name, Url, Schedule, Enabled, FetchArticles, FirstPollWindow or AllowPrivateNetworks.");
                    }
                }
            }
        }
    }

    private static bool? ParseBool(string? value, string key, IList<string> errors)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (bool.TryParse(value, out var b)) return b;
        errors.Add($"{key} \"{value}\" is not true or false.");
        return null;
    }
}
