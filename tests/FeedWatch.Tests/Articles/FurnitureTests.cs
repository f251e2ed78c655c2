using FeedWatch.Articles;

namespace FeedWatch.Tests.Articles;

/// <summary>Furniture inside the story's container is recognised by its markup, and by its words where the markup says nothing.</summary>
public class FurnitureTests
{
    private static readonly string[] Story =
    [
        "President Vladimir Putin and his U.S. counterpart may hold informal talks this week, officials said Friday.",
        "The two leaders last met in June.",
    ];

    [Fact]
    public void An_appeal_opened_by_a_salutation_is_dropped_with_its_buttons_until_reporting_resumes()
    {
        var paragraphs = Story.Concat([
            "A Message from The Moscow Times:", "Dear readers,",
            "We are facing unprecedented challenges and need your support to continue our independent journalism.",
            "Once", "Monthly", "Continue", "Remind me later.",
            "Separately, the Kremlin said the foreign ministers would speak by phone on Monday.",
        ]).ToList();

        var kept = Furniture.FilterParagraphs(paragraphs);

        Assert.Equal([.. Story, "Separately, the Kremlin said the foreign ministers would speak by phone on Monday."], kept);
    }

    [Fact]
    public void A_small_favor_opener_with_an_ellipsis_opens_an_appeal()
    {
        var kept = Furniture.FilterParagraphs([.. Story, "… we have a small favor to ask.", "Your support, no matter how small, makes a world of difference."]);

        Assert.Equal(Story, kept);
    }

    [Fact]
    public void Reporting_that_quotes_support_without_an_opener_is_kept()
    {
        string[] paragraphs = ["Lavrov said Moscow would support the proposal if Washington withdrew its objections."];

        Assert.Equal(paragraphs, Furniture.FilterParagraphs(paragraphs));
    }

    [Theory]
    [InlineData("Sign up for our free weekly newsletter")]
    [InlineData("Subscribers agree to the Privacy Policy")]
    [InlineData("Sources: ABC News, Reuters / Featured Image: Kremlin/Wikimedia Commons")]
    [InlineData("Photo: Kevin Lamarque / Reuters")]
    [InlineData("Read more")]
    [InlineData("Share this article")]
    public void Promotion_credit_and_interface_lines_are_dropped(string line)
    {
        Assert.Equal(Story, Furniture.FilterParagraphs([Story[0], line, Story[1]]));
    }

    [Fact]
    public void A_sentence_that_mentions_a_newsletter_in_passing_is_kept()
    {
        string[] paragraphs = ["The ministry's newsletter, published in Moscow on Thursday, listed the delegation that will travel to Beijing next week for the summit."];

        Assert.Equal(paragraphs, Furniture.FilterParagraphs(paragraphs));
    }
}
