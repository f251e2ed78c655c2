using System.Text.RegularExpressions;

namespace FeedWatch.Articles;

/// <summary>
/// Finds the element that holds the story, the way Readability does and for the same reasons, in one pass that
/// reads the tree and a second that scores it:
/// <list type="number">
/// <item>Prune: drop what is never the story (navigation roles, empty containers, the byline and the heading that
/// repeats the title; scripts and hidden elements never made it into the copied tree) and, in the first attempt,
/// containers whose class or id names page furniture (sidebar, comments, related, share...).</item>
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

    private readonly Rules _rules;
    private readonly string? _title;
    private readonly Dictionary<PageNode, double> _scores = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<PageNode> _dataTables = new(ReferenceEqualityComparer.Instance);
    private bool _titleHeaderSeen;

    private ContentFinder(Rules rules, string? title)
    {
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
    /// The story's container, detached from its page, or null when the page has no body. <paramref name="body"/>
    /// makes a fresh copy of the page body for each attempt (each attempt edits its copy).
    /// </summary>
    public static (PageNode? Content, string? Byline) Find(Func<PageNode?> body, string? title)
    {
        ArgumentNullException.ThrowIfNull(body);
        var rules = Rules.All;
        (PageNode? Content, int Length, string? Byline) best = (null, -1, null);
        while (true)
        {
            var finder = new ContentFinder(rules, title);
            var content = body() is { } copy ? finder.Grab(copy) : null;
            var length = content is null ? 0 : NodeText.Length(content);
            if (length >= ShortArticle) return (content, finder.Byline);
            if (length > best.Length) best = (content, length, finder.Byline);
            if (rules.HasFlag(Rules.StripUnlikely)) rules &= ~Rules.StripUnlikely;
            else if (rules.HasFlag(Rules.WeightClasses)) rules &= ~Rules.WeightClasses;
            else if (rules.HasFlag(Rules.CleanConditionally)) rules &= ~Rules.CleanConditionally;
            else return (best.Content, best.Byline);
        }
    }

    private PageNode Grab(PageNode body)
    {
        ReplaceBreakRuns(body);
        var toScore = Prune(body);
        var candidates = Score(body, toScore);
        var top = ChooseTopCandidate(body, candidates);
        var content = JoinSiblings(top);
        Clean(content);
        return content;
    }

    // ---- Prune ------------------------------------------------------------------------------------------------

    /// <summary>Walks the body once, removing what is never the story and turning text-only divisions into paragraphs; returns the elements to score.</summary>
    private List<PageNode> Prune(PageNode body)
    {
        var toScore = new List<PageNode>();
        var node = body.FirstChild;
        while (node is not null)
        {
            if (node.IsText)
            {
                node = PageNode.Following(node, body);
                continue;
            }
            if (ShouldRemove(node))
            {
                var next = PageNode.Following(node, body, skipChildren: true);
                node.Remove();
                node = next;
                continue;
            }
            if (node.Tag is Tag.Section or Tag.H2 or Tag.H3 or Tag.H4 or Tag.H5 or Tag.H6 or Tag.P or Tag.Td or Tag.Pre)
            {
                toScore.Add(node);
            }
            else if (node.Tag == Tag.Div)
            {
                WrapPhrasingRuns(node);
                if (SingleParagraphChild(node) is { } paragraph && ElementStats.Of(node).LinkDensity < 0.25)
                {
                    if (paragraph.Element is null)
                    {
                        // The paragraph was made above from the division's own inline content: the division itself
                        // becomes the paragraph, so its class and id ("share-tools", "newsletter") still speak later.
                        while (paragraph.FirstChild is { } child) node.InsertBefore(child, paragraph);
                        paragraph.Remove();
                        node.Tag = Tag.P;
                    }
                    else
                    {
                        node.ReplaceWith(paragraph);
                        node = paragraph;
                    }
                    toScore.Add(node);
                }
                else if (!HasBlockDescendant(node))
                {
                    node.Tag = Tag.P;
                    toScore.Add(node);
                }
            }
            node = PageNode.Following(node, body);
        }
        return toScore;
    }

    private bool ShouldRemove(PageNode element)
    {
        // What is never the story (scripts, hidden elements, dialogs...) was left out when the tree was copied.
        var match = MatchString(element);
        if (Byline is null && IsByline(element, match))
        {
            Byline = NodeText.Collapsed(element);
            return true;
        }
        if (!_titleHeaderSeen && element.Tag is Tag.H1 or Tag.H2 && DuplicatesTitle(element))
        {
            _titleHeaderSeen = true;
            return true;
        }
        if (_rules.HasFlag(Rules.StripUnlikely))
        {
            if (match.Length > 1 && UnlikelyCandidate().IsMatch(match) && !MaybeCandidate().IsMatch(match)
                && element.Tag is not (Tag.Body or Tag.A) && !element.HasAncestor(Tag.Table) && !element.HasAncestor(Tag.Code))
            {
                return true;
            }
            if (element.Role is { } role && UnlikelyRoles.Contains(role)) return true;
        }
        if (element.Tag is Tag.Div or Tag.Section or Tag.Header or Tag.H1 or Tag.H2 or Tag.H3 or Tag.H4 or Tag.H5 or Tag.H6 && IsWithoutContent(element))
        {
            return true;
        }
        return false;
    }

    private static readonly HashSet<string> UnlikelyRoles = new(StringComparer.Ordinal)
    {
        "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog",
    };

    private static string MatchString(PageNode element)
    {
        var className = element.ClassName;
        var id = element.Id;
        return id.Length == 0 ? className : string.Concat(className, " ", id);
    }

    private static bool IsByline(PageNode element, string match)
    {
        var isMarked = element.Rel == "author"
            || (element.ItemProp?.Contains("author", StringComparison.Ordinal) ?? false)
            || (match.Length > 0 && BylineClass().IsMatch(match));
        if (!isMarked) return false;
        var length = NodeText.Length(element);
        return length is > 0 and < 100;
    }

    private bool DuplicatesTitle(PageNode heading)
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

    private static bool IsWithoutContent(PageNode element)
    {
        if (NodeText.HasText(element)) return false;
        foreach (var child in element.ElementChildren())
        {
            if (child.Tag is not (Tag.Br or Tag.Hr)) return false;
        }
        return true;
    }

    // Elements that make a division more than a paragraph (Readability's DIV_TO_P_ELEMS).
    private static bool IsBlockForDivision(Tag tag) =>
        tag is Tag.Blockquote or Tag.Dl or Tag.Div or Tag.Img or Tag.Ol or Tag.P or Tag.Pre or Tag.Table or Tag.Ul;

    private static bool HasBlockDescendant(PageNode element)
    {
        foreach (var node in element.Descendants())
        {
            if (IsBlockForDivision(node.Tag)) return true;
        }
        return false;
    }

    private static PageNode? SingleParagraphChild(PageNode element)
    {
        PageNode? only = null;
        foreach (var child in element.Children())
        {
            if (child.Text is { } text)
            {
                if (!string.IsNullOrWhiteSpace(text)) return null;
            }
            else
            {
                if (only is not null || child.Tag != Tag.P) return null;
                only = child;
            }
        }
        return only;
    }

    /// <summary>Wraps each run of inline content directly inside a division into a paragraph, so prose between blocks is scored as prose.</summary>
    private static void WrapPhrasingRuns(PageNode division)
    {
        PageNode? paragraph = null;
        var child = division.FirstChild;
        while (child is not null)
        {
            var next = child.Next;
            if (IsPhrasingContent(child))
            {
                if (paragraph is not null)
                {
                    paragraph.Append(child);
                }
                else if (!IsWhitespace(child))
                {
                    paragraph = PageNode.CreateElement(Tag.P);
                    child.ReplaceWith(paragraph);
                    paragraph.Append(child);
                }
            }
            else if (paragraph is not null)
            {
                TrimTrailingWhitespace(paragraph);
                paragraph = null;
            }
            child = next;
        }
        if (paragraph is not null) TrimTrailingWhitespace(paragraph);
    }

    private static void TrimTrailingWhitespace(PageNode paragraph)
    {
        while (paragraph.LastChild is { } last && IsWhitespace(last)) last.Remove();
    }

    private static bool IsWhitespace(PageNode node) =>
        node.Text is { } text ? string.IsNullOrWhiteSpace(text) : node.Tag == Tag.Br;

    private static bool IsPhrasingElement(PageNode node) => node.Tag switch
    {
        Tag.Abbr or Tag.Audio or Tag.B or Tag.Bdo or Tag.Br or Tag.Button or Tag.Cite or Tag.Code or Tag.Data or Tag.Datalist
            or Tag.Dfn or Tag.Em or Tag.Embed or Tag.I or Tag.Img or Tag.Input or Tag.Kbd or Tag.Label or Tag.Mark or Tag.Math
            or Tag.Meter or Tag.Object or Tag.Output or Tag.Progress or Tag.Q or Tag.Ruby or Tag.Samp or Tag.Select or Tag.Small
            or Tag.Span or Tag.Strong or Tag.Sub or Tag.Sup or Tag.Textarea or Tag.Time or Tag.Var or Tag.Wbr => true,
        _ => false,
    };

    /// <summary>Inline content: text, inline elements, and links or edits that hold only inline content.</summary>
    private static bool IsPhrasingContent(PageNode node)
    {
        if (node.IsText || IsPhrasingElement(node)) return true;
        if (node.Tag is not (Tag.A or Tag.Del or Tag.Ins)) return false;
        foreach (var descendant in node.Descendants())
        {
            if (descendant.IsElement && !IsPhrasingElement(descendant) && descendant.Tag is not (Tag.A or Tag.Del or Tag.Ins)) return false;
        }
        return true;
    }

    /// <summary>Turns two or more &lt;br&gt; in a row into a paragraph break, as old pages mean them.</summary>
    private static void ReplaceBreakRuns(PageNode body)
    {
        var breaks = body.DescendantElements(Tag.Br).ToList();
        foreach (var br in breaks)
        {
            if (br.Parent is not { } parent) continue;
            var replaced = false;
            var next = NextNonWhitespace(br.Next);
            while (next is { Tag: Tag.Br })
            {
                replaced = true;
                var after = next.Next;
                next.Remove();
                next = NextNonWhitespace(after);
            }
            if (!replaced) continue;
            var paragraph = PageNode.CreateElement(Tag.P);
            br.ReplaceWith(paragraph);
            var sibling = paragraph.Next;
            while (sibling is not null)
            {
                if (sibling.Tag == Tag.Br && NextNonWhitespace(sibling.Next) is { Tag: Tag.Br }) break;
                if (!IsPhrasingContent(sibling)) break;
                var following = sibling.Next;
                paragraph.Append(sibling);
                sibling = following;
            }
            TrimTrailingWhitespace(paragraph);
            if (parent.Tag == Tag.P) parent.Tag = Tag.Div;
        }
    }

    private static PageNode? NextNonWhitespace(PageNode? node)
    {
        while (node is not null && node.Text is { } text && string.IsNullOrWhiteSpace(text)) node = node.Next;
        return node;
    }

    // ---- Score ------------------------------------------------------------------------------------------------

    private List<PageNode> Score(PageNode body, List<PageNode> toScore)
    {
        // One bottom-up pass measures every element; the tree is not edited again until the candidate is chosen.
        PageNode.MeasureAll(body);
        var candidates = new List<PageNode>();
        foreach (var element in toScore)
        {
            if (element.Parent is null) continue;
            var length = element.Stats.TextLength;
            var commas = element.Stats.Commas;
            if (length < 25) continue;
            // One for being a paragraph, one per comma-separated clause, one per 100 characters up to three.
            var score = 1 + (commas + 1) + Math.Min(length / 100, 3);
            var level = 0;
            for (var ancestor = element.Parent; ancestor is not null && level < 5; ancestor = ancestor.Parent, level++)
            {
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
            _scores[candidate] *= 1 - candidate.Stats.LinkDensity;
        }
        return candidates;
    }

    private double InitialScore(PageNode element)
    {
        var score = element.Tag switch
        {
            Tag.Div => 5,
            Tag.Pre or Tag.Td or Tag.Blockquote => 3,
            Tag.Address or Tag.Ol or Tag.Ul or Tag.Dl or Tag.Dd or Tag.Dt or Tag.Li or Tag.Form => -3,
            Tag.H1 or Tag.H2 or Tag.H3 or Tag.H4 or Tag.H5 or Tag.H6 or Tag.Th => -5,
            _ => 0,
        };
        return score + ClassWeight(element);
    }

    private int ClassWeight(PageNode element)
    {
        if (!_rules.HasFlag(Rules.WeightClasses)) return 0;
        var weight = 0;
        var className = element.ClassName;
        if (className.Length > 0)
        {
            if (NegativeClass().IsMatch(className)) weight -= 25;
            if (PositiveClass().IsMatch(className)) weight += 25;
        }
        var id = element.Id;
        if (id.Length > 0)
        {
            if (NegativeClass().IsMatch(id)) weight -= 25;
            if (PositiveClass().IsMatch(id)) weight += 25;
        }
        return weight;
    }

    private double ScoreOf(PageNode element) => _scores.TryGetValue(element, out var score) ? score : 0;

    // ---- Choose -----------------------------------------------------------------------------------------------

    private PageNode ChooseTopCandidate(PageNode body, List<PageNode> candidates)
    {
        // The five best, best first (Readability's DEFAULT_N_TOP_CANDIDATES).
        var top = candidates.OrderByDescending(ScoreOf).Take(5).ToList();
        var topCandidate = top.Count > 0 ? top[0] : null;
        if (topCandidate is null || ReferenceEquals(topCandidate, body))
        {
            // Nothing stands out: the whole body is the story (short pages, one-paragraph notes).
            var wrapper = PageNode.CreateElement(Tag.Div);
            while (body.FirstChild is { } child) wrapper.Append(child);
            body.Append(wrapper);
            _scores[wrapper] = InitialScore(wrapper);
            return wrapper;
        }

        // When three or more nearly-as-good candidates sit under one ancestor, the story is that ancestor
        // (a page that splits its text into several sections).
        var topScore = ScoreOf(topCandidate);
        var alternatives = new List<HashSet<PageNode>>();
        for (var i = 1; i < top.Count; i++)
        {
            if (ScoreOf(top[i]) / topScore >= 0.75) alternatives.Add(Ancestors(top[i]));
        }
        if (alternatives.Count >= 3)
        {
            for (var ancestor = topCandidate.Parent; ancestor is not null && !ReferenceEquals(ancestor, body); ancestor = ancestor.Parent)
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
        for (var parent = topCandidate.Parent; parent is not null && !ReferenceEquals(parent, body); parent = parent.Parent)
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
        while (topCandidate.Parent is { } onlyParent && !ReferenceEquals(onlyParent, body) && onlyParent.ElementChildCount() == 1)
        {
            topCandidate = onlyParent;
        }
        if (!_scores.ContainsKey(topCandidate)) _scores[topCandidate] = InitialScore(topCandidate);
        return topCandidate;
    }

    private static HashSet<PageNode> Ancestors(PageNode element)
    {
        var set = new HashSet<PageNode>(ReferenceEqualityComparer.Instance);
        for (var e = element.Parent; e is not null; e = e.Parent) set.Add(e);
        return set;
    }

    /// <summary>Gathers the chosen element and the siblings that belong with it into one detached division.</summary>
    private PageNode JoinSiblings(PageNode topCandidate)
    {
        var content = PageNode.CreateElement(Tag.Div);
        var parent = topCandidate.Parent;
        if (parent is null)
        {
            content.Append(topCandidate);
            return content;
        }
        var topScore = ScoreOf(topCandidate);
        var threshold = Math.Max(10, topScore * 0.2);
        var topClass = topCandidate.ClassName;
        var sibling = parent.FirstChild;
        while (sibling is not null)
        {
            var next = sibling.Next;
            if (sibling.IsElement && BelongsWithTop(sibling, topCandidate, topScore, topClass, threshold)) content.Append(sibling);
            sibling = next;
        }
        return content;
    }

    private bool BelongsWithTop(PageNode sibling, PageNode topCandidate, double topScore, string topClass, double threshold)
    {
        if (ReferenceEquals(sibling, topCandidate)) return true;
        var bonus = topClass.Length > 0 && sibling.ClassName == topClass ? topScore * 0.2 : 0;
        if (_scores.TryGetValue(sibling, out var score) && score + bonus >= threshold) return true;
        if (sibling.Tag != Tag.P) return false;
        // Measured with the whole body when it was scored; moving it into the content changed nothing inside it.
        var stats = sibling.Stats;
        if (stats.TextLength > 80 && stats.LinkDensity < 0.25) return true;
        return stats.TextLength is > 0 and < 80 && stats.LinkLength == 0 && SentenceEnd().IsMatch(NodeText.Collapsed(sibling));
    }

    // ---- Clean ------------------------------------------------------------------------------------------------

    private void Clean(PageNode content)
    {
        // Measured once; every removal below marks what it changed, and an element is refreshed before it is judged.
        PageNode.MeasureAll(content);
        MarkDataTables(content);
        CleanConditionally(content, Tag.Form);
        CleanConditionally(content, Tag.Fieldset);
        RemoveAll(content, static n => n.Tag is Tag.Object or Tag.Embed or Tag.Footer or Tag.Aside or Tag.Iframe
            or Tag.Input or Tag.Textarea or Tag.Select or Tag.Button);
        RemoveAll(content, static n => ShareElement().IsMatch(MatchString(n)) && TextContentLength(n) < ShortArticle);
        RemoveAll(content, n => n.Tag is Tag.H1 or Tag.H2 && ClassWeight(n) < 0);
        CleanConditionally(content, Tag.Table);
        CleanConditionally(content, Tag.Ul);
        CleanConditionally(content, Tag.Div);
    }

    private static int TextContentLength(PageNode node)
    {
        var length = 0;
        foreach (var text in NodeText.Texts(node)) length += text.Length;
        return length;
    }

    /// <summary>Removes every element under <paramref name="content"/> that <paramref name="doomed"/> picks (and, with it, its subtree).</summary>
    private static void RemoveAll(PageNode content, Func<PageNode, bool> doomed)
    {
        var node = content.FirstChild;
        while (node is not null)
        {
            if (node.IsElement && doomed(node))
            {
                var next = PageNode.Following(node, content, skipChildren: true);
                var parent = node.Parent;
                node.Remove();
                parent?.MarkStale();
                node = next;
                continue;
            }
            node = PageNode.Following(node, content);
        }
    }

    private void MarkDataTables(PageNode content)
    {
        foreach (var table in content.DescendantElements(Tag.Table).ToList())
        {
            if (IsDataTable(table)) _dataTables.Add(table);
        }
    }

    private static bool IsDataTable(PageNode table)
    {
        if (table.Attribute("role") == "presentation") return false;
        if (table.Attribute("datatable") == "0") return false;
        if (table.HasAttribute("summary")) return true;
        var caption = table.ElementChildren().FirstOrDefault(c => c.Tag == Tag.Caption);
        if (caption?.FirstChild is not null) return true;
        var rows = 0;
        var columns = 0;
        foreach (var e in table.Descendants())
        {
            switch (e.Tag)
            {
                case Tag.Col or Tag.Colgroup or Tag.Tfoot or Tag.Thead or Tag.Th:
                    return true;
                case Tag.Table:
                    return false; // a table of tables is layout
                case Tag.Tr:
                    rows++;
                    var cells = 0;
                    foreach (var cell in e.ElementChildren())
                    {
                        if (cell.Tag is Tag.Td or Tag.Th) cells += int.TryParse(cell.Attribute("colspan"), out var span) && span > 0 ? span : 1;
                    }
                    columns = Math.Max(columns, cells);
                    break;
            }
        }
        if (rows >= 10 || columns > 4) return true;
        return rows * columns > 10;
    }

    private void CleanConditionally(PageNode content, Tag tag)
    {
        if (!_rules.HasFlag(Rules.CleanConditionally)) return;
        var elements = content.DescendantElements(tag).ToList();
        // Innermost first, so a container is judged on what is left of it.
        for (var i = elements.Count - 1; i >= 0; i--)
        {
            var element = elements[i];
            if (IsDetachedFrom(element, content)) continue;
            element.Refresh();
            if (!ShouldCleanConditionally(element, tag)) continue;
            var parent = element.Parent;
            element.Remove();
            parent?.MarkStale();
        }
    }

    private static bool IsDetachedFrom(PageNode node, PageNode root)
    {
        for (var n = node.Parent; n is not null; n = n.Parent)
        {
            if (ReferenceEquals(n, root)) return false;
        }
        return true;
    }

    private bool ShouldCleanConditionally(PageNode element, Tag tag)
    {
        if (tag == Tag.Table && _dataTables.Contains(element)) return false;
        for (var e = element.Parent; e is not null; e = e.Parent)
        {
            if (e.Tag == Tag.Code || (e.Tag == Tag.Table && _dataTables.Contains(e))) return false;
        }
        if (_dataTables.Count > 0 && element.DescendantElements(Tag.Table).Any(_dataTables.Contains)) return false;
        var weight = ClassWeight(element);
        if (weight < 0) return true;

        var stats = element.Stats;
        if (stats.Commas >= 10) return false;

        var isList = tag is Tag.Ul or Tag.Ol || (stats.TextLength > 0 && (double)stats.ListLength / stats.TextLength > 0.9);
        if (stats.TextLength < 40)
        {
            var text = NodeText.Collapsed(element);
            if (AdWords().IsMatch(text) || LoadingWords().IsMatch(text)) return true;
        }

        var isFigureChild = element.HasAncestor(Tag.Figure);
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
            foreach (var child in element.ElementChildren())
            {
                if (child.ElementChildCount() > 1) return true;
            }
            if (stats.Images == stats.ListItems) return false;
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


    [GeneratedRegex(@"\.( |$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"^(ad(vertising|vertisement)?|pub(licité)?|werb(ung)?|广告|Реклама|Anuncio)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AdWords();

    [GeneratedRegex(@"^((loading|正在加载|Загрузка|chargement|cargando)(…|\.\.\.)?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LoadingWords();
}
