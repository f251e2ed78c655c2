namespace FeedWatch.Analysis.Meetings;

/// <summary>
/// Splits a sentence into clauses at contrast and concession words ("but", "while", "although", ";"),
/// so that "no meeting has been set but they have a good chance to meet" yields a denial and a
/// possibility rather than one muddled verdict. The boundary word opens the clause that follows it.
/// </summary>
internal static class Clauses
{
    public static void Split(SentenceContext s)
    {
        var tokens = s.Tokens;
        var start = 0;
        for (var i = 1; i < tokens.Length; i++)
        {
            var norm = tokens[i].Norm;
            var prev = tokens[i - 1].Norm;
            // A dash opens or closes an aside: "-- he has already visited Argentina --" is not the sentence's claim.
            var boundary = tokens[i].Kind == Text.TokenKind.Dash && tokens[i].Length >= 1 && (tokens[i].Length >= 2 || s.Sentence.ParagraphText[tokens[i].Start] != '-') || norm switch
            {
                ";" => true,
                "but" => prev != "not" && !(i + 1 < tokens.Length && tokens[i + 1].Norm == "also"),
                "whereas" or "although" or "though" or "meanwhile" => true,
                // ", adding that ...": a second statement.
                "adding" or "noting" or "stressing" or "insisting" => prev == ",",
                "however" => prev is "," or ";" || i == 1,
                // "while hosting Kallas" is a participle of the same clause, not a contrast.
                "while" => (prev is "," or "that" or "\"" || s.Tokens[i - 1].Kind == Text.TokenKind.Quote)
                    && !(i + 1 < tokens.Length && tokens[i + 1].Norm.EndsWith("ing", StringComparison.Ordinal)),
                "yet" => prev is "," or "and" && i + 1 < tokens.Length && tokens[i + 1].Norm is not ("to" or "."),
                _ => false,
            };
            if (!boundary) continue;
            if (i > start) s.Clauses.Add(new Clause(start, i));
            start = i;
        }
        s.Clauses.Add(new Clause(start, tokens.Length));
    }
}
