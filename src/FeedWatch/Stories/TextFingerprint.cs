using System.Globalization;
using System.Text;

namespace FeedWatch.Stories;

/// <summary>
/// A MinHash signature of a text's word shingles: two texts' signatures agree in about the share of shingles the
/// texts share (their Jaccard similarity). Syndicated copies of one article (another headline, a line added, the
/// outlet's furniture) share most shingles; two reports of the same meeting written apart share few.
/// </summary>
public sealed class TextFingerprint
{
    private const int Size = 64;
    private const int ShingleWords = 4;
    private static readonly (ulong Mul, ulong Add)[] Permutations = MakePermutations();

    private readonly uint[] _mins;

    private TextFingerprint(uint[] mins) => _mins = mins;

    public static TextFingerprint Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = Words(text);
        var mins = new uint[Size];
        Array.Fill(mins, uint.MaxValue);
        if (words.Count == 0) return new TextFingerprint(mins);
        var k = Math.Min(ShingleWords, words.Count);
        for (var i = 0; i + k <= words.Count; i++)
        {
            var h = 14695981039346656037UL; // FNV-1a over the shingle's words: stable across processes, unlike string.GetHashCode
            for (var w = i; w < i + k; w++)
            {
                foreach (var c in words[w]) h = (h ^ c) * 1099511628211UL;
                h = (h ^ ' ') * 1099511628211UL;
            }
            for (var j = 0; j < Size; j++)
            {
                var v = (uint)((h * Permutations[j].Mul + Permutations[j].Add) >> 32);
                if (v < mins[j]) mins[j] = v;
            }
        }
        return new TextFingerprint(mins);
    }

    /// <summary>The estimated share of shingles the two texts have in common, 0 to 1; 0 for an empty text.</summary>
    public double Similarity(TextFingerprint other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (_mins[0] == uint.MaxValue || other._mins[0] == uint.MaxValue) return 0;
        var same = 0;
        for (var j = 0; j < Size; j++)
        {
            if (_mins[j] == other._mins[j]) same++;
        }
        return same / (double)Size;
    }

    public override string ToString()
    {
        var sb = new StringBuilder(Size * 8);
        foreach (var m in _mins) sb.Append(m.ToString("x8", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    public static TextFingerprint? Parse(string? text)
    {
        if (text is null || text.Length != Size * 8) return null;
        var mins = new uint[Size];
        for (var j = 0; j < Size; j++)
        {
            if (!uint.TryParse(text.AsSpan(j * 8, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out mins[j])) return null;
        }
        return new TextFingerprint(mins);
    }

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
            else if (sb.Length > 0)
            {
                words.Add(sb.ToString());
                sb.Clear();
            }
        }
        if (sb.Length > 0) words.Add(sb.ToString());
        return words;
    }

    private static (ulong, ulong)[] MakePermutations()
    {
        // SplitMix64 from a fixed seed: the same permutations in every process, so stored signatures stay comparable.
        var state = 0x9E3779B97F4A7C15UL;
        var result = new (ulong, ulong)[Size];
        for (var j = 0; j < Size; j++) result[j] = (Next(ref state) | 1, Next(ref state));
        return result;

        static ulong Next(ref ulong s)
        {
            var z = s += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
