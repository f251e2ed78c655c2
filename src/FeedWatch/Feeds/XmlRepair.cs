using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;

namespace FeedWatch.Feeds;

/// <summary>
/// Mends the breakage real feeds carry before an XML parser sees them, each repair one pass over the text:
/// junk before the first tag (whitespace before <c>&lt;?xml</c>, a stray BOM, a PHP notice), an encoding
/// declaration that no longer applies (the text is decoded already), a DOCTYPE (never fetched, never expanded),
/// characters XML forbids (control characters), HTML entities XML does not define (<c>&amp;nbsp;</c>), and bare
/// ampersands. <see cref="Salvage"/> recovers the complete items of a document cut short.
/// </summary>
public static class XmlRepair
{
    private static readonly string[] XmlEntities = ["amp", "lt", "gt", "quot", "apos"];

    /// <summary>Returns the mended text; <paramref name="repairs"/> gets one line per kind of repair made.</summary>
    public static string Clean(string text, ICollection<string> repairs)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(repairs);
        var start = text.IndexOf('<', StringComparison.Ordinal);
        if (start < 0) return text;
        if (start > 0)
        {
            if (!string.IsNullOrWhiteSpace(text[..start].Replace("\uFEFF", "", StringComparison.Ordinal))) repairs.Add($"dropped {start} characters before the first tag");
            text = text[start..];
        }
        text = DropDeclarationAndDoctype(text, repairs);
        return FixCharactersAndEntities(text, repairs);
    }

    private static string DropDeclarationAndDoctype(string text, ICollection<string> repairs)
    {
        var declaration = text.IndexOf("<?xml ", StringComparison.OrdinalIgnoreCase);
        if (declaration >= 0 && declaration < 4096)
        {
            var end = text.IndexOf("?>", declaration, StringComparison.Ordinal);
            // The text is decoded already: an encoding named here would only confuse the parser. A declaration
            // after a comment (it happens) is an error to XML; dropping it loses nothing.
            if (end > 0)
            {
                if (declaration > 0) repairs.Add("dropped an XML declaration that was not at the start");
                text = string.Concat(text.AsSpan(0, declaration), text.AsSpan(end + 2));
            }
        }
        // Only a DOCTYPE in the prolog is one: "<!DOCTYPE" in an item's CDATA is text.
        var doctype = PrologDoctype(text);
        if (doctype >= 0)
        {
            // Up to the '>' that closes it, past an internal subset in [...] if there is one.
            var depth = 0;
            for (var i = doctype + 9; i < text.Length; i++)
            {
                if (text[i] == '[') depth++;
                else if (text[i] == ']') depth--;
                else if (text[i] == '>' && depth <= 0)
                {
                    text = string.Concat(text.AsSpan(0, doctype), text.AsSpan(i + 1));
                    repairs.Add("dropped the DOCTYPE (never fetched or expanded)");
                    break;
                }
            }
        }
        return text;
    }

    /// <summary>Where the DOCTYPE is, if the prolog (before the root element, past comments and processing instructions) has one; else -1.</summary>
    private static int PrologDoctype(string text)
    {
        var i = 0;
        while (i < text.Length && i < 65536)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            else if (string.CompareOrdinal(text, i, "<!--", 0, 4) == 0)
            {
                var end = text.IndexOf("-->", i + 4, StringComparison.Ordinal);
                if (end < 0) return -1;
                i = end + 3;
            }
            else if (string.CompareOrdinal(text, i, "<?", 0, 2) == 0)
            {
                var end = text.IndexOf("?>", i + 2, StringComparison.Ordinal);
                if (end < 0) return -1;
                i = end + 2;
            }
            else
            {
                return string.Compare(text, i, "<!DOCTYPE", 0, 9, StringComparison.OrdinalIgnoreCase) == 0 ? i : -1;
            }
        }
        return -1;
    }

    private static string FixCharactersAndEntities(string text, ICollection<string> repairs)
    {
        StringBuilder? sb = null;
        int controls = 0, entities = 0, ampersands = 0;
        var copied = 0;
        var i = 0;
        void Flush(int upTo)
        {
            sb ??= new StringBuilder(text.Length + 64);
            sb.Append(text, copied, upTo - copied);
        }
        while (i < text.Length)
        {
            var ch = text[i];
            if (ch == '<' && string.CompareOrdinal(text, i, "<![CDATA[", 0, 9) == 0)
            {
                // CDATA content is literal: entities stay as they are; only forbidden characters go.
                var end = text.IndexOf("]]>", i + 9, StringComparison.Ordinal);
                var stop = end < 0 ? text.Length : end + 3;
                for (var j = i + 9; j < stop; j++)
                {
                    if (!IsXmlChar(text, j, out var width))
                    {
                        Flush(j);
                        copied = j + 1;
                        controls++;
                    }
                    else j += width - 1;
                }
                i = stop;
                continue;
            }
            if (ch == '<' && string.CompareOrdinal(text, i, "<!--", 0, 4) == 0)
            {
                var end = text.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 3;
                continue;
            }
            if (ch == '&')
            {
                var replacement = Entity(text, i, out var length);
                if (replacement is not null)
                {
                    Flush(i);
                    sb!.Append(replacement);
                    copied = i + length;
                    if (replacement == "&amp;") ampersands++; else entities++;
                }
                i += length;
                continue;
            }
            if (!IsXmlChar(text, i, out var w))
            {
                Flush(i);
                // A vertical tab or form feed stood between words: keep them apart.
                if (ch is '\v' or '\f') sb!.Append(' ');
                copied = i + 1;
                controls++;
                i++;
                continue;
            }
            i += w;
        }
        if (sb is null) return text;
        sb.Append(text, copied, text.Length - copied);
        if (controls > 0) repairs.Add($"removed {controls} characters XML forbids (control characters)");
        if (entities > 0) repairs.Add($"replaced {entities} HTML entities XML does not define");
        if (ampersands > 0) repairs.Add($"escaped {ampersands} bare ampersands");
        return sb.ToString();
    }

    /// <summary>
    /// What to write for the '&amp;' at <paramref name="at"/>: null to keep it (a valid XML reference), a numeric
    /// reference for an HTML entity, or "&amp;amp;" for a bare ampersand; <paramref name="length"/> is how much
    /// of the input that covers.
    /// </summary>
    private static string? Entity(string text, int at, out int length)
    {
        length = 1;
        var semicolon = text.IndexOf(';', at + 1, Math.Min(34, text.Length - at - 1));
        if (semicolon < 0) return "&amp;";
        var name = text.AsSpan(at + 1, semicolon - at - 1);
        if (name.Length == 0) return "&amp;";
        if (name[0] == '#')
        {
            var hex = name.Length > 1 && (name[1] == 'x' || name[1] == 'X');
            var digits = hex ? name[2..] : name[1..];
            if (!int.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var code)) return "&amp;";
            length = semicolon - at + 1;
            // "&#X41;": HTML reads an upper-case X, XML does not.
            if (name[1] == 'X') return $"&#x{digits};";
            // &#150; and friends mean windows-1252's dashes and quotes, as browsers read them.
            if (code is >= 0x80 and <= 0x9F)
            {
                var mapped = Encoding.GetEncoding(1252).GetString([(byte)code]);
                return $"&#{(int)mapped[0]};";
            }
            if (code is 0x9 or 0xA or 0xD || (code >= 0x20 && code <= 0xD7FF) || (code >= 0xE000 && code <= 0xFFFD) || (code >= 0x10000 && code <= 0x10FFFF)) return null;
            return string.Empty; // a reference to a character XML forbids: drop it
        }
        foreach (var ch in name)
        {
            if (!char.IsAsciiLetterOrDigit(ch)) return "&amp;";
        }
        length = semicolon - at + 1;
        var entityName = name.ToString();
        if (XmlEntities.Contains(entityName, StringComparer.Ordinal)) return null;
        var decoded = WebUtility.HtmlDecode("&" + entityName + ";");
        if (decoded.Length == 0 || decoded[0] == '&')
        {
            length = 1;
            return "&amp;"; // not an entity anyone knows: keep the text as written
        }
        var sb = new StringBuilder();
        for (var k = 0; k < decoded.Length; k++)
        {
            var cp = char.IsSurrogatePair(decoded, k) ? char.ConvertToUtf32(decoded[k], decoded[++k]) : decoded[k];
            sb.Append(CultureInfo.InvariantCulture, $"&#{cp};");
        }
        return sb.ToString();
    }

    private static bool IsXmlChar(string text, int i, out int width)
    {
        width = 1;
        var ch = text[i];
        if (ch >= 0x20 && ch <= 0xD7FF) return true;
        if (ch is '\t' or '\n' or '\r') return true;
        if (ch >= 0xE000 && ch <= 0xFFFD) return true;
        if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            width = 2;
            return true;
        }
        return false;
    }

    /// <summary>
    /// For a document that stops being well-formed (cut short, or broken part way), returns the text up to the end
    /// of the last complete item or entry with the elements then open closed again, so every item before the
    /// break can still be read; null when there is no complete item to keep.
    /// </summary>
    public static string? Salvage(string xml, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(xml);
        problem = null;
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, CheckCharacters = false };
        var stack = new List<string>();
        (int Line, int Position, string[] Open)? safe = null;
        (int Line, int Position, string[] Open)? openItem = null;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            var info = (IXmlLineInfo)reader;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && !reader.IsEmptyElement)
                {
                    if (reader.LocalName is "item" or "entry" && openItem is null) openItem = (info.LineNumber, info.LinePosition, [.. stack]);
                    stack.Add(reader.Name);
                }
                else if (reader.NodeType == XmlNodeType.EndElement && stack.Count > 0)
                {
                    stack.RemoveAt(stack.Count - 1);
                    if (reader.LocalName is "item" or "entry" && openItem is { } item && item.Open.Length == stack.Count)
                    {
                        safe = (info.LineNumber, info.LinePosition, [.. stack]);
                        openItem = null;
                    }
                }
            }
            return null; // well-formed after all: nothing to salvage
        }
        catch (XmlException e)
        {
            problem = $"line {e.LineNumber}, position {e.LinePosition}: {e.Message}";
        }
        // Broken inside an item: keep everything before that item's start tag, and close what was open around it.
        if (openItem is { } broken)
        {
            var start = Offset(xml, broken.Line, broken.Position) - 1; // the position is the name's; the '<' is before it
            if (start > 0 && xml[start] == '<')
            {
                var kept = new StringBuilder(xml, 0, start, start + 256);
                for (var k = broken.Open.Length - 1; k >= 0; k--) kept.Append("</").Append(broken.Open[k]).Append('>');
                return kept.ToString();
            }
        }
        // Cut short outside any item (a closing tag chopped, "</rss"): close what is open at the last whole tag.
        if (problem.Contains("Unexpected end of file", StringComparison.Ordinal) && !stack.Any(n => LocalName(n) is "item" or "entry"))
        {
            var lastTag = xml.LastIndexOf('>');
            if (lastTag > 0 && stack.Count > 0)
            {
                var closed = new StringBuilder(xml, 0, lastTag + 1, lastTag + 256);
                for (var k = stack.Count - 1; k >= 0; k--) closed.Append("</").Append(stack[k]).Append('>');
                return closed.ToString();
            }
        }
        if (safe is not { } s) return null;
        var offset = Offset(xml, s.Line, s.Position);
        var close = offset < 0 ? -1 : xml.IndexOf('>', offset);
        if (close < 0) return null;
        var sb = new StringBuilder(xml, 0, close + 1, close + 256);
        for (var k = s.Open.Length - 1; k >= 0; k--) sb.Append("</").Append(s.Open[k]).Append('>');
        return sb.ToString();
    }

    private static string LocalName(string qualified) => qualified[(qualified.IndexOf(':', StringComparison.Ordinal) + 1)..];

    /// <summary>The character offset of a 1-based line and position as XmlReader counts them (CR, LF and CRLF end a line).</summary>
    private static int Offset(string text, int line, int position)
    {
        var current = 1;
        var i = 0;
        while (current < line && i < text.Length)
        {
            if (text[i] == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                current++;
            }
            else if (text[i] == '\n') current++;
            i++;
        }
        var offset = i + position - 1;
        return current == line && offset < text.Length ? offset : -1;
    }
}
