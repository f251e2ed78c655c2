using System.Text;
using System.Text.RegularExpressions;

namespace FeedWatch.Feeds;

/// <summary>The text of a feed and how its encoding was decided.</summary>
/// <param name="Encoding">The encoding's web name, e.g. "utf-8", "windows-1251".</param>
/// <param name="Source">What decided it: "bom", "http", "xml", "detected".</param>
/// <param name="Warning">Set when a declared encoding was wrong or unknown and another was used.</param>
public sealed record DecodedFeed(string Text, string Encoding, string Source, string? Warning);

/// <summary>
/// Turns a feed's bytes into text. The order follows RFC 7303: a byte order mark, then the charset of the HTTP
/// Content-Type, then the XML declaration; with none of them, valid UTF-8 is UTF-8 and anything else is guessed
/// between windows-1251 (Cyrillic) and windows-1252 (Latin-1), the two single-byte encodings feeds use undeclared.
/// A declaration that the bytes contradict (UTF-8 declared, not valid UTF-8) loses to detection, with a warning.
/// </summary>
public static partial class FeedDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static FeedDecoder()
    {
        // windows-125x, KOI8-R, ISO-8859-x, Shift_JIS, Big5, ... are not in .NET's default set.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static DecodedFeed Decode(ReadOnlySpan<byte> bytes, string? httpCharset)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return Strict(bytes[3..], Encoding.UTF8, "bom", null);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return new(Encoding.Unicode.GetString(bytes[2..]), "utf-16", "bom", null);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return new(Encoding.BigEndianUnicode.GetString(bytes[2..]), "utf-16BE", "bom", null);
        // UTF-16 without a BOM still starts "<?" as 3C 00 3F 00 (LE) or 00 3C 00 3F (BE).
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x3C, 0x00, 0x3F, 0x00])) return new(Encoding.Unicode.GetString(bytes), "utf-16", "detected", null);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x3C, 0x00, 0x3F])) return new(Encoding.BigEndianUnicode.GetString(bytes), "utf-16BE", "detected", null);

        string? warning = null;
        if (!string.IsNullOrWhiteSpace(httpCharset))
        {
            if (TryGetEncoding(httpCharset, out var fromHeader)) return Strict(bytes, fromHeader!, "http", null);
            warning = $"the server declared an unknown charset \"{Clip(httpCharset)}\"";
        }
        var declared = DeclaredEncoding(bytes);
        if (declared is not null)
        {
            if (TryGetEncoding(declared, out var fromDeclaration)) return Strict(bytes, fromDeclaration!, "xml", warning);
            warning = Join(warning, $"the XML declaration names an unknown encoding \"{Clip(declared)}\"");
        }
        return Detect(bytes, warning);
    }

    /// <summary>Decodes with <paramref name="encoding"/>; UTF-8 that is not valid UTF-8 falls back to detection.</summary>
    private static DecodedFeed Strict(ReadOnlySpan<byte> bytes, Encoding encoding, string source, string? warning)
    {
        if (encoding.CodePage == Encoding.UTF8.CodePage)
        {
            try
            {
                return new(StrictUtf8.GetString(bytes), "utf-8", source, warning);
            }
            catch (DecoderFallbackException)
            {
                var detected = DetectSingleByte(bytes);
                return new(detected.GetString(bytes), detected.WebName, "detected",
                    Join(warning, $"declared UTF-8 ({source}) but the bytes are not UTF-8; read as {detected.WebName}"));
            }
        }
        if (encoding.CodePage is 20127 or 28591)
        {
            // us-ascii and iso-8859-1 are what servers say by default: read as windows-1252, their superset
            // (the bytes 0x80-0x9F are curly quotes and dashes in practice, never C1 controls).
            encoding = Encoding.GetEncoding(1252);
        }
        return new(encoding.GetString(bytes), encoding.WebName, source, warning);
    }

    private static DecodedFeed Detect(ReadOnlySpan<byte> bytes, string? warning)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return new(Encoding.UTF8.GetString(bytes), "utf-8", "detected", warning);
        var single = DetectSingleByte(bytes);
        return new(single.GetString(bytes), single.WebName, "detected", warning);
    }

    /// <summary>
    /// Cyrillic text in windows-1251 is mostly letters in 0xC0-0xFF that come in runs (whole words); Latin-1
    /// text has a high byte here and there between ASCII letters. Counting high bytes whose neighbour is also a
    /// high byte tells the two apart on a few dozen words.
    /// </summary>
    internal static Encoding DetectSingleByte(ReadOnlySpan<byte> bytes)
    {
        int high = 0, paired = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] < 0xC0) continue;
            high++;
            if ((i > 0 && bytes[i - 1] >= 0xC0) || (i + 1 < bytes.Length && bytes[i + 1] >= 0xC0)) paired++;
        }
        return high >= 8 && paired * 2 > high ? Encoding.GetEncoding(1251) : Encoding.GetEncoding(1252);
    }

    /// <summary>The encoding named in the XML declaration, read from the first bytes as ASCII.</summary>
    internal static string? DeclaredEncoding(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, 512)]);
        var start = head.IndexOf("<?xml", StringComparison.Ordinal);
        if (start < 0) return null;
        var end = head.IndexOf("?>", start, StringComparison.Ordinal);
        var declaration = end < 0 ? head[start..] : head[start..end];
        var match = EncodingAttribute().Match(declaration);
        return match.Success ? match.Groups[1].Value : null;
    }

    internal static bool TryGetEncoding(string name, out Encoding? encoding)
    {
        encoding = null;
        name = name.Trim().Trim('"', '\'');
        try
        {
            encoding = Encoding.GetEncoding(name);
            return true;
        }
        catch (ArgumentException)
        {
            // "latin-1", "utf8", "win-1251": near misses that real feeds carry.
            var alias = name.ToLowerInvariant().Replace("_", "-", StringComparison.Ordinal) switch
            {
                "latin-1" or "latin1" or "iso-latin-1" or "iso8859-1" => "iso-8859-1",
                "utf8" => "utf-8",
                "win-1251" or "cp-1251" or "windows1251" => "windows-1251",
                "win-1252" or "cp-1252" or "windows1252" => "windows-1252",
                _ => null,
            };
            if (alias is null) return false;
            encoding = Encoding.GetEncoding(alias);
            return true;
        }
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static string? Join(string? a, string b) => a is null ? b : a + "; " + b;

    [GeneratedRegex("""encoding\s*=\s*["']([A-Za-z0-9._:\-]+)["']""", RegexOptions.CultureInvariant)]
    private static partial Regex EncodingAttribute();
}
