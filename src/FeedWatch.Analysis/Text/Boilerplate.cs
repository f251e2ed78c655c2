using System.Buffers;
using System.Text.RegularExpressions;

namespace FeedWatch.Analysis.Text;

/// <summary>
/// Removes what pages wrap around a story and what is not the story's text: donation appeals,
/// newsletter boxes, "Read more" links, photo credits. A page's appeal usually opens with a marker
/// ("A Message from ...", "we have a small favor to ask") and runs to the end of the page or to the
/// next paragraph that reads like reporting.
/// </summary>
internal static partial class Boilerplate
{
    // Short interface lines that are never text: buttons, labels, link rows.
    private static readonly HashSet<string> InterfaceLines = new(StringComparer.Ordinal)
    {
        "continue", "read more", "remind me later", "once", "monthly", "annual", "preview", "skip to main content",
        "add new comment", "popular video", "image placeholder title", "share", "share this", "advertisement",
        "paiment methods", "payment methods", "not ready to support today", "comments", "related", "related articles",
        "most read", "also read", "read also", "see also", "subscribe", "sign up", "log in", "login", "print", "email",
        "close", "menu", "search", "top stories", "latest news", "more", "back to top", "cookie settings", "accept",
        "u.s. & world", "zz/pr",
    };

    // Phrases that open a page's appeal block: everything after them is furniture until reporting resumes.
    private static readonly string[] AppealOpeners =
    [
        "a message from", "dear readers", "we have a small favor to ask", "we have a small favour to ask",
        "support independent journalism", "please consider supporting", "become a member", "make a contribution",
    ];

    // Phrases that mark a paragraph as furniture wherever it stands.
    private static readonly string[] Markers =
    [
        "support the moscow times", "support us", "support our", "please support", "your support", "donate", "donation",
        "newsletter", "sign up for", "subscribe to", "subscribers agree", "privacy policy", "terms of use", "cookie",
        "all rights reserved", "legal disclaimer", "remind me later", "not ready to support", "read more", "click here",
        "follow us on", "share this article", "featured image:", "embedded images:", "image placeholder",
        "journalists of", "refuse to be silenced", "independent journalism", "foreign agent", "undesirable",
        "provides the information", "as is\" without warranty", "copyright", "(c) 20", "© ",
    ];

    // Words of an appeal: inside an appeal block a paragraph with one of these is still the appeal.
    private static readonly string[] AppealWords =
    [
        "journalis", "independent", "support", "silence", "donat", "contribut", "mission", "readers", "subscri", "help us",
        "foreign agent", "undesirable", "prosecution", "repression", "our work", "our staff", "we need",
    ];

    // One vectorised scan per list instead of a Contains per phrase.
    // Case-insensitive, so the paragraph need not be lower-cased first (the phrases have no diacritics).
    private static readonly SearchValues<string> AppealOpenerValues = SearchValues.Create(AppealOpeners, StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> MarkerValues = SearchValues.Create(Markers, StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> AppealWordValues = SearchValues.Create(AppealWords, StringComparison.OrdinalIgnoreCase);

    /// <summary>The paragraphs that are the story, with photo credits stripped from the ends of captions.</summary>
    public static List<(int Index, string Text)> Clean(IReadOnlyList<string> paragraphs)
    {
        var kept = new List<(int, string)>();
        var inAppeal = false;
        for (var i = 0; i < paragraphs.Count; i++)
        {
            var text = paragraphs[i].Trim();
            if (text.Length == 0) continue;
            var folded = text.AsSpan();
            var words = CountWords(folded);

            // Interface lines are short: only those are lower-cased and looked up.
            if (text.Length <= 40 && InterfaceLines.Contains(Fold.Apply(text).TrimEnd('.', '!', ':', ' ', '?'))) continue;
            // Openers are headings ("A Message from The Moscow Times:", "Dear readers,"), not sentences that
            // happen to contain the words ("... came in a message from King Salman").
            if (words <= 12 && folded.ContainsAny(AppealOpenerValues))
            {
                inAppeal = true;
                continue;
            }
            var marked = folded.ContainsAny(MarkerValues);
            if (inAppeal)
            {
                var appealLike = marked || words <= 8 || folded.ContainsAny(AppealWordValues);
                if (appealLike) continue;
                inAppeal = false;
            }
            if (marked && words <= 80) continue;
            if (folded.StartsWith("sources:", StringComparison.OrdinalIgnoreCase) || folded.StartsWith("source:", StringComparison.OrdinalIgnoreCase) && words <= 12) continue;
            if (IsLinkRow(text)) continue;

            var cleaned = StripCredit(text);
            if (cleaned.Length > 0) kept.Add((i, cleaned));
        }
        return kept;
    }

    /// <summary>Removes a photo credit from the end of a caption: "... Nov. 9. Kevin Lamarque / Reuters", "Picture: AFP.".</summary>
    internal static string StripCredit(string text)
    {
        // Credits are short and at the very end: look only at the tail, which also bounds the work on huge input.
        var offset = Math.Max(0, text.Length - 160);
        var m = CreditRegex().Match(text, offset);
        return m.Success ? text[..m.Index].TrimEnd() : text;
    }

    private static bool IsLinkRow(string text)
    {
        // An id-like line ("MENAFN09012025000045015687ID1109072374") or a string of headlines with no full stop.
        if (text.Length >= 20 && !text.Contains(' ', StringComparison.Ordinal)) return true;
        return false;
    }

    private static int CountWords(ReadOnlySpan<char> text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var w = char.IsLetterOrDigit(c);
            if (w && !inWord) count++;
            inWord = w;
        }
        return count;
    }

    // After a sentence end: "Name Surname / Agency", "Photo: ...", "Picture: AFP.", "(Reuters)", "REUTERS/Name".
    [GeneratedRegex(@"(?<=[.!?”""]\s*)(?:(?:Photo|Picture|Image|Photograph|Credit|Foto)s?(?:\s+by)?\s*[:/]\s*[^.]{1,80}\.?|\p{Lu}[\p{L}'’\-]+(?:\s+\p{Lu}[\p{L}'’\-\.]*){0,3}\s*/\s*(?:\p{Lu}[\p{L}&\-]*\s*){1,4}\.?|\(\s*(?:Reuters|AP|AFP|EPA|Getty Images|TASS|Xinhua)\s*\)\.?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex CreditRegex();
}
