using System.Collections.Frozen;

namespace FeedWatch.Analysis.Knowledge;

/// <summary>How a trigger word is inflected: tells a past meeting from a future one when no cue does.</summary>
internal enum TriggerForm { Base, S, Past, Ing, Noun, Adj }

/// <summary>What a trigger says about who meets whom.</summary>
internal enum TriggerKind { Meet, Talks, Summit, Visit, Host }

internal sealed record TriggerWord(string[] Words, TriggerForm Form, TriggerKind Kind);

internal enum TitleKind { Leader, Source, NonLeader, Other, Former }

internal sealed record Title(string[] Words, TitleKind Kind, Office? Office, bool AnyHead);

/// <summary>
/// The analyser's vocabulary, loaded from the embedded data files: word classes (lexicon.tsv),
/// meeting triggers (triggers.tsv), titles (titles.tsv) and status cues (cues.tsv).
/// </summary>
internal sealed class Lexicon
{
    private static readonly Lazy<Lexicon> LazyDefault = new(() => Load(Embedded.Read), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, WordClass> _classes = new(StringComparer.Ordinal);

    public static Lexicon Default => LazyDefault.Value;

    /// <summary>Triggers by their first word.</summary>
    public FrozenDictionary<string, TriggerWord[]> Triggers { get; private set; } = FrozenDictionary<string, TriggerWord[]>.Empty;

    /// <summary>Titles by their first word.</summary>
    public FrozenDictionary<string, Title[]> Titles { get; private set; } = FrozenDictionary<string, Title[]>.Empty;

    public CueSet Cues { get; private set; } = null!;

    public WordClass? TryClass(string name) => _classes.GetValueOrDefault(name);

    public WordClass Class(string name) =>
        _classes.TryGetValue(name, out var c) ? c : throw new KeyNotFoundException($"lexicon.tsv has no class '{name}'.");

    internal static Lexicon Load(Func<string, IEnumerable<(string Name, string Text)>> files)
    {
        var lex = new Lexicon();
        foreach (var (_, text) in files("lexicon.tsv"))
        {
            foreach (var (cells, _) in Tsv.Rows(text, 2, "lexicon.tsv"))
            {
                lex._classes[cells[0]] = new WordClass(cells[0], cells[1].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }

        var triggers = new Dictionary<string, List<TriggerWord>>(StringComparer.Ordinal);
        foreach (var (_, text) in files("triggers.tsv"))
        {
            foreach (var (cells, line) in Tsv.Rows(text, 3, "triggers.tsv"))
            {
                var words = cells[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var form = Enum.Parse<TriggerForm>(cells[1], ignoreCase: true);
                var kind = Enum.Parse<TriggerKind>(cells[2], ignoreCase: true);
                Add(triggers, words[0], new TriggerWord(words, form, kind));
                _ = line;
            }
        }
        lex.Triggers = triggers.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.OrderByDescending(t => t.Words.Length).ToArray(), StringComparer.Ordinal);

        var titles = new Dictionary<string, List<Title>>(StringComparer.Ordinal);
        foreach (var (_, text) in files("titles.tsv"))
        {
            foreach (var (cells, line) in Tsv.Rows(text, 2, "titles.tsv"))
            {
                var words = cells[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var kind = cells[1] switch
                {
                    "leader" => TitleKind.Leader,
                    "source" => TitleKind.Source,
                    "nonleader" => TitleKind.NonLeader,
                    "other" => TitleKind.Other,
                    "former" => TitleKind.Former,
                    _ => throw new FormatException($"titles.tsv line {line}: unknown kind '{cells[1]}'."),
                };
                Office? office = null;
                var anyHead = false;
                if (kind == TitleKind.Leader)
                {
                    if (cells.Length < 3) throw new FormatException($"titles.tsv line {line}: a leader title needs an office.");
                    if (cells[2] == "Leader") anyHead = true;
                    else office = Enum.Parse<Office>(cells[2]);
                }
                Add(titles, words[0], new Title(words, kind, office, anyHead));
            }
        }
        lex.Titles = titles.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.OrderByDescending(t => t.Words.Length).ToArray(), StringComparer.Ordinal);

        foreach (var (_, text) in files("cues.tsv"))
        {
            lex.Cues = CueSet.Parse(text, lex);
        }
        return lex;
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }
        list.Add(value);
    }
}

/// <summary>A named set of words and phrases from lexicon.tsv.</summary>
internal sealed class WordClass
{
    private readonly FrozenSet<string> _single;
    private readonly string[][] _phrases;

    public WordClass(string name, IEnumerable<string> members)
    {
        Name = name;
        var single = new HashSet<string>(StringComparer.Ordinal);
        var phrases = new List<string[]>();
        foreach (var m in members)
        {
            var words = m.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 1) single.Add(words[0]);
            else phrases.Add(words);
        }
        _single = single.ToFrozenSet(StringComparer.Ordinal);
        _phrases = [.. phrases.OrderByDescending(p => p.Length)];
        Members = [.. single, .. phrases.Select(p => string.Join(' ', p))];
    }

    public string Name { get; }

    public IReadOnlyList<string> Members { get; }

    public bool Contains(string word) => _single.Contains(word);

    /// <summary>Length of the member that starts at <paramref name="start"/> (longest first), or 0.</summary>
    public int MatchAt(Text.Token[] tokens, int start, int end)
    {
        foreach (var p in _phrases)
        {
            if (start + p.Length > end) continue;
            var ok = true;
            for (var k = 0; k < p.Length && ok; k++) ok = tokens[start + k].Norm == p[k];
            if (ok) return p.Length;
        }
        return start < end && _single.Contains(tokens[start].Norm) ? 1 : 0;
    }
}

/// <summary>Reads the embedded data files.</summary>
internal static class Embedded
{
    public static IEnumerable<(string Name, string Text)> Read(string prefix)
    {
        var assembly = typeof(Embedded).Assembly;
        const string root = "FeedWatch.Analysis.Data.";
        foreach (var resource in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (!resource.StartsWith(root + prefix, StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Embedded data file {resource} could not be opened.");
            using var reader = new StreamReader(stream);
            yield return (resource[root.Length..], reader.ReadToEnd());
        }
    }
}

/// <summary>Tab-separated rows with '#' comments.</summary>
internal static class Tsv
{
    public static IEnumerable<(string[] Cells, int Line)> Rows(string text, int minColumns, string file)
    {
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#' || string.IsNullOrWhiteSpace(line)) continue;
            var cells = line.Split('\t');
            if (cells.Length < minColumns)
            {
                throw new FormatException($"{file} line {lineNo}: expected {minColumns} tab-separated columns, found {cells.Length}.");
            }
            for (var i = 0; i < cells.Length; i++) cells[i] = cells[i].Trim();
            yield return (cells, lineNo);
        }
    }
}
