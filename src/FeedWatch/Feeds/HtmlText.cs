using System.Net;
using System.Text;

namespace FeedWatch.Feeds;

/// <summary>
/// Plain text from the HTML of a feed's description or content: tags dropped, block elements turned into line
/// breaks (the analyser reads one paragraph a line), entities decoded, script and style left out. Text without
/// tags keeps its own line breaks.
/// </summary>
public static class HtmlText
{
    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote",
        "article", "section", "header", "footer", "figure", "figcaption", "pre", "hr", "dd", "dt",
    };

    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrEmpty(html)) return string.Empty;
        if (!LooksLikeHtml(html)) return Tidy(WebUtility.HtmlDecode(html), keepLineBreaks: true);
        var sb = new StringBuilder(html.Length);
        var i = 0;
        while (i < html.Length)
        {
            var ch = html[i];
            if (ch != '<')
            {
                var next = html.IndexOf('<', i);
                if (next < 0) next = html.Length;
                sb.Append(WebUtility.HtmlDecode(html[i..next]).Replace('\n', ' ').Replace('\r', ' '));
                i = next;
                continue;
            }
            if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                var endComment = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = endComment < 0 ? html.Length : endComment + 3;
                continue;
            }
            var end = html.IndexOf('>', i + 1);
            if (end < 0)
            {
                // No '>' follows: not a tag, just a '<' in the text.
                sb.Append(WebUtility.HtmlDecode(html[i..]));
                break;
            }
            var name = TagName(html, i + 1, end);
            if (name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase))
            {
                var close = html.IndexOf("</" + name, end, StringComparison.OrdinalIgnoreCase);
                var closeEnd = close < 0 ? -1 : html.IndexOf('>', close);
                i = closeEnd < 0 ? html.Length : closeEnd + 1;
                continue;
            }
            // Inline tags sit inside words' flow ("<b>meet</b>."): they leave nothing behind.
            if (BlockTags.Contains(name)) sb.Append('\n');
            i = end + 1;
        }
        return Tidy(sb.ToString(), keepLineBreaks: true);
    }

    /// <summary>One line of text: for titles, which feeds sometimes fill with HTML or line breaks.</summary>
    public static string ToLine(string? html) => Tidy(ToPlainText(html), keepLineBreaks: false);

    private static bool LooksLikeHtml(string s)
    {
        for (var i = s.IndexOf('<', StringComparison.Ordinal); i >= 0 && i + 1 < s.Length; i = s.IndexOf('<', i + 1))
        {
            var c = s[i + 1];
            if (char.IsAsciiLetter(c) || c == '/' || c == '!') return true;
        }
        return false;
    }

    private static string TagName(string html, int from, int end)
    {
        var i = from;
        if (i < end && html[i] == '/') i++;
        var start = i;
        while (i < end && char.IsAsciiLetterOrDigit(html[i])) i++;
        return html[start..i];
    }

    private static string Tidy(string text, bool keepLineBreaks)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = string.Join(' ', raw.Replace('\u00A0', ' ').Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries));
            if (line.Length == 0) continue;
            if (sb.Length > 0) sb.Append(keepLineBreaks ? '\n' : ' ');
            sb.Append(line);
        }
        return sb.ToString();
    }
}
