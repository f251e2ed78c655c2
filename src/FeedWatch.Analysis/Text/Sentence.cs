namespace FeedWatch.Analysis.Text;

/// <summary>
/// A sentence: its tokens (offsets into the paragraph's text), where it is, and which of its tokens
/// stand inside quotation marks (a quoted sentence speaks in someone else's voice).
/// </summary>
internal sealed class Sentence
{
    public Sentence(string paragraphText, int paragraph, int index, Token[] tokens, bool[] inQuote)
    {
        ParagraphText = paragraphText;
        Paragraph = paragraph;
        Index = index;
        Tokens = tokens;
        InQuote = inQuote;
    }

    /// <summary>The whole paragraph's text; token offsets point into it.</summary>
    public string ParagraphText { get; }

    /// <summary>Paragraph number in the article; -1 is the title.</summary>
    public int Paragraph { get; }

    /// <summary>Position of the sentence in the article (title first).</summary>
    public int Index { get; }

    public Token[] Tokens { get; }

    public bool[] InQuote { get; }

    public int Start => Tokens.Length == 0 ? 0 : Tokens[0].Start;

    public int End => Tokens.Length == 0 ? 0 : Tokens[^1].End;

    public string Text => ParagraphText[Start..End];

    /// <summary>The original text of tokens [from, to).</summary>
    public string Slice(int from, int to) =>
        from >= to ? string.Empty : ParagraphText[Tokens[from].Start..Tokens[to - 1].End];

    /// <summary>True when most of the sentence's words are inside quotation marks.</summary>
    public bool IsMostlyQuoted
    {
        get
        {
            int words = 0, quoted = 0;
            for (var i = 0; i < Tokens.Length; i++)
            {
                if (!Tokens[i].IsWord) continue;
                words++;
                if (InQuote[i]) quoted++;
            }
            return words > 0 && quoted * 2 > words;
        }
    }

    public override string ToString() => Text;
}
