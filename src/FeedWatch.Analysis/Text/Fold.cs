using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace FeedWatch.Analysis.Text;

/// <summary>
/// Folds text for matching: lower case, diacritics removed, typographic apostrophes and hyphens made
/// plain. "Erdoğan’s" and "erdogan's" fold to the same string.
/// </summary>
internal static class Fold
{
    // Folded words recur ("the", "said", "putin"): keep one string per word instead of one per token. Bounded, so
    // hostile input cannot grow it without end; words past the bound are folded afresh each time.
    private const int CacheLimit = 200_000;
    private const int CacheWordLength = 24;
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> CacheLookup = Cache.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Folds a word, reusing the folded string of a word seen before.</summary>
    public static string Word(ReadOnlySpan<char> text)
    {
        if (text.Length > CacheWordLength) return Apply(text);
        if (CacheLookup.TryGetValue(text, out var cached)) return cached;
        var folded = Apply(text);
        if (Cache.Count < CacheLimit) CacheLookup.TryAdd(text, folded);
        return folded;
    }

    public static string Apply(ReadOnlySpan<char> text)
    {
        // Fast path: plain ASCII needs only lower-casing, which is what almost every token is.
        var ascii = true;
        foreach (var c in text)
        {
            if (c > 0x7F) { ascii = false; break; }
        }
        if (ascii)
        {
            return string.Create(text.Length, text, static (dest, src) =>
            {
                for (var i = 0; i < src.Length; i++)
                {
                    var c = src[i];
                    dest[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
                }
            });
        }
        return Slow(text);
    }

    private static string Slow(ReadOnlySpan<char> text)
    {
        var decomposed = text.ToString().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.SpacingCombiningMark:
                case UnicodeCategory.EnclosingMark:
                    continue;
            }
            sb.Append(Map(c));
        }
        return sb.ToString();
    }

    private static string Map(char c) => c switch
    {
        '\u2019' or '\u2018' or '\u02BC' or '\u00B4' or '`' => "'",
        '\u2010' or '\u2011' or '\u2012' or '\u2013' => "-",
        '\u0131' => "i",
        '\u0142' or '\u0141' => "l",
        '\u00F8' or '\u00D8' => "o",
        '\u00DF' => "ss",
        '\u0111' or '\u0110' => "d",
        '\u00E6' or '\u00C6' => "ae",
        '\u0153' or '\u0152' => "oe",
        '\u00FE' or '\u00DE' => "th",
        _ => char.ToLowerInvariant(c).ToString(),
    };
}
