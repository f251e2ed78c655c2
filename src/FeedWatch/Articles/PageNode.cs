using System.Collections.Frozen;
using AngleSharp.Dom;

namespace FeedWatch.Articles;

/// <summary>The elements the extractor tells apart; every other element is <see cref="Other"/>.</summary>
internal enum Tag : byte
{
    Text,
    Other,
    A, Abbr, Address, Article, Aside, Audio, B, Bdo, Blockquote, Body, Br, Button, Caption, Center, Cite, Code,
    Col, Colgroup, Data, Datalist, Dd, Del, Details, Dfn, Div, Dl, Dt, Em, Embed, Fieldset, Figcaption, Figure,
    Footer, Form, H1, H2, H3, H4, H5, H6, Header, Hgroup, Hr, I, Iframe, Img, Input, Ins, Kbd, Label, Legend, Li,
    Main, Mark, Math, Menu, Meter, Nav, Object, Ol, Output, P, Picture, Pre, Progress, Q, Ruby, Samp, Section,
    Select, Small, Span, Strong, Sub, Summary, Sup, Table, Tbody, Td, Textarea, Tfoot, Th, Thead, Time, Tr, Ul, Var,
    Wbr,

    /// <summary>An element that never holds text a reader reads as the story (script, style, head...): never copied.</summary>
    Skipped,
}

/// <summary>
/// The page body as the extractor edits it: a light tree copied from AngleSharp's DOM in one pass. AngleSharp
/// keeps children in arrays, so removing or moving one child costs time in proportion to its siblings, and a
/// hostile page with a million siblings would make the Readability-style edits quadratic; here siblings are a
/// doubly linked list, so every edit (remove, insert, rename, wrap) costs O(1) and a whole extraction stays
/// linear in the page. Every walk follows the links iteratively: no recursion, whatever the depth.
/// Attributes are read from the AngleSharp element the node was copied from.
/// </summary>
internal sealed partial class PageNode
{
    private static readonly FrozenDictionary<string, Tag> Tags = Enum.GetValues<Tag>()
        .Where(t => t is not (Tag.Text or Tag.Other or Tag.Skipped))
        .Select(t => KeyValuePair.Create(t.ToString().ToLowerInvariant(), t))
        // Elements that never hold text a reader reads as the story; they are left out when the tree is copied.
        .Concat(new[] { "script", "style", "noscript", "template", "head", "title", "svg", "canvas", "link", "meta", "dialog" }
            .Select(name => KeyValuePair.Create(name, Tag.Skipped)))
        .ToFrozenDictionary(StringComparer.Ordinal);

    private PageNode(Tag tag, IElement? element, string? text)
    {
        Tag = tag;
        Element = element;
        Text = text;
        if (element is null) return;
        // The attributes every walk asks about, read once: AngleSharp looks each one up by name in a list.
        string? style = null, ariaHidden = null, ariaModal = null;
        var hidden = false;
        var attributes = element.Attributes;
        for (var i = 0; i < attributes.Length; i++)
        {
            var attribute = attributes[i];
            if (attribute is null) continue;
            switch (attribute.Name)
            {
                case "class": ClassName = attribute.Value; break;
                case "id": Id = attribute.Value; break;
                case "role": Role = attribute.Value; break;
                case "href": Href = attribute.Value; break;
                case "rel": Rel = attribute.Value; break;
                case "itemprop": ItemProp = attribute.Value; break;
                case "style": style = attribute.Value; break;
                case "hidden": hidden = true; break;
                case "aria-hidden": ariaHidden = attribute.Value; break;
                case "aria-modal": ariaModal = attribute.Value; break;
            }
        }
        IsHidden = hidden
            || (style is not null && style.Contains(':', StringComparison.Ordinal) && HiddenStyle().IsMatch(style))
            // aria-hidden content is usually decoration; some sites mark the fallback image of a widget that way.
            || (ariaHidden == "true" && !ClassName.Contains("fallback-image", StringComparison.Ordinal))
            // An open modal dialog (a cookie wall, a sign-up prompt) sits over the page, not in it.
            || (ariaModal == "true" && Role == "dialog");
    }

    public Tag Tag { get; set; }

    /// <summary>The AngleSharp element this node was copied from; null for text and for elements the extractor made.</summary>
    public IElement? Element { get; }

    /// <summary>The data of a text node; null for elements.</summary>
    public string? Text { get; }

    public PageNode? Parent { get; private set; }
    public PageNode? FirstChild { get; private set; }
    public PageNode? LastChild { get; private set; }
    public PageNode? Previous { get; private set; }
    public PageNode? Next { get; private set; }

    /// <summary>The stats of this node's content, as of the last <see cref="MeasureAll"/> or <see cref="Refresh"/> that reached it.</summary>
    public ElementStats Stats { get; private set; }

    private bool _stale;

    public bool IsText => Tag == Tag.Text;

    public bool IsElement => Tag != Tag.Text;

    public string? Attribute(string name) => Element?.GetAttribute(name);

    public bool HasAttribute(string name) => Element?.HasAttribute(name) ?? false;

    public string ClassName { get; } = string.Empty;

    public string Id { get; } = string.Empty;

    public string? Role { get; }

    public string? Href { get; }

    public string? Rel { get; }

    public string? ItemProp { get; }

    /// <summary>True for what the page hides or lays over itself: the hidden attribute, display:none or visibility:hidden, aria-hidden, a modal dialog.</summary>
    public bool IsHidden { get; }

    public bool IsHeading => Tag is Tag.H1 or Tag.H2 or Tag.H3 or Tag.H4 or Tag.H5 or Tag.H6;

    public static PageNode CreateElement(Tag tag) => new(tag, null, null);

    public static Tag TagOf(string localName) => Tags.GetValueOrDefault(localName, Tag.Other);

    /// <summary>Copies an AngleSharp subtree (its root included), leaving out comments, scripts and styles.</summary>
    public static PageNode From(INode root)
    {
        var copy = root is IElement rootElement ? new PageNode(TagOf(rootElement.LocalName), rootElement, null) : CreateElement(Tag.Other);
        var stack = new Stack<(INodeList Children, int Index, PageNode Parent)>();
        var children = root.ChildNodes;
        var index = 0;
        var parent = copy;
        while (true)
        {
            if (index >= children.Length)
            {
                if (stack.Count == 0) break;
                (children, index, parent) = stack.Pop();
                continue;
            }
            var node = children[index++];
            if (node is IText text)
            {
                parent.Append(new PageNode(Tag.Text, null, text.Data));
            }
            else if (node is IElement element && TagOf(element.LocalName) is var tag && tag != Tag.Skipped)
            {
                var child = new PageNode(tag, element, null);
                if (child.IsHidden) continue;
                parent.Append(child);
                if (element.HasChildNodes)
                {
                    stack.Push((children, index, parent));
                    children = element.ChildNodes;
                    index = 0;
                    parent = child;
                }
            }
        }
        return copy;
    }

    /// <summary>
    /// Measures every node under <paramref name="root"/> (and the root) in one bottom-up pass: children before
    /// parents, each element the concatenation of its children. Valid until the tree is edited; after removing a
    /// node, <see cref="MarkStale"/> its old parent and <see cref="Refresh"/> before reading.
    /// </summary>
    public static void MeasureAll(PageNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        // Post-order by the links alone: down to the first leaf, fold it, then its next sibling's first leaf, or up.
        var node = root;
        while (node.FirstChild is { } first) node = first;
        while (true)
        {
            node.Fold();
            if (ReferenceEquals(node, root)) return;
            if (node.Next is { } next)
            {
                node = next;
                while (node.FirstChild is { } first) node = first;
            }
            else
            {
                node = node.Parent!;
            }
        }
    }

    /// <summary>
    /// Records an edit inside this node: it and its ancestors need measuring again. Stops at the first ancestor
    /// already marked (its own ancestors are marked too), so marking costs O(1) amortised per edit.
    /// </summary>
    public void MarkStale()
    {
        for (var n = this; n is not null && !n._stale; n = n.Parent) n._stale = true;
    }

    /// <summary>
    /// Brings <see cref="Stats"/> up to date after edits marked with <see cref="MarkStale"/>: only the marked
    /// nodes of this subtree are folded again, children first, so a parent of many edited children is folded
    /// once rather than once per edit.
    /// </summary>
    public void Refresh()
    {
        if (!_stale) return;
        var stale = new List<PageNode>();
        var pending = new Stack<PageNode>();
        pending.Push(this);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            stale.Add(node);
            for (var child = node.FirstChild; child is not null; child = child.Next)
            {
                if (child._stale) pending.Push(child);
            }
        }
        for (var i = stale.Count - 1; i >= 0; i--) stale[i].Fold();
    }

    private void Fold()
    {
        _stale = false;
        if (Text is { } text)
        {
            Stats = ElementStats.OfText(text);
            return;
        }
        var stats = default(ElementStats);
        for (var child = FirstChild; child is not null; child = child.Next)
        {
            stats = stats.Then(child.IsText ? child.Stats : child.Stats.AsSeenFromParent(child));
        }
        Stats = stats;
    }

    /// <summary>In-page links ("#section-2") are tables of contents and footnotes, part of the text: they count for less.</summary>
    public static double LinkWeight(PageNode link)
    {
        var href = link.Href;
        return href is { Length: > 1 } && href[0] == '#' ? 0.3 : 1;
    }

    public void Append(PageNode child)
    {
        ArgumentNullException.ThrowIfNull(child);
        child.Remove();
        child.Parent = this;
        child.Previous = LastChild;
        if (LastChild is null) FirstChild = child;
        else LastChild.Next = child;
        LastChild = child;
    }

    public void InsertBefore(PageNode child, PageNode reference)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(reference);
        child.Remove();
        child.Parent = this;
        child.Next = reference;
        child.Previous = reference.Previous;
        if (reference.Previous is null) FirstChild = child;
        else reference.Previous.Next = child;
        reference.Previous = child;
    }

    /// <summary>Puts <paramref name="replacement"/> where this node is and detaches this node.</summary>
    public void ReplaceWith(PageNode replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        var parent = Parent ?? throw new InvalidOperationException("a detached node cannot be replaced");
        parent.InsertBefore(replacement, this);
        Remove();
    }

    /// <summary>Detaches this node (and its subtree) from its parent.</summary>
    public void Remove()
    {
        if (Parent is null) return;
        if (Previous is null) Parent.FirstChild = Next;
        else Previous.Next = Next;
        if (Next is null) Parent.LastChild = Previous;
        else Next.Previous = Previous;
        Parent = null;
        Previous = null;
        Next = null;
    }

    /// <summary>The node after <paramref name="node"/> in document order, staying inside <paramref name="root"/>.</summary>
    public static PageNode? Following(PageNode node, PageNode root, bool skipChildren = false)
    {
        if (!skipChildren && node.FirstChild is { } child) return child;
        for (var n = node; n is not null && !ReferenceEquals(n, root); n = n.Parent)
        {
            if (n.Next is { } next) return next;
        }
        return null;
    }

    /// <summary>Every node under this one in document order (this one excluded). Do not edit the tree while enumerating.</summary>
    public IEnumerable<PageNode> Descendants()
    {
        for (var node = FirstChild; node is not null; node = Following(node, this)) yield return node;
    }

    public IEnumerable<PageNode> Children()
    {
        for (var node = FirstChild; node is not null; node = node.Next) yield return node;
    }

    public IEnumerable<PageNode> ElementChildren()
    {
        for (var node = FirstChild; node is not null; node = node.Next)
        {
            if (node.IsElement) yield return node;
        }
    }

    public int ElementChildCount()
    {
        var count = 0;
        for (var node = FirstChild; node is not null; node = node.Next)
        {
            if (node.IsElement) count++;
        }
        return count;
    }

    public IEnumerable<PageNode> DescendantElements(Tag tag)
    {
        foreach (var node in Descendants())
        {
            if (node.Tag == tag) yield return node;
        }
    }

    public bool HasAncestor(Tag tag)
    {
        for (var n = Parent; n is not null; n = n.Parent)
        {
            if (n.Tag == tag) return true;
        }
        return false;
    }

    public override string ToString() => IsText ? $"\"{Text}\"" : $"<{Element?.LocalName ?? Tag.ToString().ToLowerInvariant()}>";

    [System.Text.RegularExpressions.GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex HiddenStyle();
}
