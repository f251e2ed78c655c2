using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace FeedWatch.Articles;

/// <summary>
/// Turns a page's bytes into text the way a browser picks the encoding, in order: a byte-order mark, the
/// charset of the HTTP Content-Type, a &lt;meta&gt; charset in the first bytes, and otherwise UTF-8 when the
/// bytes are valid UTF-8 and Windows-1252 when they are not (the web's legacy default). One exception: bytes
/// that are valid UTF-8 and not plain ASCII are read as UTF-8 whatever the declarations say. Bytes that are
/// invalid in the chosen encoding become U+FFFD; decoding never fails.
/// </summary>
internal static partial class PageDecoder
{
    // The HTML standard prescans 1,024 bytes; pages that put a long comment or script first are common enough
    // that a few more cost nothing.
    private const int PrescanBytes = 4096;

    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    public static string Decode(ReadOnlySpan<byte> bytes, string? contentType = null)
    {
        if (bytes is [0xEF, 0xBB, 0xBF, ..]) return Encoding.UTF8.GetString(bytes[3..]);
        if (bytes is [0xFF, 0xFE, ..]) return Encoding.Unicode.GetString(bytes[2..]);
        if (bytes is [0xFE, 0xFF, ..]) return Encoding.BigEndianUnicode.GetString(bytes[2..]);

        // Text in a legacy encoding almost never happens to be valid UTF-8 once it has a few non-ASCII bytes, while
        // pages re-saved as UTF-8 that keep their old charset declaration are common: valid UTF-8 with non-ASCII
        // content is read as UTF-8 whatever the page or server says.
        if (Utf8.IsValid(bytes) && bytes.ContainsAnyExceptInRange((byte)0, (byte)0x7F)) return Encoding.UTF8.GetString(bytes);
        var encoding = FromLabel(CharsetOf(contentType), fromMeta: false)
            ?? FromLabel(MetaCharset(bytes[..Math.Min(bytes.Length, PrescanBytes)]), fromMeta: true)
            ?? (Utf8.IsValid(bytes) ? Encoding.UTF8 : Windows1252);
        return encoding.GetString(bytes);
    }

    /// <summary>The charset parameter of a Content-Type value such as <c>text/html; charset=ISO-8859-1</c>.</summary>
    public static string? CharsetOf(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return null;
        var match = CharsetParameter().Match(contentType);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>The encoding a label names, with the HTML standard's overrides; null when the label is unknown.</summary>
    public static Encoding? FromLabel(string? label, bool fromMeta)
    {
        if (string.IsNullOrWhiteSpace(label)) return null;
        var name = label.Trim().ToLowerInvariant();
        switch (name)
        {
            // The standard maps these labels to Windows-1252, which is what servers that send them mean.
            case "iso-8859-1" or "iso8859-1" or "latin1" or "l1" or "us-ascii" or "ascii" or "cp1252" or "windows-1252":
                return Windows1252;
            case "utf-8" or "utf8" or "unicode-1-1-utf-8":
                return Encoding.UTF8;
            // A page that is really UTF-16 starts with a byte-order mark; one that only says so in a meta tag is
            // ASCII-compatible by construction, so the standard reads it as UTF-8.
            case "utf-16" or "utf-16le" or "utf-16be" or "unicode" when fromMeta:
                return Encoding.UTF8;
            case "utf-16" or "utf-16le" or "unicode":
                return Encoding.Unicode;
            case "utf-16be":
                return Encoding.BigEndianUnicode;
        }
        try
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string? MetaCharset(ReadOnlySpan<byte> prefix)
    {
        // Latin-1 keeps one char per byte, so the ASCII of the markup reads the same whatever the real encoding.
        var match = MetaCharsetPattern().Match(Encoding.Latin1.GetString(prefix));
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"charset\s*=\s*[""']?\s*([\w.:-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CharsetParameter();

    [GeneratedRegex(@"<meta\b[^>]*?charset\s*=\s*[""']?\s*([\w.:-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharsetPattern();
}
