using FeedWatch.Evaluation;

namespace FeedWatch.Tests.Evaluation;

/// <summary>The extraction measure: multisets of four-token shingles, lower-cased Unicode word tokens, per-page P/R/F1.</summary>
public class ShingleScoreTests
{
    [Fact]
    public void Tokens_are_lower_cased_runs_of_unicode_word_characters()
    {
        Assert.Equal(["putin", "s", "visit", "to", "são", "paulo", "2024", "москва", "snake_case"],
            ShingleScore.Tokens("Putin's visit to São Paulo (2024) — Москва, snake_case!"));
    }

    [Fact]
    public void Identical_texts_score_one_whatever_the_case_punctuation_and_paragraphs()
    {
        var match = ShingleScore.Compare("The leaders will meet in Vienna.\n\nOfficials said so.", "the leaders WILL meet, in Vienna; officials said so");

        Assert.Equal((1.0, 1.0, 1.0), (match.Precision, match.Recall, match.F1));
    }

    [Fact]
    public void Extra_and_missing_shingles_count_against_precision_and_recall()
    {
        // Truth: a b c d e -> shingles abcd, bcde. Extracted: a b c d x -> abcd, bcdx.
        var match = ShingleScore.Compare("a b c d e", "a b c d x");

        Assert.Equal(new ShingleMatch(1, 1, 1), match);
        Assert.Equal(0.5, match.F1, 10);
    }

    [Fact]
    public void Shingles_are_a_multiset_so_a_repeated_passage_must_be_extracted_as_often()
    {
        var match = ShingleScore.Compare("one two three four one two three four", "one two three four");

        Assert.Equal(1, match.TruePositives);
        Assert.Equal(0, match.FalsePositives);
        Assert.Equal(4, match.FalseNegatives); // 1234 twice, 2341, 3412, 4123: one found
    }

    [Fact]
    public void A_text_shorter_than_a_shingle_is_one_shingle_of_all_its_tokens()
    {
        Assert.Equal(new Dictionary<string, int> { ["brief note"] = 1 }, ShingleScore.Shingles("Brief note."));
    }

    [Fact]
    public void Both_texts_empty_is_perfect_agreement()
    {
        var match = ShingleScore.Compare("", "  ...  ");

        Assert.Equal((1.0, 1.0, 1.0), (match.Precision, match.Recall, match.F1));
    }

    [Fact]
    public void Extracting_nothing_from_a_page_with_text_scores_zero()
    {
        var match = ShingleScore.Compare("the leaders will meet", "");

        Assert.Equal((0.0, 0.0, 0.0), (match.Precision, match.Recall, match.F1));
    }

    [Fact]
    public void Extracting_text_from_a_page_whose_truth_is_empty_scores_zero()
    {
        var match = ShingleScore.Compare("", "the leaders will meet");

        Assert.Equal(0.0, match.F1);
    }
}
