using System.Collections.Frozen;
using FeedWatch.Analysis.Knowledge;

namespace FeedWatch.Stories;

/// <summary>
/// What the worker asks of the analyser's gazetteer: which leader or country a watchlist entry names, the countries
/// a leader served, the country a place is in, and the short name a leader goes by. One adapter, so the worker
/// depends on the gazetteer's internals in this file only (the analyser library grants the worker access to them).
/// </summary>
internal static class WorldKnowledge
{
    private static readonly Lazy<Index> LazyIndex = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Lower case, diacritics off, typographic marks made plain: "Erdoğan" and "erdogan" compare equal.</summary>
    public static string Fold(string text) => FeedWatch.Analysis.Text.Fold.Apply(text.AsSpan().Trim());

    /// <summary>The leaders a name or short name denotes ("Putin", "vladimir putin"); empty when none.</summary>
    public static IReadOnlyList<string> LeadersNamed(string text) =>
        LazyIndex.Value.Leaders.TryGetValue(Fold(text), out var names) ? names : [];

    /// <summary>The canonical name of the country or organisation <paramref name="text"/> names ("U.S." is "United States"), or null.</summary>
    public static string? CountryNamed(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var g = Gazetteer.Default;
        if (g.FindCountry(text.Trim()) is { } c) return c.Name;
        return g.CountryNames.TryGet(text, out var found) && found is [var first, ..] ? first.Name : null;
    }

    /// <summary>Every country or organisation the leader has held an office for (Kaja Kallas: Estonia, European Union).</summary>
    public static IReadOnlySet<string> CountriesOf(string leader) =>
        LazyIndex.Value.Countries.TryGetValue(Fold(leader), out var set) ? set : FrozenSet<string>.Empty;

    /// <summary>
    /// The country a place lies in, or the country a place names itself ("Beijing" and "China" are both China;
    /// "Asia-Pacific Economic Cooperation summit in Beijing" is China by its last known place); null when unknown.
    /// </summary>
    public static string? CountryOfPlace(string place)
    {
        if (string.IsNullOrWhiteSpace(place)) return null;
        var g = Gazetteer.Default;
        if (CountryNamed(place) is { } country) return country;
        if (g.Places.TryGet(place, out var places) && places is [var p, ..] && p.Country is not null) return p.Country;
        if (g.Seats.TryGet(place, out var seats) && seats is [var s, ..]) return s.Name;
        // A phrase with a place inside ("the G20 summit in Hamburg"): the last word group the gazetteer knows.
        var words = place.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries);
        for (var end = words.Length; end > 0; end--)
        {
            for (var start = Math.Max(0, end - 4); start < end; start++)
            {
                var part = string.Join(' ', words[start..end]);
                if (CountryNamed(part) is { } c) return c;
                if (g.Places.TryGet(part, out var inner) && inner is [var ip, ..] && ip.Country is not null) return ip.Country;
            }
        }
        return null;
    }

    /// <summary>The name a leader goes by in a headline: "Putin" for Vladimir Putin, "Xi" for Xi Jinping; else the last word.</summary>
    public static string ShortName(string leader)
    {
        var words = leader.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length <= 1) return leader.Trim();
        if (LazyIndex.Value.Short.TryGetValue(Fold(leader), out var shortKeys))
        {
            foreach (var w in words)
            {
                if (shortKeys.Contains(Fold(w).Replace("-", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal))) return w;
            }
        }
        return words[^1];
    }

    private sealed record Index(
        FrozenDictionary<string, string[]> Leaders,
        FrozenDictionary<string, FrozenSet<string>> Countries,
        FrozenDictionary<string, HashSet<string>> Short);

    private static Index Build()
    {
        var leaders = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var countries = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal);
        var shortKeys = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var person in Gazetteer.Default.People)
        {
            if (person.Terms.Count == 0) continue; // spokespeople and advisers speak for a side; they are not leaders
            var full = Fold(person.Name);
            Add(leaders, full, person.Name);
            foreach (var key in person.ShortKeys) Add(leaders, key, person.Name);
            countries[full] = person.Terms.Select(t => t.Country).Where(c => c.Length > 0).Append(person.Country).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
            shortKeys[full] = person.ShortKeys;
        }
        return new Index(
            leaders.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal),
            countries.ToFrozenDictionary(StringComparer.Ordinal),
            shortKeys.ToFrozenDictionary(StringComparer.Ordinal));

        static void Add(Dictionary<string, List<string>> map, string key, string name)
        {
            if (!map.TryGetValue(key, out var list)) map[key] = list = [];
            list.Add(name);
        }
    }
}
