using FeedWatch.Stories;

namespace FeedWatch.Tests.Stories;

public sealed class TextFingerprintTests
{
    private const string Article = "Kremlin spokesman Dmitry Peskov said on Tuesday that no date had been set for a meeting between " +
        "President Vladimir Putin and his U.S. counterpart, but that contacts between the two sides continued at a working level. " +
        "Asked whether the leaders could meet at the summit in Johannesburg, Peskov said the question was premature.";

    [Fact]
    public void Identical_texts_are_fully_similar_and_unrelated_texts_are_not()
    {
        var other = "The central bank held its key rate at 16 percent on Friday, citing slowing inflation and a weaker rouble, and said further cuts depended on the budget.";
        Assert.Equal(1.0, TextFingerprint.Of(Article).Similarity(TextFingerprint.Of(Article)));
        Assert.True(TextFingerprint.Of(Article).Similarity(TextFingerprint.Of(other)) < 0.1);
    }

    [Fact]
    public void A_copy_with_a_credit_line_added_and_its_case_and_punctuation_changed_stays_above_the_duplicate_threshold()
    {
        var copy = Article.ToUpperInvariant().Replace(", ", " - ", StringComparison.Ordinal) + " (Reporting by the Moscow bureau.)";
        Assert.True(TextFingerprint.Of(Article).Similarity(TextFingerprint.Of(copy)) >= 0.7);
    }

    [Fact]
    public void An_empty_text_is_like_nothing()
    {
        Assert.Equal(0, TextFingerprint.Of("").Similarity(TextFingerprint.Of("")));
    }

    [Fact]
    public void Parse_reads_back_what_ToString_wrote_and_refuses_anything_else()
    {
        var fingerprint = TextFingerprint.Of(Article);
        Assert.Equal(1.0, TextFingerprint.Parse(fingerprint.ToString())!.Similarity(fingerprint));
        Assert.Null(TextFingerprint.Parse("not a fingerprint"));
        Assert.Null(TextFingerprint.Parse(null));
    }
}
