namespace FeedWatch.Analysis.Text;

/// <summary>
/// Splits a paragraph into tokens in one left-to-right pass. Words keep internal hyphens
/// ("face-to-face", "Jong-un"), contractions ("don't") and abbreviation dots ("U.S.", "Nov.",
/// "H.R."), so that the sentence splitter only sees real full stops. A possessive "'s" is its own
/// token, so "Putin's" matches the name "Putin".
/// </summary>
internal static class Tokenizer
{
    // Abbreviations that keep their full stop. Single letters ("W.") and dotted acronyms ("U.S.") are
    // recognised by shape and need no entry here.
    private static readonly HashSet<string> Abbreviations = new(StringComparer.Ordinal)
    {
        "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt",
        "sen", "rep", "gov", "pres", "prof", "rev", "hon", "amb", "sec", "dept", "gov't", "govt",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "no", "nos", "vs", "etc", "inc", "corp", "co", "ltd", "llc", "plc", "mt", "ft", "approx", "est", "fig",
        "vol", "pp", "al", "ave", "blvd", "ret",
    };

    // "it's", "there's", "that's" are a pronoun and a verb, not a possessive: kept whole so that cue
    // patterns can name them.
    private static readonly HashSet<string> PronounContractions = new(StringComparer.Ordinal)
    {
        "it", "there", "that", "what", "he", "she", "who", "here", "let", "where", "nothing", "everything", "something",
    };

    public static List<Token> Tokenize(string text) => Tokenize(text, new List<Token>(Math.Min(text.Length / 5 + 4, 4096)));

    /// <summary>Tokenizes into <paramref name="tokens"/> (cleared first), so a caller can reuse one list.</summary>
    public static List<Token> Tokenize(string text, List<Token> tokens)
    {
        tokens.Clear();
        var i = 0;
        var n = text.Length;
        while (i < n)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c == '\u200B' || c == '\uFEFF')
            {
                i++;
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                i = ReadWord(text, i, tokens);
                continue;
            }
            i = ReadSymbol(text, i, tokens);
        }
        return tokens;
    }

    private static int ReadWord(string text, int start, List<Token> tokens)
    {
        var n = text.Length;
        var i = start;
        var allDigits = true;
        while (i < n)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c) || IsMark(c))
            {
                if (!char.IsDigit(c)) allDigits = false;
                i++;
                continue;
            }
            // Hyphens and joiners inside a word: "face-to-face", "Jong-un", "al-Sisi".
            if (IsHyphen(c) && i + 1 < n && char.IsLetterOrDigit(text[i + 1]) && i > start)
            {
                allDigits = false;
                i++;
                continue;
            }
            // Digits with separators: "1,000", "3.5", "10:30", "4-5" stays split on '-' above only for letters.
            if (allDigits && (c is ',' or '.' or ':') && i + 1 < n && char.IsDigit(text[i + 1]))
            {
                i++;
                continue;
            }
            if (c is '\'' or '\u2019' && i + 1 < n && char.IsLetter(text[i + 1]))
            {
                // Possessive 's stops the word; contractions (n't, 'll, 're, 've, 'd, 'm) and names (O'Brien) continue it.
                var j = i + 1;
                while (j < n && char.IsLetter(text[j])) j++;
                var tail = text.AsSpan(i + 1, j - i - 1);
                if (tail.Length == 1 && (tail[0] is 's' or 'S') && !PronounContractions.Contains(Fold.Apply(text.AsSpan(start, i - start))))
                {
                    break;
                }
                allDigits = false;
                i = j;
                continue;
            }
            break;
        }

        // Abbreviation dots: dotted acronyms (U.S., H.R., a.m.), initials (W.), listed abbreviations (Nov.).
        if (i < n && text[i] == '.')
        {
            var wordLength = i - start;
            if (wordLength == 1 && char.IsLetter(text[start]))
            {
                i++;
                // Continue "U.S." / "U.S.A." / "a.m.": letter-dot pairs.
                while (i + 1 < n && char.IsLetter(text[i]) && text[i + 1] == '.' && (i + 2 >= n || !char.IsLetter(text[i + 2])))
                {
                    i += 2;
                }
                // A lone upper-case initial before a space is an initial ("George W. Bush"), a lone lower-case letter is not.
                if (i - start == 2 && !char.IsUpper(text[start]))
                {
                    i--;
                }
            }
            else if (!allDigits && Abbreviations.Contains(Fold.Apply(text.AsSpan(start, wordLength))))
            {
                i++;
            }
        }

        var span = text.AsSpan(start, i - start);
        var kind = allDigits ? TokenKind.Number : TokenKind.Word;
        tokens.Add(new Token(start, i - start, kind, Fold.Word(span), char.IsUpper(span[0])));
        return i;
    }

    private static int ReadSymbol(string text, int i, List<Token> tokens)
    {
        var n = text.Length;
        var c = text[i];
        switch (c)
        {
            case '.':
                if (i + 2 < n && text[i + 1] == '.' && text[i + 2] == '.')
                {
                    var j = i + 3;
                    while (j < n && text[j] == '.') j++;
                    tokens.Add(new Token(i, j - i, TokenKind.Ellipsis, "...", false));
                    return j;
                }
                tokens.Add(new Token(i, 1, TokenKind.Punct, ".", false));
                return i + 1;
            case '\u2026':
                tokens.Add(new Token(i, 1, TokenKind.Ellipsis, "...", false));
                return i + 1;
            case '"':
                tokens.Add(new Token(i, 1, TokenKind.Quote, "\"", false));
                return i + 1;
            case '\u201C' or '\u201E' or '\u00AB' or '\u2039':
                tokens.Add(new Token(i, 1, TokenKind.OpenQuote, "\"", false));
                return i + 1;
            case '\u201D' or '\u00BB' or '\u203A':
                tokens.Add(new Token(i, 1, TokenKind.CloseQuote, "\"", false));
                return i + 1;
            case '\u2018':
                tokens.Add(new Token(i, 1, TokenKind.OpenQuote, "'", false));
                return i + 1;
            case '\u2019' or '\'':
                // A possessive 's after a word: "Putin's" / "Putin’s" -> "Putin", "'s".
                if (i + 1 < n && text[i + 1] is 's' or 'S' && (i + 2 >= n || !char.IsLetter(text[i + 2])) && i > 0 && char.IsLetterOrDigit(text[i - 1]))
                {
                    tokens.Add(new Token(i, 2, TokenKind.Word, "'s", false));
                    return i + 2;
                }
                // Plural possessive "leaders’ meeting": an apostrophe right after a word ending in s.
                if (i > 0 && text[i - 1] is 's' && (i + 1 >= n || !char.IsLetter(text[i + 1])) && c == '\u2019')
                {
                    tokens.Add(new Token(i, 1, TokenKind.Word, "'s", false));
                    return i + 1;
                }
                tokens.Add(new Token(i, 1, c == '\'' ? TokenKind.Quote : TokenKind.CloseQuote, "'", false));
                return i + 1;
            case '\u2014' or '\u2015' or '\u2013':
                tokens.Add(new Token(i, 1, TokenKind.Dash, "-", false));
                return i + 1;
            case '-':
                if (i + 1 < n && text[i + 1] == '-')
                {
                    var j = i + 2;
                    while (j < n && text[j] == '-') j++;
                    tokens.Add(new Token(i, j - i, TokenKind.Dash, "-", false));
                    return j;
                }
                tokens.Add(new Token(i, 1, TokenKind.Dash, "-", false));
                return i + 1;
        }

        var len = char.IsSurrogatePair(text, i) ? 2 : 1;
        tokens.Add(new Token(i, len, TokenKind.Punct, text.Substring(i, len), false));
        return i + len;
    }

    private static bool IsHyphen(char c) => c is '-' or '\u2010' or '\u2011';

    private static bool IsMark(char c)
    {
        var cat = char.GetUnicodeCategory(c);
        return cat is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark;
    }
}
