namespace FeedWatch.Articles;

/// <summary>
/// What the scorer and the conditional cleaner weigh about an element's content (its descendants, not itself,
/// as Readability counts them): the text as a reader sees it, how much of it is link text, and how many
/// paragraphs, images, list items and inputs it holds. Stats concatenate, so one bottom-up pass measures every
/// element of a page (<see cref="PageNode.MeasureAll"/>) and after edits only the edited nodes' ancestors are
/// measured again (<see cref="PageNode.Refresh"/>).
/// </summary>
internal readonly record struct ElementStats(
    TextMeasure Text,
    double LinkLength,
    int Paragraphs,
    int Images,
    int ListItems,
    int Inputs,
    int HeadingLength,
    int TextishLength,
    int ListLength)
{
    public int TextLength => Text.Length;

    public int Commas => Text.Commas;

    public double LinkDensity => TextLength == 0 ? 0 : LinkLength / TextLength;

    // The commas of Latin, Arabic, CJK and other scripts: each marks a clause, the surest sign of prose.
    public static bool IsComma(char c) => c is ',' or '\u060C' or '\uFE50' or '\uFE10' or '\uFE11' or '\u2E41' or '\u2E34' or '\u2E32' or '\uFF0C';

    /// <summary>The stats of a text node's data.</summary>
    public static ElementStats OfText(string text) => new(TextMeasure.Of(text), 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>This content followed by <paramref name="next"/>.</summary>
    public ElementStats Then(ElementStats next) => new(
        Text.Then(next.Text),
        LinkLength + next.LinkLength,
        Paragraphs + next.Paragraphs,
        Images + next.Images,
        ListItems + next.ListItems,
        Inputs + next.Inputs,
        HeadingLength + next.HeadingLength,
        TextishLength + next.TextishLength,
        ListLength + next.ListLength);

    /// <summary>
    /// What <paramref name="element"/> adds to its parent's stats, given these stats of its content: itself as
    /// a paragraph, image, list item, link, heading or list, each counting its own text.
    /// </summary>
    public ElementStats AsSeenFromParent(PageNode element)
    {
        var length = Text.Length;
        var stats = this;
        switch (element.Tag)
        {
            case Tag.P: stats = stats with { Paragraphs = Paragraphs + 1 }; break;
            case Tag.Img: stats = stats with { Images = Images + 1 }; break;
            case Tag.Li: stats = stats with { ListItems = ListItems + 1 }; break;
            case Tag.Input: stats = stats with { Inputs = Inputs + 1 }; break;
            case Tag.A: stats = stats with { LinkLength = LinkLength + (length * PageNode.LinkWeight(element)) }; break;
            case Tag.H1 or Tag.H2 or Tag.H3 or Tag.H4 or Tag.H5 or Tag.H6: stats = stats with { HeadingLength = HeadingLength + length }; break;
        }
        if (element.Tag is Tag.Ul or Tag.Ol) stats = stats with { ListLength = stats.ListLength + length };
        // Readability's "textish" elements: text in them reads as running text rather than as labels.
        if (element.Tag is Tag.P or Tag.Span or Tag.Li or Tag.Td or Tag.Blockquote or Tag.Dl or Tag.Div or Tag.Pre or Tag.Table or Tag.Ul or Tag.Ol)
        {
            stats = stats with { TextishLength = stats.TextishLength + length };
        }
        return stats;
    }

    /// <summary>Measures one subtree on its own (for the few elements looked at before the whole page is measured).</summary>
    public static ElementStats Of(PageNode element)
    {
        PageNode.MeasureAll(element);
        return element.Stats;
    }
}
