namespace FeedWatch.Articles;

/// <summary>
/// What the conditional cleaner weighs about one element, gathered in a single walk of its subtree: the text
/// length, how much of it is link text, commas, and how many paragraphs, images, list items and inputs it holds.
/// </summary>
internal readonly record struct ElementStats(
    int TextLength,
    double LinkLength,
    int Commas,
    int Paragraphs,
    int Images,
    int ListItems,
    int Inputs,
    int HeadingLength,
    int TextishLength,
    int ListLength)
{
    public double LinkDensity => TextLength == 0 ? 0 : LinkLength / TextLength;

    // The commas of Latin, Arabic, CJK and other scripts: each marks a clause, the surest sign of prose.
    public static bool IsComma(char c) => c is ',' or '\u060C' or '\uFE50' or '\uFE10' or '\uFE11' or '\u2E41' or '\u2E34' or '\u2E32' or '\uFF0C';

    public static ElementStats Of(PageNode root)
    {
        var all = new SpaceCollapsingCounter();
        var commas = 0;
        var paragraphs = 0;
        var images = 0;
        var listItems = 0;
        var inputs = 0;
        double linkLength = 0;
        var headingLength = 0;
        var textishLength = 0;
        var listLength = 0;
        // Elements whose own text is being measured, innermost last; nested ones count again, as the sums of
        // their separate texts do.
        // End is the first node after the element's subtree (null: the subtree runs to the end of root).
        var open = new List<(PageNode? End, Kind Kind, SpaceCollapsingCounter Counter, double Weight)>();

        void CloseUntil(PageNode? node)
        {
            // Close every measured element whose subtree ends at node (all of them when node is null).
            while (open.Count > 0 && (node is null || ReferenceEquals(open[^1].End, node)))
            {
                var (_, kind, counter, weight) = open[^1];
                switch (kind)
                {
                    case Kind.Link: linkLength += counter.Length * weight; break;
                    case Kind.Heading: headingLength += counter.Length; break;
                    case Kind.Textish: textishLength += counter.Length; break;
                    case Kind.List: listLength += counter.Length; break;
                }
                open.RemoveAt(open.Count - 1);
            }
        }

        foreach (var node in root.Descendants())
        {
            if (open.Count > 0) CloseUntil(node);
            if (node.Text is { } text)
            {
                foreach (var c in text)
                {
                    all.Add(c);
                    if (IsComma(c)) commas++;
                    for (var k = 0; k < open.Count; k++)
                    {
                        var entry = open[k];
                        entry.Counter.Add(c);
                        open[k] = entry;
                    }
                }
                continue;
            }
            var paragraph = node.Tag == Tag.P;
            if (paragraph) paragraphs++;
            switch (node.Tag)
            {
                case Tag.Img: images++; break;
                case Tag.Li: listItems++; break;
                case Tag.Input: inputs++; break;
            }
            if (node.FirstChild is null) continue; // an empty element adds no text to anything
            var end = PageNode.Following(node, root, skipChildren: true);
            switch (node.Tag)
            {
                case Tag.A:
                    var href = node.Attribute("href");
                    // In-page links ("#section-2") are tables of contents and footnotes, part of the text.
                    open.Add((end, Kind.Link, default, href is { Length: > 1 } && href[0] == '#' ? 0.3 : 1));
                    break;
                case Tag.H1 or Tag.H2 or Tag.H3 or Tag.H4 or Tag.H5 or Tag.H6:
                    open.Add((end, Kind.Heading, default, 1));
                    break;
                case Tag.Ul or Tag.Ol:
                    open.Add((end, Kind.List, default, 1));
                    break;
            }
            if (paragraph || node.Tag is Tag.Span or Tag.Li or Tag.Td or Tag.Blockquote or Tag.Dl or Tag.Div or Tag.Pre or Tag.Table or Tag.Ul or Tag.Ol)
            {
                open.Add((end, Kind.Textish, default, 1));
            }
        }
        CloseUntil(null);
        return new ElementStats(all.Length, linkLength, commas, paragraphs, images, listItems, inputs, headingLength, textishLength, listLength);
    }

    private enum Kind
    {
        Link,
        Heading,
        Textish,
        List,
    }
}
