using FeedWatch.Analysis.Text;

namespace FeedWatch.Analysis.Knowledge;

/// <summary>
/// Finds known multi-word phrases (names, countries, places, outlets) in a token sequence, longest
/// match first. Keys ignore case, diacritics, hyphens, dots and apostrophes, so "Kim Jong-un",
/// "Kim Jong Un" and "KIM JONG UN" are one key, as are "U.S." and "US". Lookups do not allocate:
/// the key of a candidate span is built in a stack buffer and looked up through the dictionary's
/// span-keyed alternate lookup.
/// </summary>
internal sealed class PhraseIndex<T>
{
    private const int MaxKeyChars = 160;
    private readonly Dictionary<string, List<T>> _byKey = new(StringComparer.Ordinal);
    private readonly HashSet<string> _firstTokens = new(StringComparer.Ordinal);

    // Every key cut at a word boundary: a match stops extending as soon as no phrase goes on this way.
    private readonly HashSet<string> _prefixes = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _prefixLookup;
    private readonly Dictionary<string, List<T>>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _firstLookup;

    private int _maxTokens;

    public PhraseIndex()
    {
        _lookup = _byKey.GetAlternateLookup<ReadOnlySpan<char>>();
        _firstLookup = _firstTokens.GetAlternateLookup<ReadOnlySpan<char>>();
        _prefixLookup = _prefixes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _byKey.Count;

    /// <summary>The keys of the first words of all phrases (for a quick union test across indexes).</summary>
    public IEnumerable<string> FirstKeys => _firstTokens;

    /// <summary>True when <paramref name="token"/> could start a phrase of one of the indexes whose first keys make up <paramref name="firstKeys"/>.</summary>
    public static bool CanStart(Token token, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> firstKeys)
    {
        Span<char> buffer = stackalloc char[MaxKeyChars];
        var length = 0;
        return Append(token.Norm, buffer, ref length) && length > 0 && firstKeys.Contains(buffer[..length]);
    }

    /// <summary>Copies every phrase of <paramref name="other"/> into this index, its values mapped.</summary>
    public void Merge<TOther>(PhraseIndex<TOther> other, Func<TOther, T> map)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (key, values) in other._byKey)
        {
            if (!_byKey.TryGetValue(key, out var list))
            {
                list = [];
                _byKey[key] = list;
            }
            foreach (var v in values) list.Add(map(v));
        }
        _firstTokens.UnionWith(other._firstTokens);
        _prefixes.UnionWith(other._prefixes);
        _maxTokens = Math.Max(_maxTokens, other._maxTokens);
    }

    public void Add(string phrase, T value)
    {
        var tokens = Tokenizer.Tokenize(phrase).Where(t => t.Kind is TokenKind.Word or TokenKind.Number).ToArray();
        if (tokens.Length == 0) return;
        Span<char> buffer = stackalloc char[MaxKeyChars];
        var length = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!Append(tokens[i].Norm, buffer, ref length)) return;
            if (i == 0) _firstTokens.Add(buffer[..length].ToString());
            _prefixes.Add(buffer[..length].ToString());
        }
        var key = buffer[..length].ToString();
        if (!_byKey.TryGetValue(key, out var list))
        {
            list = [];
            _byKey[key] = list;
        }
        if (!list.Contains(value)) list.Add(value);
        _maxTokens = Math.Max(_maxTokens, tokens.Length);
    }

    /// <summary>
    /// The longest known phrase starting at <paramref name="start"/>, or 0 when none. Only word and
    /// number tokens take part; a phrase never runs over punctuation.
    /// </summary>
    public int Match(Token[] tokens, int start, out List<T>? values)
    {
        values = null;
        if (start >= tokens.Length || !tokens[start].IsWord && tokens[start].Kind != TokenKind.Number) return 0;
        Span<char> buffer = stackalloc char[MaxKeyChars];
        var length = 0;
        if (!Append(tokens[start].Norm, buffer, ref length) || length == 0) return 0;
        if (!_firstLookup.Contains(buffer[..length])) return 0;

        var best = 0;
        for (var k = start; k < tokens.Length && k - start < _maxTokens; k++)
        {
            WorkMeter.Step();
            if (k > start)
            {
                var t = tokens[k];
                if (!t.IsWord && t.Kind != TokenKind.Number) break;
                if (!Append(t.Norm, buffer, ref length)) break;
                if (!_prefixLookup.Contains(buffer[..length])) break;
            }
            if (_lookup.TryGetValue(buffer[..length], out var found))
            {
                best = k - start + 1;
                values = found;
            }
        }
        return best;
    }

    public bool TryGet(string phrase, out List<T>? values)
    {
        Span<char> buffer = stackalloc char[MaxKeyChars];
        var length = 0;
        foreach (var t in Tokenizer.Tokenize(phrase))
        {
            if (!t.IsWord && t.Kind != TokenKind.Number) continue;
            if (!Append(t.Norm, buffer, ref length)) { values = null; return false; }
        }
        return _lookup.TryGetValue(buffer[..length], out values);
    }

    private static bool Append(string norm, Span<char> buffer, ref int length)
    {
        foreach (var c in norm)
        {
            if (c is '-' or '.' or '\'') continue;
            if (length >= buffer.Length) return false;
            buffer[length++] = c;
        }
        return true;
    }
}

/// <summary>The key a phrase is indexed under: folded words without hyphens, dots or apostrophes.</summary>
internal static class PhraseKey
{
    public static string Of(string phrase)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var t in Tokenizer.Tokenize(phrase))
        {
            if (!t.IsWord && t.Kind != TokenKind.Number) continue;
            Append(sb, t.Norm);
        }
        return sb.ToString();
    }

    public static string Of(Token[] tokens, int start, int end)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = start; i < end; i++)
        {
            if (!tokens[i].IsWord && tokens[i].Kind != TokenKind.Number) continue;
            Append(sb, tokens[i].Norm);
        }
        return sb.ToString();
    }

    private static void Append(System.Text.StringBuilder sb, string norm)
    {
        foreach (var c in norm)
        {
            if (c is '-' or '.' or '\'') continue;
            sb.Append(c);
        }
    }
}
