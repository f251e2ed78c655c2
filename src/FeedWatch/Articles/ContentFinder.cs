using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace FeedWatch.Articles;

/// <summary>
/// Finds the element that holds the story, the way Readability does and for the same reasons, in one pass that
/// reads the tree and a second that scores it:
/// <list type="number">
/// <item>Prune: drop what is never the story (scripts, hidden elements, navigation roles, dialogs) and, in the
/// first attempt, containers whose class or id names page furniture (sidebar, comments, related, share...).</item>
/// <item>Score: every paragraph of 25 characters or more scores one point, one more per comma and per hundred
/// characters (up to three), and hands that to its parent in full, its grandparent by half, and three more
/// ancestors by a third of their level. A container's score is then discounted by its link density, so a list of
/// links scores little however long it is.</item>
/// <item>Choose: the best container; if several nearly as good share an ancestor, that ancestor; then up while a
/// parent scores higher; then the siblings that score well, or are prose paragraphs, join it.</item>
/// <item>Clean: inside the choice, drop lists, tables, forms and divisions that look like furniture: more links
/// than text, more list items than paragraphs, images without prose, inputs, negative class names.</item>
/// </list>
/// When the result is shorter than a short article the attempt is repeated with fewer rules (no pruning by class
/// name, then no class weights, then no conditional cleaning), and the longest result is kept.
/// </summary>
internal sealed partial class ContentFinder
{
    /// <summary>Below this many characters a result is taken to be a wrong choice and the search is retried with fewer rules.</summary>
    public const int ShortArticle = 500;

    private readonly IDocument _document;
    private readonly Rules _rules;
    private readonly string? _title;
    private readonly Dictionary<IElement, double> _scores = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<IElement> _dataTables = new(ReferenceEqualityComparer.Instance);
    private bool _titleHeaderSeen;

    private ContentFinder(IDocument document, Rules rules, string? title)
    {
        _document = document;
        _rules = rules;
        _title = title;
    }

    [Flags]
    private enum Rules
    {
        None = 0,
        StripUnlikely = 1,
        WeightClasses = 2,
        CleanConditionally = 4,
        All = StripUnlikely | WeightClasses | CleanConditionally,
    }

    /// <summary>The byline found in the page body (an element marked as the author's), removed from the content.</summary>
    public string? Byline { get; private set; }

    /// <summary>
    /// The story's container, detached from its page, or null when the page has no body text at all.
    /// <paramref name="reparse"/> gives a fresh copy of the page for each retry (each attempt edits the tree).
    /// </summary>
    public static (IElement? Content, string? Byline) Find(IDocument document, Func<IDocument> reparse, string? title)
    {
        ArgumentNullException.ThrowIfNull(reparse);
        var rules = Rules.All;
        (IElement? Content, int Length, string? Byline) best = (null, -1, null);
        while (true)
        {
            var finder = new ContentFinder(document, rules, title);
            var content = finder.Grab();
            var length = content is null ? 0 : NodeText.Length(content);
            if (length >= ShortArticle) return (content, finder.Byline);
            if (length > best.Length) best = (content, length, finder.Byline);
            if (rules.HasFlag(Rules.StripUnlikely)) rules &= ~Rules.StripUnlikely;
            else if (rules.HasFlag(Rules.WeightClasses)) rules &= ~Rules.WeightClasses;
            else if (rules.HasFlag(Rules.CleanConditionally)) rules &= ~Rules.CleanConditionally;
            else return (best.Content, best.Byline);
            document = reparse();
        }
    }

    private IElement? Grab()
    {
        var body = _document.Body;
        if (body is null) return null;
        ReplaceBreakRuns(body);
        var toScore = Prune(body);
        var candidates = Score(toScore);
        var top = ChooseTopCandidate(body, candidates);
        var content = JoinSiblings(top);
        Clean(content);
        return content;
    }

    // ---- Prune ------------------------------------------------------------------------------------------------

    /// <summary>Walks the body once, removing what is never the story and turning text-only divisions into paragraphs; returns the elements to score.</summary>
    private List<IElement> Prune(IElement body)
    {
        var toScore = new List<IElement>();
        var stack = new Stack<(IElement Parent, int Index)>();
        IElement parent = body;
        var index = 0;
        while (true)
        {
            var children = parent.ChildNodes;
            if (index >= children.Length)
            {
                if (stack.Count == 0) break;
                (parent, index) = stack.Pop();
                continue;
            }
            if (children[index] is not IElement element)
            {
                index++;
                continue;
            }
            if (ShouldRemove(element))
            {
                parent.RemoveChild(element);
                continue;
            }
            var node = element;
            var name = node.LocalName;
            if (name is "section" or "h2" or "h3" or "h4" or "h5" or "h6" or "p" or "td" or "pre") toScore.Add(node);
            else if (name == "div")
            {
                WrapPhrasingRuns(node);
                if (SingleParagraphChild(node) is { } paragraph && ElementStats.Of(node).LinkDensity < 0.25)
                {
                    parent.ReplaceChild(paragraph, node);
                    node = paragraph;
                    toScore.Add(node);
                }
                else if (!HasBlockDescendant(node))
                {
                    node = Rename(node, "p");
                    toScore.Add(node);
                }
            }
            stack.Push((parent, index + 1));
            parent = node;
            index = 0;
        }
        return toScore;
    }

    private bool ShouldRemove(IElement element)
    {
        switch (element.LocalName)
        {
            // Never text a reader reads as the story.
            case "script" or "style" or "noscript" or "template" or "svg" or "canvas" or "link" or "meta":
                return true;
            case "dialog":
                return true;
        }
        if (!IsProbablyVisible(element)) return true;
        if (element.GetAttribute("aria-modal") == "true" && element.GetAttribute("role") == "dialog") return true;

        var match = MatchString(element);
        if (Byline is null && IsByline(element, match))
        {
            Byline = NodeText.Collapsed(element);
            return true;
        }
        if (!_titleHeaderSeen && element.LocalName is "h1" or "h2" && DuplicatesTitle(element))
        {
            _titleHeaderSeen = true;
            return true;
        }
        if (_rules.HasFlag(Rules.StripUnlikely))
        {
            if (match.Length > 1 && UnlikelyCandidate().IsMatch(match) && !MaybeCandidate().IsMatch(match)
                && element.LocalName is not ("body" or "a") && !HasAncestor(element, "table") && !HasAncestor(element, "code"))
            {
                return true;
            }
            if (element.GetAttribute("role") is { } role && UnlikelyRoles.Contains(role)) return true;
        }
        if (element.LocalName is "div" or "section" or "header" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" && IsWithoutContent(element))
        {
            return true;
        }
        return false;
    }

    private static readonly HashSet<string> UnlikelyRoles = new(StringComparer.Ordinal)
    {
        "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog",
    };

    private static string MatchString(IElement element)
    {
        var className = element.GetAttribute("class");
        var id = element.GetAttribute("id");
        return string.IsNullOrEmpty(id) ? className ?? string.Empty : string.Concat(className, " ", id);
    }

    internal static bool IsProbablyVisible(IElement element)
    {
        if (element.HasAttribute("hidden")) return false;
        var style = element.GetAttribute("style");
        if (style is not null && HiddenStyle().IsMatch(style)) return false;
        // aria-hidden content is usually decoration; some sites mark the fallback image of a widget that way.
        return element.GetAttribute("aria-hidden") != "true"
            || (element.GetAttribute("class")?.Contains("fallback-image", StringComparison.Ordinal) ?? false);
    }

    private static bool IsByline(IElement element, string match)
    {
        var isMarked = element.GetAttribute("rel") == "author"
            || (element.GetAttribute("itemprop")?.Contains("author", StringComparison.Ordinal) ?? false)
            || BylineClass().IsMatch(match);
        if (!isMarked) return false;
        var length = NodeText.Length(element);
        return length is > 0 and < 100;
    }

    private bool DuplicatesTitle(IElement heading)
    {
        if (string.IsNullOrEmpty(_title)) return false;
        return TextSimilarity(_title, NodeText.Collapsed(heading)) > 0.75;
    }

    /// <summary>How much of <paramref name="b"/>'s wording is also in <paramref name="a"/>: 1 when all of it, 0 when none.</summary>
    internal static double TextSimilarity(string a, string b)
    {
        var tokensA = WordTokens(a);
        var tokensB = WordTokens(b);
        if (tokensA.Count == 0 || tokensB.Count == 0) return 0;
        var setA = tokensA.ToHashSet(StringComparer.Ordinal);
        var unique = tokensB.Where(t => !setA.Contains(t)).ToList();
        var distance = (double)string.Join(' ', unique).Length / string.Join(' ', tokensB).Length;
        return 1 - distance;
    }

    /// <summary>
    /// Words in lower case: runs of letters and digits, except that each Han, kana or Hangul character is a word
    /// of its own, since those scripts do not put spaces between words.
    /// </summary>
    internal static List<string> WordTokens(string text)
    {
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            var ideographic = IsIdeographic(c);
            if (char.IsLetterOrDigit(c) && !ideographic)
            {
                if (start < 0) start = i;
                continue;
            }
            if (start >= 0) tokens.Add(text[start..i].ToLowerInvariant());
            start = -1;
            if (ideographic) tokens.Add(c.ToString());
        }
        return tokens;
    }

    private static bool IsIdeographic(char c) =>
        c is (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF') or (>= '\uAC00' and <= '\uD7AF') or (>= '\uF900' and <= '\uFAFF');

    private static bool HasAncestor(IElement element, string localName)
    {
        for (var e = element.ParentElement; e is not null; e = e.ParentElement)
        {
            if (e.LocalName == localName) return true;
        }
        return false;
    }

    private static bool IsWithoutContent(IElement element)
    {
        if (NodeText.HasText(element)) return false;
        var children = element.Children;
        if (children.Length == 0) return true;
        foreach (var child in children)
        {
            if (child.LocalName is not ("br" or "hr")) return false;
        }
        // Readability also requires that every descendant be a br or hr; direct children are what matter here.
        return true;
    }

    // Elements that make a division more than a paragraph (Readability's DIV_TO_P_ELEMS).
    private static bool IsBlockForDivision(string name) =>
        name is "blockquote" or "dl" or "div" or "img" or "ol" or "p" or "pre" or "table" or "ul";

    private static bool HasBlockDescendant(IElement element)
    {
        foreach (var node in NodeText.Descendants(element))
        {
            if (node is IElement e && IsBlockForDivision(e.LocalName)) return true;
        }
        return false;
    }

    private static IElement? SingleParagraphChild(IElement element)
    {
        IElement? only = null;
        foreach (var child in element.ChildNodes)
        {
            if (child is IText text)
            {
                if (!string.IsNullOrWhiteSpace(text.Data)) return null;
            }
            else if (child is IElement e)
            {
                if (only is not null || e.LocalName != "p") return null;
                only = e;
            }
        }
        return only;
    }

    /// <summary>Wraps each run of inline content directly inside a division into a paragraph, so prose between blocks is scored as prose.</summary>
    private void WrapPhrasingRuns(IElement division)
    {
        var children = division.ChildNodes;
        IElement? paragraph = null;
        var i = 0;
        while (i < children.Length)
        {
            var child = children[i];
            if (IsPhrasingContent(child))
            {
                if (paragraph is not null)
                {
                    paragraph.AppendChild(child); // moves it out of the division: i now points at the next child
                    continue;
                }
                if (!IsWhitespace(child))
                {
                    paragraph = _document.CreateElement("p");
                    division.ReplaceChild(paragraph, child);
                    paragraph.AppendChild(child);
                }
            }
            else if (paragraph is not null)
            {
                TrimTrailingWhitespace(paragraph);
                paragraph = null;
            }
            i++;
        }
        if (paragraph is not null) TrimTrailingWhitespace(paragraph);
    }

    private static void TrimTrailingWhitespace(IElement paragraph)
    {
        while (paragraph.LastChild is { } last && IsWhitespace(last)) paragraph.RemoveChild(last);
    }

    private static bool IsWhitespace(INode node) =>
        node is IText text ? string.IsNullOrWhiteSpace(text.Data) : node is IElement { LocalName: "br" };

    private static readonly HashSet<string> PhrasingElements = new(StringComparer.Ordinal)
    {
        "abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data", "datalist", "dfn", "em", "embed", "i", "img",
        "input", "kbd", "label", "mark", "math", "meter", "noscript", "object", "output", "progress", "q", "ruby", "samp",
        "script", "select", "small", "span", "strong", "sub", "sup", "textarea", "time", "var", "wbr",
    };

    /// <summary>Inline content: text, inline elements, and links or edits that hold only inline content.</summary>
    private static bool IsPhrasingContent(INode node)
    {
        if (node is IText) return true;
        if (node is not IElement element) return false;
        if (PhrasingElements.Contains(element.LocalName)) return true;
        if (element.LocalName is not ("a" or "del" or "ins")) return false;
        foreach (var descendant in NodeText.Descendants(element))
        {
            if (descendant is IElement e && !PhrasingElements.Contains(e.LocalName) && e.LocalName is not ("a" or "del" or "ins")) return false;
        }
        return true;
    }

    private IElement Rename(IElement element, string localName)
    {
        var renamed = _document.CreateElement(localName);
        foreach (var attribute in element.Attributes) renamed.SetAttribute(attribute.Name, attribute.Value);
        while (element.FirstChild is { } child) renamed.AppendChild(child);
        element.Parent!.ReplaceChild(renamed, element);
        return renamed;
    }

    /// <summary>Turns two or more &lt;br&gt; in a row into a paragraph break, as old pages mean them.</summary>
    private void ReplaceBreakRuns(IElement body)
    {
        var breaks = NodeText.Elements(body, "br").ToList();
        foreach (var br in breaks)
        {
            if (br.Parent is not IElement parent) continue;
            var children = parent.ChildNodes;
            var at = children.Index(br);
            if (at < 0) continue;
            var replaced = false;
            var next = NextNonWhitespace(children, at + 1);
            while (next >= 0 && children[next] is IElement { LocalName: "br" } nextBreak)
            {
                replaced = true;
                parent.RemoveChild(nextBreak);
                next = NextNonWhitespace(children, next);
            }
            if (!replaced) continue;
            var paragraph = _document.CreateElement("p");
            parent.ReplaceChild(paragraph, br);
            var i = at + 1;
            while (i < children.Length)
            {
                var sibling = children[i];
                if (sibling is IElement { LocalName: "br" })
                {
                    var after = NextNonWhitespace(children, i + 1);
                    if (after >= 0 && children[after] is IElement { LocalName: "br" }) break;
                }
                if (!IsPhrasingContent(sibling)) break;
                paragraph.AppendChild(sibling);
            }
            TrimTrailingWhitespace(paragraph);
            if (parent.LocalName == "p") Rename(parent, "div");
        }
    }

    private static int NextNonWhitespace(INodeList children, int from)
    {
        for (var i = from; i < children.Length; i++)
        {
            if (children[i] is IText text && string.IsNullOrWhiteSpace(text.Data)) continue;
            return i;
        }
        return -1;
    }

    // ---- Score ------------------------------------------------------------------------------------------------

    private List<IElement> Score(List<IElement> toScore)
    {
        var candidates = new List<IElement>();
        foreach (var element in toScore)
        {
            if (element.ParentElement is null) continue;
            var (length, commas) = LengthAndCommas(element);
            if (length < 25) continue;
            // One for being a paragraph, one per comma-separated clause, one per 100 characters up to three.
            var score = 1 + (commas + 1) + Math.Min(length / 100, 3);
            var level = 0;
            for (var ancestor = element.ParentElement; ancestor is not null && level < 5; ancestor = ancestor.ParentElement, level++)
            {
                // The html element (whose parent is the document) is never a candidate.
                if (ancestor.ParentElement is null) break;
                if (!_scores.ContainsKey(ancestor))
                {
                    _scores[ancestor] = InitialScore(ancestor);
                    candidates.Add(ancestor);
                }
                var divider = level switch { 0 => 1, 1 => 2, _ => level * 3 };
                _scores[ancestor] += (double)score / divider;
            }
        }
        foreach (var candidate in candidates)
        {
            _scores[candidate] *= 1 - ElementStats.Of(candidate).LinkDensity;
        }
        return candidates;
    }

    private static (int Length, int Commas) LengthAndCommas(IElement element)
    {
        var counter = new SpaceCollapsingCounter();
        var commas = 0;
        foreach (var text in NodeText.Texts(element))
        {
            foreach (var c in text)
            {
                counter.Add(c);
                if (ElementStats.IsComma(c)) commas++;
            }
        }
        return (counter.Length, commas);
    }

    private double InitialScore(IElement element)
    {
        var score = element.LocalName switch
        {
            "div" => 5,
            "pre" or "td" or "blockquote" => 3,
            "address" or "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" => -3,
            "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "th" => -5,
            _ => 0,
        };
        return score + ClassWeight(element);
    }

    private int ClassWeight(IElement element)
    {
        if (!_rules.HasFlag(Rules.WeightClasses)) return 0;
        var weight = 0;
        if (element.GetAttribute("class") is { Length: > 0 } className)
        {
            if (NegativeClass().IsMatch(className)) weight -= 25;
            if (PositiveClass().IsMatch(className)) weight += 25;
        }
        if (element.GetAttribute("id") is { Length: > 0 } id)
        {
            if (NegativeClass().IsMatch(id)) weight -= 25;
            if (PositiveClass().IsMatch(id)) weight += 25;
        }
        return weight;
    }

    private double ScoreOf(IElement element) => _scores.TryGetValue(element, out var score) ? score : 0;

    // ---- Choose -----------------------------------------------------------------------------------------------

    private IElement ChooseTopCandidate(IElement body, List<IElement> candidates)
    {
        // The five best, best first (Readability's DEFAULT_N_TOP_CANDIDATES).
        var top = candidates.OrderByDescending(ScoreOf).Take(5).ToList();
        var topCandidate = top.Count > 0 ? top[0] : null;
        if (topCandidate is null || topCandidate.LocalName == "body")
        {
            // Nothing stands out: the whole body is the story (short pages, one-paragraph notes).
            var wrapper = _document.CreateElement("div");
            while (body.FirstChild is { } child) wrapper.AppendChild(child);
            body.AppendChild(wrapper);
            _scores[wrapper] = InitialScore(wrapper);
            return wrapper;
        }

        // When three or more nearly-as-good candidates sit under one ancestor, the story is that ancestor
        // (a page that splits its text into several sections).
        var topScore = ScoreOf(topCandidate);
        var alternatives = new List<HashSet<IElement>>();
        for (var i = 1; i < top.Count; i++)
        {
            if (ScoreOf(top[i]) / topScore >= 0.75) alternatives.Add(Ancestors(top[i]));
        }
        if (alternatives.Count >= 3)
        {
            for (var ancestor = topCandidate.ParentElement; ancestor is not null && ancestor.LocalName != "body"; ancestor = ancestor.ParentElement)
            {
                if (alternatives.Count(a => a.Contains(ancestor)) >= 3)
                {
                    topCandidate = ancestor;
                    break;
                }
            }
        }
        if (!_scores.ContainsKey(topCandidate)) _scores[topCandidate] = InitialScore(topCandidate);

        // Climb while a parent scores better than the candidate: its text was split across children.
        var lastScore = ScoreOf(topCandidate);
        var threshold = lastScore / 3;
        for (var parent = topCandidate.ParentElement; parent is not null && parent.LocalName != "body"; parent = parent.ParentElement)
        {
            if (!_scores.TryGetValue(parent, out var parentScore)) continue;
            if (parentScore < threshold) break;
            if (parentScore > lastScore)
            {
                topCandidate = parent;
                break;
            }
            lastScore = parentScore;
        }

        // A lone child says nothing its parent does not: take the parent, whose siblings may be the rest of the story.
        while (topCandidate.ParentElement is { } onlyParent && onlyParent.LocalName != "body" && onlyParent.Children.Length == 1)
        {
            topCandidate = onlyParent;
        }
        if (!_scores.ContainsKey(topCandidate)) _scores[topCandidate] = InitialScore(topCandidate);
        return topCandidate;
    }

    private static HashSet<IElement> Ancestors(IElement element)
    {
        var set = new HashSet<IElement>(ReferenceEqualityComparer.Instance);
        for (var e = element.ParentElement; e is not null; e = e.ParentElement) set.Add(e);
        return set;
    }

    /// <summary>Gathers the chosen element and the siblings that belong with it into one detached division.</summary>
    private IElement JoinSiblings(IElement topCandidate)
    {
        var content = _document.CreateElement("div");
        var parent = topCandidate.ParentElement;
        if (parent is null)
        {
            content.AppendChild(topCandidate);
            return content;
        }
        var topScore = ScoreOf(topCandidate);
        var threshold = Math.Max(10, topScore * 0.2);
        var topClass = topCandidate.GetAttribute("class");
        var siblings = parent.Children.ToList();
        foreach (var sibling in siblings)
        {
            var append = false;
            if (ReferenceEquals(sibling, topCandidate))
            {
                append = true;
            }
            else
            {
                var bonus = !string.IsNullOrEmpty(topClass) && sibling.GetAttribute("class") == topClass ? topScore * 0.2 : 0;
                if (_scores.TryGetValue(sibling, out var score) && score + bonus >= threshold)
                {
                    append = true;
                }
                else if (sibling.LocalName == "p")
                {
                    var stats = ElementStats.Of(sibling);
                    var text = NodeText.Collapsed(sibling);
                    if (stats.TextLength > 80 && stats.LinkDensity < 0.25) append = true;
                    else if (stats.TextLength is > 0 and < 80 && stats.LinkLength == 0 && SentenceEnd().IsMatch(text)) append = true;
                }
            }
            if (append) content.AppendChild(sibling);
        }
        return content;
    }

    // ---- Clean ------------------------------------------------------------------------------------------------

    private void Clean(IElement content)
    {
        MarkDataTables(content);
        CleanConditionally(content, "form");
        CleanConditionally(content, "fieldset");
        RemoveAll(content, "object", "embed", "footer", "link", "aside", "iframe", "input", "textarea", "select", "button");
        RemoveSmallShareBlocks(content);
        foreach (var heading in NodeText.Descendants(content).OfType<IElement>().Where(e => e.LocalName is "h1" or "h2").ToList())
        {
            if (ClassWeight(heading) < 0) heading.Remove();
        }
        CleanConditionally(content, "table");
        CleanConditionally(content, "ul");
        CleanConditionally(content, "div");
    }

    private static void RemoveAll(IElement content, params string[] localNames)
    {
        var doomed = NodeText.Descendants(content).OfType<IElement>().Where(e => localNames.Contains(e.LocalName)).ToList();
        foreach (var element in doomed) element.Remove();
    }

    /// <summary>Share bars and the like: small elements whose class or id says "share".</summary>
    private static void RemoveSmallShareBlocks(IElement content)
    {
        foreach (var child in content.Children.ToList())
        {
            var doomed = NodeText.Descendants(child).OfType<IElement>()
                .Where(e => ShareElement().IsMatch(MatchString(e)) && e.TextContent.Length < ShortArticle)
                .ToList();
            foreach (var element in doomed)
            {
                if (element.Parent is not null) element.Remove();
            }
        }
    }

    private void MarkDataTables(IElement content)
    {
        foreach (var table in NodeText.Elements(content, "table").ToList())
        {
            if (IsDataTable(table)) _dataTables.Add(table);
        }
    }

    private static bool IsDataTable(IElement table)
    {
        if (table.GetAttribute("role") == "presentation") return false;
        if (table.GetAttribute("datatable") == "0") return false;
        if (table.HasAttribute("summary")) return true;
        var caption = table.Children.FirstOrDefault(c => c.LocalName == "caption");
        if (caption is not null && caption.ChildNodes.Length > 0) return true;
        var rows = 0;
        var columns = 0;
        foreach (var node in NodeText.Descendants(table))
        {
            if (node is not IElement e) continue;
            switch (e.LocalName)
            {
                case "col" or "colgroup" or "tfoot" or "thead" or "th":
                    return true;
                case "table":
                    return false; // a table of tables is layout
                case "tr":
                    rows++;
                    var cells = 0;
                    foreach (var cell in e.Children)
                    {
                        if (cell.LocalName is "td" or "th") cells += int.TryParse(cell.GetAttribute("colspan"), out var span) && span > 0 ? span : 1;
                    }
                    columns = Math.Max(columns, cells);
                    break;
            }
        }
        if (rows >= 10 || columns > 4) return true;
        return rows * columns > 10;
    }

    private void CleanConditionally(IElement content, string localName)
    {
        if (!_rules.HasFlag(Rules.CleanConditionally)) return;
        var elements = NodeText.Elements(content, localName).ToList();
        // Innermost first, so a container is judged on what is left of it.
        for (var i = elements.Count - 1; i >= 0; i--)
        {
            var element = elements[i];
            if (element.Parent is null) continue;
            if (ShouldCleanConditionally(element, localName)) element.Remove();
        }
    }

    private bool ShouldCleanConditionally(IElement element, string localName)
    {
        if (localName == "table" && _dataTables.Contains(element)) return false;
        for (var e = element.ParentElement; e is not null; e = e.ParentElement)
        {
            if (e.LocalName == "code" || (e.LocalName == "table" && _dataTables.Contains(e))) return false;
        }
        foreach (var table in NodeText.Elements(element, "table"))
        {
            if (_dataTables.Contains(table)) return false;
        }
        var weight = ClassWeight(element);
        if (weight < 0) return true;

        var stats = ElementStats.Of(element);
        if (stats.Commas >= 10) return false;

        var isList = localName is "ul" or "ol" || (stats.TextLength > 0 && (double)stats.ListLength / stats.TextLength > 0.9);
        var text = NodeText.Collapsed(element);
        if (AdWords().IsMatch(text) || LoadingWords().IsMatch(text)) return true;

        var isFigureChild = HasAncestor(element, "figure");
        var listItems = stats.ListItems - 100;
        var headingDensity = stats.TextLength == 0 ? 0 : (double)stats.HeadingLength / stats.TextLength;
        var textDensity = stats.TextLength == 0 ? 0 : (double)stats.TextishLength / stats.TextLength;
        var remove =
            (!isFigureChild && stats.Images > 1 && (double)stats.Paragraphs / stats.Images < 0.5)
            || (!isList && listItems > stats.Paragraphs)
            || stats.Inputs > stats.Paragraphs / 3
            || (!isList && !isFigureChild && headingDensity < 0.9 && stats.TextLength < 25 && (stats.Images == 0 || stats.Images > 2) && stats.LinkDensity > 0)
            || (!isList && weight < 25 && stats.LinkDensity > 0.2)
            || (weight >= 25 && stats.LinkDensity > 0.5)
            || (stats.Images == 0 && textDensity == 0);
        if (isList && remove)
        {
            // A list of pictures, one per item, is content (a gallery).
            foreach (var child in element.Children)
            {
                if (child.Children.Length > 1) return true;
            }
            if (stats.Images == NodeText.Elements(element, "li").Count()) return false;
        }
        return remove;
    }

    // ---- Patterns ---------------------------------------------------------------------------------------------

    [GeneratedRegex(@"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnlikelyCandidate();

    [GeneratedRegex(@"and|article|body|column|content|main|mathjax|shadow", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MaybeCandidate();

    [GeneratedRegex(@"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PositiveClass();

    [GeneratedRegex(@"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegativeClass();

    [GeneratedRegex(@"byline|author|dateline|writtenby|p-author", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BylineClass();

    [GeneratedRegex(@"(\b|_)(share|sharedaddy)(\b|_)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ShareElement();

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HiddenStyle();

    [GeneratedRegex(@"\.( |$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"^(ad(vertising|vertisement)?|pub(licité)?|werb(ung)?|广告|Реклама|Anuncio)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AdWords();

    [GeneratedRegex(@"^((loading|正在加载|Загрузка|chargement|cargando)(…|\.\.\.)?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LoadingWords();
}
