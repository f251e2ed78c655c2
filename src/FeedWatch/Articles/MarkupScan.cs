using System.Collections.Frozen;

namespace FeedWatch.Articles;

/// <summary>
/// One linear pass over the markup before it is parsed, for two things:
/// <list type="bullet">
/// <item>How deep the page nests its elements. The HTML tree builder walks its stack of open elements for many
/// start tags (a &lt;div&gt; checks for an open &lt;p&gt; "in button scope"), so a page nested n levels deep costs
/// about n² steps: 100,000 nested divs keep AngleSharp busy for tens of seconds. The scan follows the tree builder
/// closely enough to bound that: it keeps a stack of open element names, pops to the matching name on an end tag,
/// skips comments and raw text (script, style, textarea...), and leaves out elements that never stay open (void
/// elements, p, li, td...).</item>
/// <item>The page's JSON-LD blocks, so that the parser can skip the text of every script (often most of a page's
/// bytes) and still leave the metadata readable.</item>
/// </list>
/// </summary>
internal static class MarkupScan
{
    // Void elements, and elements the tree builder closes by itself when a sibling starts (p, li, td, a...):
    // they never accumulate, so counting them would only make ordinary sloppy pages look deep.
    private static readonly FrozenSet<string> NeverStaysOpen = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input", "keygen",
        "link", "meta", "param", "source", "track", "wbr", "menuitem",
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "colgroup",
        "rb", "rt", "rtc", "rp", "a", "button", "form", "nobr", "html", "head", "body");

    // Elements whose content is text up to their end tag: a "<div>" inside a script is not markup.
    private static readonly FrozenSet<string> RawText = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> NeverStaysOpenLookup =
        NeverStaysOpen.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> RawTextLookup =
        RawText.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Scans <paramref name="html"/>; stops early, with <see cref="Result.TooDeep"/> set, once nesting passes <paramref name="limit"/>.</summary>
    public static Result Scan(string html, int limit)
    {
        ArgumentNullException.ThrowIfNull(html);
        var jsonLd = new List<string>();
        var open = new List<(int Start, int Length)>();
        var foreign = 0; // open svg/math elements: inside them "/>" really closes an element
        var i = 0;
        while (true)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0 || lt + 1 >= html.Length) return new Result(false, jsonLd);
            var c = html[lt + 1];
            if (c == '!')
            {
                i = html.AsSpan(lt).StartsWith("<!--") ? SkipPast(html, lt + 4, "-->") : SkipPast(html, lt + 2, ">");
                continue;
            }
            if (c == '?')
            {
                i = SkipPast(html, lt + 2, ">");
                continue;
            }
            var isEnd = c == '/';
            var nameStart = isEnd ? lt + 2 : lt + 1;
            var nameEnd = nameStart;
            while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] is '-' or ':' or '_')) nameEnd++;
            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart]))
            {
                i = lt + 1; // a bare "<" in text
                continue;
            }
            var name = html.AsSpan(nameStart, nameEnd - nameStart);
            var (tagEnd, selfClosing) = EndOfTag(html, nameEnd);
            i = tagEnd;
            if (isEnd)
            {
                for (var k = open.Count - 1; k >= 0; k--)
                {
                    if (!html.AsSpan(open[k].Start, open[k].Length).Equals(name, StringComparison.OrdinalIgnoreCase)) continue;
                    for (var j = open.Count - 1; j >= k; j--)
                    {
                        if (IsForeignRoot(html.AsSpan(open[j].Start, open[j].Length))) foreign--;
                    }
                    open.RemoveRange(k, open.Count - k);
                    break;
                }
                continue;
            }
            if (RawTextLookup.Contains(name) && !selfClosing)
            {
                var close = html.IndexOf(string.Concat("</", name), i, StringComparison.OrdinalIgnoreCase);
                var end = close < 0 ? html.Length : close;
                if (name.Equals("script", StringComparison.OrdinalIgnoreCase)
                    && html.AsSpan(nameEnd, tagEnd - nameEnd).Contains("ld+json", StringComparison.OrdinalIgnoreCase))
                {
                    jsonLd.Add(html[i..end]);
                }
                i = end;
                continue;
            }
            if (NeverStaysOpenLookup.Contains(name) || (selfClosing && foreign > 0)) continue;
            if (IsForeignRoot(name)) foreign++;
            open.Add((nameStart, name.Length));
            if (open.Count > limit) return new Result(true, jsonLd);
        }
    }

    /// <summary>What the scan found: whether the nesting passed the limit, and the text of each JSON-LD script in page order.</summary>
    public readonly record struct Result(bool TooDeep, IReadOnlyList<string> JsonLd);

    private static bool IsForeignRoot(ReadOnlySpan<char> name) =>
        name.Equals("svg", StringComparison.OrdinalIgnoreCase) || name.Equals("math", StringComparison.OrdinalIgnoreCase);

    private static int SkipPast(string html, int from, string marker)
    {
        var at = html.IndexOf(marker, from, StringComparison.Ordinal);
        return at < 0 ? html.Length : at + marker.Length;
    }

    // The index after the tag's '>', skipping quoted attribute values (they may hold '>'), and whether it ends "/>".
    // A quote opens a value only right after '=' (as in the tokenizer); elsewhere it is part of a name.
    private static (int End, bool SelfClosing) EndOfTag(string html, int from)
    {
        var i = from;
        while (true)
        {
            var at = html.AsSpan(i).IndexOfAny(TagEndOrQuote);
            if (at < 0) return (html.Length, false);
            at += i;
            if (html[at] == '>') return (at + 1, at > from && html[at - 1] == '/');
            var before = html.AsSpan(from, at - from).TrimEnd();
            if (before.Length > 0 && before[^1] == '=')
            {
                var close = html.IndexOf(html[at], at + 1);
                if (close < 0) return (html.Length, false);
                i = close + 1;
            }
            else
            {
                i = at + 1;
            }
        }
    }

    private static readonly System.Buffers.SearchValues<char> TagEndOrQuote = System.Buffers.SearchValues.Create(">\"'");
}
