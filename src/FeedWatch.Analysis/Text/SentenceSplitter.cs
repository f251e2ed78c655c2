namespace FeedWatch.Analysis.Text;

/// <summary>
/// Splits a paragraph's tokens into sentences. Abbreviation dots never reach here as full stops (the
/// tokenizer keeps "U.S.", "Nov.", "Sen." whole), so a sentence ends at '.', '!', '?' or an ellipsis
/// followed by what starts a sentence: a capital, a number or an opening quote. Closing quotes and
/// brackets after the stop stay with the sentence they close.
/// </summary>
internal static class SentenceSplitter
{
    // Abbreviations that can also end a sentence ("... arrived in the U.S. The talks ..."): split after
    // them only when the next word is one that typically starts a sentence.
    private static readonly HashSet<string> TerminalAbbreviations = new(StringComparer.Ordinal)
    {
        "u.s.", "u.k.", "u.n.", "e.u.", "d.c.", "jr.", "sr.", "inc.", "ltd.", "co.", "corp.", "etc.", "a.m.", "p.m.", "u.s.a.",
    };

    private static readonly HashSet<string> SentenceStarters = new(StringComparer.Ordinal)
    {
        "the", "he", "she", "it", "they", "we", "i", "you", "but", "and", "this", "that", "these", "those", "there",
        "a", "an", "his", "her", "their", "its", "our", "however", "meanwhile", "after", "before", "as", "when",
        "while", "if", "some", "many", "both", "earlier", "later", "last", "on", "in", "at", "for", "asked", "according",
    };

    // The paragraph's tokens go into one reused list per thread; each sentence gets its own exact array.
    [ThreadStatic]
    private static List<Token>? t_tokens;

    public static List<Sentence> Split(string paragraphText, int paragraph, int firstIndex)
    {
        var sentences = new List<Sentence>();
        var tokens = Tokenizer.Tokenize(paragraphText, t_tokens ??= new List<Token>(256));
        if (tokens.Count == 0) return sentences;
        if (tokens.Capacity > 65_536) t_tokens = null; // a huge paragraph's list is not kept

        var inQuote = MarkQuotes(tokens);
        var start = 0;
        var index = firstIndex;
        for (var k = 0; k < tokens.Count; k++)
        {
            var t = tokens[k];
            var end = -1;
            if (t.IsTerminal)
            {
                var j = k + 1;
                while (j < tokens.Count && IsCloser(tokens, j, inQuote)) j++;
                if (j >= tokens.Count || StartsSentence(tokens[j]))
                {
                    end = j;
                }
            }
            else if (t.IsWord && TerminalAbbreviations.Contains(t.Norm) && k + 1 < tokens.Count
                     && tokens[k + 1].Capitalized && SentenceStarters.Contains(tokens[k + 1].Norm))
            {
                end = k + 1;
            }

            if (end > start)
            {
                sentences.Add(Make(paragraphText, paragraph, index++, tokens, inQuote, start, end));
                start = end;
                k = end - 1;
            }
        }
        if (start < tokens.Count)
        {
            sentences.Add(Make(paragraphText, paragraph, index, tokens, inQuote, start, tokens.Count));
        }
        return sentences;
    }

    private static Sentence Make(string text, int paragraph, int index, List<Token> tokens, bool[] inQuote, int from, int to)
    {
        var slice = new Token[to - from];
        tokens.CopyTo(from, slice, 0, to - from);
        var quoted = new bool[to - from];
        Array.Copy(inQuote, from, quoted, 0, to - from);
        return new Sentence(text, paragraph, index, slice, quoted);
    }

    private static bool IsCloser(List<Token> tokens, int j, bool[] inQuote)
    {
        var t = tokens[j];
        if (t.Kind == TokenKind.CloseQuote) return true;
        // A straight quote closes when the text before it was quoted.
        if (t.Kind == TokenKind.Quote && j > 0 && inQuote[j - 1]) return true;
        return t.Kind == TokenKind.Punct && t.Norm is ")" or "]";
    }

    private static bool StartsSentence(Token next) =>
        next.Capitalized
        || next.Kind is TokenKind.OpenQuote or TokenKind.Quote or TokenKind.Number or TokenKind.Dash
        || (next.Kind == TokenKind.Punct && next.Norm is "(" or "[");

    /// <summary>
    /// Marks the tokens that stand inside double quotation marks. Curly quotes say which way they face;
    /// a straight quote opens when none is open and closes otherwise.
    /// </summary>
    private static bool[] MarkQuotes(List<Token> tokens)
    {
        var marks = new bool[tokens.Count];
        var open = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Norm == "\"")
            {
                if (t.Kind == TokenKind.OpenQuote) open = true;
                else if (t.Kind == TokenKind.CloseQuote) open = false;
                else open = !open;
                marks[i] = true;
                continue;
            }
            marks[i] = open;
        }
        return marks;
    }
}
