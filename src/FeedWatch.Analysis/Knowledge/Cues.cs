using System.Collections.Frozen;
using FeedWatch.Analysis.Text;

namespace FeedWatch.Analysis.Knowledge;

/// <summary>The categories of cues.tsv. Each is read by one status rule.</summary>
internal enum CueCategory
{
    Virtual,
    NotRuledOut,
    NotCancelled,
    Cancelled,
    Denied,
    Held,
    Possible,
    Planned,
    HeadlinePlanned,
    Rumour,
    DenyReport,
    NoComment,
    NoAnnouncement,
    OpenReport,
}

/// <summary>A cue found in a clause: its category, its tokens [Start, End) and the trigger it is tied to (-1 for none).</summary>
internal readonly record struct CueMatch(CueCategory Category, int Start, int End, int Trigger, CuePattern Pattern);

/// <summary>One line of cues.tsv, compiled. See the header of cues.tsv for the pattern language.</summary>
internal sealed class CuePattern
{
    internal CuePattern(CueCategory category, string text, Element[] elements)
    {
        Category = category;
        Text = text;
        Elements = elements;
        HasTrigger = elements.Any(e => e.Kind == ElementKind.Trigger);
        Specificity = elements.Count(e => e.Kind is ElementKind.Words or ElementKind.Trigger);
    }

    /// <summary>The number of elements that must match a word: gaps and optional words do not count.</summary>
    public int Specificity { get; }

    public CueCategory Category { get; }

    public string Text { get; }

    internal Element[] Elements { get; }

    public bool HasTrigger { get; }

    public override string ToString() => $"{Category}: {Text}";

    internal enum ElementKind { Words, Gap, Optional, Trigger, End }

    internal sealed class Element
    {
        public ElementKind Kind { get; init; }
        public int MaxGap { get; init; }
        public FrozenSet<string> Singles { get; init; } = FrozenSet<string>.Empty;
        public string[][] Phrases { get; init; } = [];
        public string[] Prefixes { get; init; } = [];
        public WordClass[] Classes { get; init; } = [];

        /// <summary>Lengths of the ways this element can match at <paramref name="i"/>, longest first (0 entries: no match).</summary>
        public int MatchLength(Token[] tokens, int i, int end)
        {
            if (i >= end) return 0;
            foreach (var p in Phrases)
            {
                if (i + p.Length > end) continue;
                var ok = true;
                for (var k = 0; k < p.Length && ok; k++) ok = tokens[i + k].Norm == p[k];
                if (ok) return p.Length;
            }
            foreach (var c in Classes)
            {
                var len = c.MatchAt(tokens, i, end);
                if (len > 0) return len;
            }
            var norm = tokens[i].Norm;
            if (Singles.Contains(norm)) return 1;
            foreach (var prefix in Prefixes)
            {
                if (norm.StartsWith(prefix, StringComparison.Ordinal)) return 1;
            }
            return 0;
        }
    }

    /// <summary>
    /// Matches the pattern starting at token <paramref name="i"/>; returns the end of the match or -1.
    /// Gaps are tried shortest first, so the match found is the tightest one.
    /// </summary>
    public int MatchAt(Token[] tokens, int i, int end, int[] triggerLength, out int trigger, int firstTrigger = 0)
    {
        trigger = -1;
        return Match(0, tokens, i, end, triggerLength, ref trigger, firstTrigger);
    }

    private int Match(int e, Token[] tokens, int i, int end, int[] triggerLength, ref int trigger, int firstTrigger = 0)
    {
        WorkMeter.Step();
        if (e == Elements.Length) return i;
        var el = Elements[e];
        switch (el.Kind)
        {
            case ElementKind.Gap:
                for (var k = 0; k <= el.MaxGap && i + k <= end; k++)
                {
                    var r = Match(e + 1, tokens, i + k, end, triggerLength, ref trigger, firstTrigger);
                    if (r >= 0) return r;
                }
                return -1;
            case ElementKind.Optional:
                {
                    var len = el.MatchLength(tokens, i, end);
                    if (len > 0)
                    {
                        var r = Match(e + 1, tokens, i + len, end, triggerLength, ref trigger, firstTrigger);
                        if (r >= 0) return r;
                    }
                    return Match(e + 1, tokens, i, end, triggerLength, ref trigger, firstTrigger);
                }
            case ElementKind.Trigger:
                {
                    if (i >= end || triggerLength[i] == 0 || i < firstTrigger) return -1;
                    var saved = trigger;
                    trigger = i;
                    var r = Match(e + 1, tokens, i + triggerLength[i], end, triggerLength, ref trigger, firstTrigger);
                    if (r < 0) trigger = saved;
                    return r;
                }
            case ElementKind.End:
                {
                    var j = i;
                    while (j < end && !tokens[j].IsWord && tokens[j].Kind != TokenKind.Number) j++;
                    return j == end ? Match(e + 1, tokens, end, end, triggerLength, ref trigger, firstTrigger) : -1;
                }
            default:
                {
                    var len = el.MatchLength(tokens, i, end);
                    return len == 0 ? -1 : Match(e + 1, tokens, i + len, end, triggerLength, ref trigger, firstTrigger);
                }
        }
    }
}

/// <summary>All cue patterns, indexed by the words they can start with so that a clause is scanned once.</summary>
internal sealed class CueSet
{
    private readonly FrozenDictionary<string, CuePattern[]> _byFirstWord;
    private readonly CuePattern[] _triggerFirst;
    private readonly CuePattern[] _otherFirst;

    private CueSet(IReadOnlyList<CuePattern> patterns)
    {
        All = patterns;
        var byWord = new Dictionary<string, List<CuePattern>>(StringComparer.Ordinal);
        var triggerFirst = new List<CuePattern>();
        var otherFirst = new List<CuePattern>();
        foreach (var p in patterns)
        {
            var first = p.Elements[0];
            if (first.Kind == CuePattern.ElementKind.Trigger)
            {
                triggerFirst.Add(p);
                continue;
            }
            if (first.Prefixes.Length > 0 || first.Classes.Length > 0)
            {
                otherFirst.Add(p);
                continue;
            }
            foreach (var w in first.Singles) AddTo(byWord, w, p);
            foreach (var phrase in first.Phrases) AddTo(byWord, phrase[0], p);
        }
        _byFirstWord = byWord.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Distinct().ToArray(), StringComparer.Ordinal);
        _triggerFirst = [.. triggerFirst];
        _otherFirst = [.. otherFirst];
    }

    public IReadOnlyList<CuePattern> All { get; }

    private static void AddTo(Dictionary<string, List<CuePattern>> map, string key, CuePattern p)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }
        list.Add(p);
    }

    /// <summary>Every cue match inside tokens [start, end).</summary>
    public void FindAll(Token[] tokens, int start, int end, int[] triggerLength, List<CueMatch> results)
    {
        for (var i = start; i < end; i++)
        {
            if (_byFirstWord.TryGetValue(tokens[i].Norm, out var candidates))
            {
                foreach (var p in candidates) TryAdd(p, tokens, i, end, triggerLength, results);
            }
            if (triggerLength[i] > 0)
            {
                foreach (var p in _triggerFirst) TryAdd(p, tokens, i, end, triggerLength, results);
            }
            foreach (var p in _otherFirst) TryAdd(p, tokens, i, end, triggerLength, results);
        }
    }

    private static void TryAdd(CuePattern p, Token[] tokens, int i, int end, int[] triggerLength, List<CueMatch> results)
    {
        // A cue with %T binds every trigger it can reach: "had been planning to travel to Cyprus for a summit"
        // is said of the travel and of the summit alike.
        var first = 0;
        for (var guard = 0; guard < 8; guard++)
        {
            var stop = p.MatchAt(tokens, i, end, triggerLength, out var trigger, first);
            if (stop <= i) return;
            results.Add(new CueMatch(p.Category, i, stop, trigger, p));
            if (trigger < 0) return;
            first = trigger + 1;
        }
    }

    internal static CueSet Parse(string text, Lexicon lexicon)
    {
        var patterns = new List<CuePattern>();
        foreach (var (cells, line) in Tsv.Rows(text, 2, "cues.tsv"))
        {
            var category = ParseCategory(cells[0], line);
            var parts = cells[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var elements = new List<CuePattern.Element>();
            foreach (var part in parts) elements.Add(ParseElement(part, lexicon, line));
            if (elements.Count == 0 || elements[0].Kind is CuePattern.ElementKind.Gap or CuePattern.ElementKind.Optional or CuePattern.ElementKind.End)
            {
                throw new FormatException($"cues.tsv line {line}: a pattern must start with a word, a class or %T.");
            }
            patterns.Add(new CuePattern(category, cells[1], [.. elements]));
        }
        return new CueSet(patterns);
    }

    private static CueCategory ParseCategory(string name, int line) => name switch
    {
        "virtual" => CueCategory.Virtual,
        "not-ruled-out" => CueCategory.NotRuledOut,
        "not-cancelled" => CueCategory.NotCancelled,
        "cancelled" => CueCategory.Cancelled,
        "denied" => CueCategory.Denied,
        "held" => CueCategory.Held,
        "possible" => CueCategory.Possible,
        "planned" => CueCategory.Planned,
        "headline-planned" => CueCategory.HeadlinePlanned,
        "rumour" => CueCategory.Rumour,
        "deny-report" => CueCategory.DenyReport,
        "no-comment" => CueCategory.NoComment,
        "no-announcement" => CueCategory.NoAnnouncement,
        "open-report" => CueCategory.OpenReport,
        _ => throw new FormatException($"cues.tsv line {line}: unknown category '{name}'."),
    };

    private static CuePattern.Element ParseElement(string part, Lexicon lexicon, int line)
    {
        if (part == "%T") return new CuePattern.Element { Kind = CuePattern.ElementKind.Trigger };
        if (part == "$END") return new CuePattern.Element { Kind = CuePattern.ElementKind.End };
        if (part.StartsWith('~'))
        {
            if (!int.TryParse(part.AsSpan(1), out var gap) || gap < 0 || gap > 12)
            {
                throw new FormatException($"cues.tsv line {line}: '{part}' is not a gap ~0..~12.");
            }
            return new CuePattern.Element { Kind = CuePattern.ElementKind.Gap, MaxGap = gap };
        }
        var optional = part.StartsWith('[') && part.EndsWith(']');
        var body = optional ? part[1..^1] : part;
        var singles = new HashSet<string>(StringComparer.Ordinal);
        var phrases = new List<string[]>();
        var prefixes = new List<string>();
        var classes = new List<WordClass>();
        foreach (var alt in body.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            if (alt.StartsWith('%') || alt.StartsWith('~') || alt.StartsWith('$'))
            {
                throw new FormatException($"cues.tsv line {line}: '{alt}' cannot be one of several alternatives; %T, ~N and $END stand alone.");
            }
            if (alt.StartsWith('@')) classes.Add(lexicon.Class(alt[1..]));
            else if (alt.EndsWith('*')) prefixes.Add(alt[..^1]);
            else if (alt.Contains('_', StringComparison.Ordinal)) phrases.Add(alt.Split('_'));
            else singles.Add(alt);
        }
        return new CuePattern.Element
        {
            Kind = optional ? CuePattern.ElementKind.Optional : CuePattern.ElementKind.Words,
            Singles = singles.ToFrozenSet(StringComparer.Ordinal),
            Phrases = [.. phrases.OrderByDescending(p => p.Length)],
            Prefixes = [.. prefixes],
            Classes = [.. classes],
        };
    }
}
