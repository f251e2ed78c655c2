using AngleSharp.Dom;

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

    public static ElementStats Of(IElement root)
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
        // Open elements whose own text is being measured, with what kind each is; nested ones count again, as
        // the sums of their separate texts do.
        var open = new List<(Kind Kind, SpaceCollapsingCounter Counter, double Weight)>();
        var stack = new Stack<(INodeList Children, int Index, int OpenCount)>();
        var children = root.ChildNodes;
        var index = 0;
        while (true)
        {
            if (index >= children.Length)
            {
                if (stack.Count == 0) break;
                int openCount;
                (children, index, openCount) = stack.Pop();
                for (var k = open.Count - 1; k >= openCount; k--)
                {
                    var (kind, counter, weight) = open[k];
                    switch (kind)
                    {
                        case Kind.Link: linkLength += counter.Length * weight; break;
                        case Kind.Heading: headingLength += counter.Length; break;
                        case Kind.Textish: textishLength += counter.Length; break;
                        case Kind.List: listLength += counter.Length; break;
                    }
                    open.RemoveAt(k);
                }
                continue;
            }
            var node = children[index++];
            if (node is IText text)
            {
                foreach (var c in text.Data)
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
            if (node is not IElement element) continue;
            var before = open.Count;
            switch (element.LocalName)
            {
                case "p": paragraphs++; open.Add((Kind.Textish, default, 1)); break;
                case "img": images++; break;
                case "li": listItems++; open.Add((Kind.Textish, default, 1)); break;
                case "input": inputs++; break;
                case "a":
                    var href = element.GetAttribute("href");
                    // In-page links ("#section-2") are tables of contents and footnotes, part of the text.
                    open.Add((Kind.Link, default, href is { Length: > 1 } && href[0] == '#' ? 0.3 : 1));
                    break;
                case "h1" or "h2" or "h3" or "h4" or "h5" or "h6": open.Add((Kind.Heading, default, 1)); break;
                case "ul" or "ol":
                    open.Add((Kind.List, default, 1));
                    open.Add((Kind.Textish, default, 1));
                    break;
                case "span" or "td" or "blockquote" or "dl" or "div" or "pre" or "table":
                    open.Add((Kind.Textish, default, 1));
                    break;
            }
            if (element.HasChildNodes)
            {
                stack.Push((children, index, before));
                children = element.ChildNodes;
                index = 0;
            }
            else
            {
                open.RemoveRange(before, open.Count - before);
            }
        }
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
