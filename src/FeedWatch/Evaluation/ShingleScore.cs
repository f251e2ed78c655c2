using System.Globalization;

namespace FeedWatch.Evaluation;

/// <summary>Precision, recall and F1 of one page's extracted text against the true text.</summary>
internal readonly record struct ShingleMatch(int TruePositives, int FalsePositives, int FalseNegatives)
{
    /// <summary>Share of the extracted shingles that are in the truth; 1 when both texts are empty, 0 when only the truth has text.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? (FalseNegatives == 0 ? 1 : 0) : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>Share of the true shingles that were extracted; 1 when both texts are empty, 0 when only the extraction has text.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? (FalsePositives == 0 ? 1 : 0) : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>
/// The measure of the article-extraction benchmark: text compared as multisets of shingles, each shingle four
/// consecutive word tokens.
/// <list type="bullet">
/// <item>Tokens: maximal runs of .NET <c>\w</c> characters (Unicode letters, nonspacing marks, decimal digits,
/// connector punctuation such as "_"), lower-cased with the invariant culture. Everything else separates tokens,
/// so "don't" is two tokens and a run of Chinese characters without spaces is one.</item>
/// <item>Shingles: every window of four consecutive tokens; a text of one to three tokens has one shorter shingle
/// of all its tokens; a text without tokens has none. Shingles cross paragraph boundaries: the text is read as one
/// stream.</item>
/// <item>Matching: multisets (a shingle that occurs twice in the truth must be extracted twice), so TP = Σ min(true,
/// extracted), FP = Σ (extracted − true)⁺, FN = Σ (true − extracted)⁺ over all shingles.</item>
/// <item>Per page: P = TP/(TP+FP), R = TP/(TP+FN), F1 their harmonic mean. Both texts empty is perfect agreement
/// (P = R = F1 = 1); an empty extraction of a non-empty truth scores P = R = F1 = 0.</item>
/// <item>Over pages: the plain mean of the per-page P, R and F1 (every page weighs the same, whatever its length).</item>
/// </list>
/// </summary>
internal static class ShingleScore
{
    public const int ShingleSize = 4;

    public static ShingleMatch Compare(string truth, string extracted)
    {
        var expected = Shingles(truth);
        var found = Shingles(extracted);
        int tp = 0, fp = 0, fn = 0;
        foreach (var (shingle, count) in found)
        {
            var want = expected.GetValueOrDefault(shingle);
            tp += Math.Min(count, want);
            fp += Math.Max(0, count - want);
        }
        foreach (var (shingle, want) in expected)
        {
            fn += Math.Max(0, want - found.GetValueOrDefault(shingle));
        }
        return new ShingleMatch(tp, fp, fn);
    }

    /// <summary>Lower-cased maximal runs of word characters.</summary>
    public static List<string> Tokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var word = i < text.Length && IsWordChar(text[i]);
            if (word && start < 0) start = i;
            else if (!word && start >= 0)
            {
                tokens.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
        return tokens;
    }

    /// <summary>The characters of .NET's <c>\w</c>: letters, nonspacing marks, decimal digits and connector punctuation.</summary>
    public static bool IsWordChar(char c) => CharUnicodeInfo.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation => true,
        _ => false,
    };

    public static Dictionary<string, int> Shingles(string text)
    {
        var tokens = Tokens(text);
        var shingles = new Dictionary<string, int>(StringComparer.Ordinal);
        if (tokens.Count == 0) return shingles;
        var windows = Math.Max(1, tokens.Count - ShingleSize + 1);
        for (var i = 0; i < windows; i++)
        {
            // Tokens never contain a space, so joining with one keeps shingles distinct.
            var shingle = string.Join(' ', tokens.GetRange(i, Math.Min(ShingleSize, tokens.Count - i)));
            shingles[shingle] = shingles.GetValueOrDefault(shingle) + 1;
        }
        return shingles;
    }
}
