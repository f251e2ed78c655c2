namespace FeedWatch.Analysis.Text;

internal enum TokenKind : byte
{
    Word,
    Number,
    Punct,
    OpenQuote,
    CloseQuote,
    /// <summary>A straight double quote: opening or closing is decided by the sentence splitter.</summary>
    Quote,
    Dash,
    Ellipsis,
}

/// <summary>
/// A token of a paragraph: its place in the paragraph, its kind, and its folded form (lower case,
/// no diacritics) that every lexicon lookup uses.
/// </summary>
internal readonly record struct Token(int Start, int Length, TokenKind Kind, string Norm, bool Capitalized)
{
    public int End => Start + Length;

    public bool IsWord => Kind is TokenKind.Word;

    public bool IsQuote => Kind is TokenKind.Quote or TokenKind.OpenQuote or TokenKind.CloseQuote;

    /// <summary>True for the punctuation that ends a sentence.</summary>
    public bool IsTerminal => Kind == TokenKind.Ellipsis || (Kind == TokenKind.Punct && Norm is "." or "!" or "?");
}
