using FeedWatch.Analysis.Text;

namespace FeedWatch.Tests.Analysis;

/// <summary>Sentences and the page furniture around them.</summary>
public class TextTests
{
    [Theory]
    // ---- abbreviations are not full stops ----------------------------------------------------------------------
    [InlineData("U.S. Secretary of State John Kerry will meet Lavrov on Feb. 4-5 in Moscow. The talks were agreed last week.",
        "U.S. Secretary of State John Kerry will meet Lavrov on Feb. 4-5 in Moscow.|The talks were agreed last week.")]
    [InlineData("Sen. Lindsey Graham met Zelensky in Kyiv on Nov. 10. He said the visit went well.",
        "Sen. Lindsey Graham met Zelensky in Kyiv on Nov. 10.|He said the visit went well.")]
    [InlineData("The leaders met at 10 a.m. on Monday in Washington, D.C. and spoke for an hour.",
        "The leaders met at 10 a.m. on Monday in Washington, D.C. and spoke for an hour.")]
    // ---- an abbreviation that does end a sentence ----------------------------------------------------------------
    [InlineData("Modi flew to the U.S. The visit is his third this year.", "Modi flew to the U.S.|The visit is his third this year.")]
    // ---- quotes close with their sentence ------------------------------------------------------------------------
    [InlineData("\"We are ready to meet,\" Peskov said. \"Nothing is decided yet.\" The Kremlin gave no date.",
        "\"We are ready to meet,\" Peskov said.|\"Nothing is decided yet.\"|The Kremlin gave no date.")]
    // ---- questions, exclamations, ellipses -----------------------------------------------------------------------
    [InlineData("Will they meet? Nobody knows... The answer may come on Friday!",
        "Will they meet?|Nobody knows...|The answer may come on Friday!")]
    // ---- numbers and decimals ------------------------------------------------------------------------------------
    [InlineData("Trade grew 4.5 percent in 2024. Both sides want more.", "Trade grew 4.5 percent in 2024.|Both sides want more.")]
    public void A_paragraph_splits_into_its_sentences(string paragraph, string expected)
    {
        var sentences = SentenceSplitter.Split(paragraph, 0, 0).Select(s => s.Text).ToArray();

        Assert.Equal(expected.Split('|'), sentences);
    }

    [Fact]
    public void An_empty_paragraph_has_no_sentences()
    {
        Assert.Empty(SentenceSplitter.Split("", 0, 0));
        Assert.Empty(SentenceSplitter.Split("   \t ", 0, 0));
    }

    [Theory]
    // ---- donation appeals and newsletter boxes -------------------------------------------------------------------
    [InlineData("A Message from The Moscow Times:|Dear readers, we are facing unprecedented challenges.|Please consider supporting our work.")]
    [InlineData("Sign up for our free weekly newsletter")]
    [InlineData("Read more: Putin and Xi sign energy deal")]
    // ---- interface lines -------------------------------------------------------------------------------------------
    [InlineData("Skip to main content|Share this|Advertisement|Related articles")]
    [InlineData("Copyright 2025 Example News. All rights reserved.")]
    public void Page_furniture_is_not_the_story(string paragraphs)
    {
        var story = "Putin will meet Erdogan in Sochi on Friday, the Kremlin said.";
        var input = new List<string> { story };
        input.AddRange(paragraphs.Split('|'));

        var kept = Boilerplate.Clean(input).Select(p => p.Text).ToArray();

        Assert.Equal([story], kept);
    }

    [Fact]
    public void A_photo_credit_is_cut_from_the_end_of_a_caption()
    {
        var kept = Boilerplate.Clean(["Macron and Scholz arrive for talks in Berlin on March 3. Kevin Example / Reuters"]);

        Assert.Equal("Macron and Scholz arrive for talks in Berlin on March 3.", Assert.Single(kept).Text.Trim());
    }

    [Fact]
    public void Reporting_that_mentions_support_is_kept()
    {
        var paragraph = "Scholz said Germany would support Ukraine for as long as it takes and would meet Zelensky in Berlin next week.";

        Assert.Equal([paragraph], Boilerplate.Clean([paragraph]).Select(p => p.Text));
    }
}
