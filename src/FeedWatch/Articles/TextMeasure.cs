namespace FeedWatch.Articles;

/// <summary>
/// The reader-visible length of a stretch of text (trimmed, each whitespace run one space) in a form that
/// concatenates: whether it starts or ends with whitespace travels along, so the measure of an element is the
/// concatenation of its children's measures, and one bottom-up pass measures every element of a page.
/// </summary>
internal readonly record struct TextMeasure(int Length, bool HasText, bool LeadingSpace, bool TrailingSpace, int Commas)
{
    public static TextMeasure Of(string text)
    {
        var counter = new SpaceCollapsingCounter();
        var commas = 0;
        foreach (var c in text)
        {
            counter.Add(c);
            if (ElementStats.IsComma(c)) commas++;
        }
        if (counter.Length == 0) return new TextMeasure(0, false, text.Length > 0, text.Length > 0, 0);
        return new TextMeasure(counter.Length, true, char.IsWhiteSpace(text[0]), char.IsWhiteSpace(text[^1]), commas);
    }

    public TextMeasure Then(TextMeasure next)
    {
        var commas = Commas + next.Commas;
        if (!HasText)
        {
            return next.HasText
                ? next with { LeadingSpace = next.LeadingSpace || LeadingSpace, Commas = commas }
                : new TextMeasure(0, false, LeadingSpace || next.LeadingSpace, LeadingSpace || next.LeadingSpace, commas);
        }
        if (!next.HasText) return this with { TrailingSpace = TrailingSpace || next.LeadingSpace, Commas = commas };
        var joiningSpace = TrailingSpace || next.LeadingSpace ? 1 : 0;
        return new TextMeasure(Length + joiningSpace + next.Length, true, LeadingSpace, next.TrailingSpace, commas);
    }
}
