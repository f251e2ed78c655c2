using Microsoft.Extensions.Configuration;

namespace FeedWatch.Configuration;

/// <summary>
/// Builds the configuration in the order the README documents, later sources winning:
/// appsettings.json (application folder), appsettings.{Environment}.json, the <c>--config FILE</c> given on the
/// command line, then environment variables (<c>FeedWatch__Polling__Timeout=00:01:00</c>).
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
        return builder.Build();
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
        BindPart(section, "Digest", options, (s, o) =>
        {
            // A list bound onto a default list would append to it: bind into a fresh one.
            var digest = new DigestOptions { To = [] };
            s.Bind(digest);
            o.Digest = digest;
        });
        BindPart(section, "Smtp", options, (s, o) => s.Bind(o.Smtp));
        BindPart(section, "Storage", options, (s, o) => s.Bind(o.Storage));
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
            options.LoadErrors.Add($"{e.Message.TrimEnd('.')}. Write time spans as \"hh:mm:ss\" or \"d.hh:mm:ss\" (\"00:00:30\", \"2.00:00:00\"), sizes and counts as plain integers, switches as true or false.");
        }
    }

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
        // Every key under Feeds, grouped by entry; only values given by the winning file or a later source count.
        var entries = new SortedDictionary<int, Dictionary<string, string>>();
        foreach (var (key, value) in root.GetSection(path).AsEnumerable(makePathsRelative: true))
        {
            if (value is null) continue;
            var full = ConfigurationPath.Combine(path, key);
            if (!providers.Skip(winner).Any(p => p.TryGet(full, out _))) continue;
            var parts = key.Split(ConfigurationPath.KeyDelimiter);
            if (parts.Length != 2 || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                errors.Add($"{full}: unexpected key; each feed is an object with Name, Url, Schedule, Enabled, FetchArticles, FirstPollWindow.");
                continue;
            }
            if (!entries.TryGetValue(index, out var entry)) entries[index] = entry = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            entry[parts[1]] = value;
        }
        var feeds = new List<FeedOptions>();
        foreach (var (index, entry) in entries)
        {
            var key = $"{path}:{index}";
            var feed = new FeedOptions();
            foreach (var (name, value) in entry)
            {
                switch (name.ToUpperInvariant())
                {
                    case "NAME": feed.Name = value; break;
                    case "URL": feed.Url = value; break;
                    case "SCHEDULE": feed.Schedule = value; break;
                    case "ENABLED": feed.Enabled = ParseBool(value, $"{key}:{name}", errors); break;
                    case "FETCHARTICLES": feed.FetchArticles = ParseBool(value, $"{key}:{name}", errors); break;
                    case "FIRSTPOLLWINDOW":
                        if (value.Length == 0) break;
                        if (TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var window)) feed.FirstPollWindow = window;
                        else errors.Add($"{key}:{name} \"{value}\" is not a time span; write e.g. \"2.00:00:00\" for two days.");
                        break;
                    default:
                        errors.Add($"{key}:{name} is not a feed setting; use Name, Url, Schedule, Enabled, FetchArticles or FirstPollWindow.");
                        break;
                }
            }
            feeds.Add(feed);
        }
        return feeds;
    }

    private static bool? ParseBool(string value, string key, IList<string> errors)
    {
        if (value.Length == 0) return null;
        if (bool.TryParse(value, out var b)) return b;
        errors.Add($"{key} \"{value}\" is not true or false.");
        return null;
    }
}
