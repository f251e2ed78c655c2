using FeedWatch.Articles;

namespace FeedWatch.Tests.Articles;

/// <summary>The seed articles, wrapped in the chrome news pages carry, come out as the story and nothing else.</summary>
public class SeedPageExtractionTests
{
    public static TheoryData<string> Pages => FixturePages.All();

    [Theory]
    [MemberData(nameof(Pages))]
    public void Seed_page_extracts_to_exactly_its_golden_paragraphs(string page)
    {
        var article = ArticleExtractor.Default.Extract(FixturePages.Page(page));

        Assert.Equal(FixturePages.Expected(page), article.Paragraphs);
    }

    [Fact]
    public void There_is_a_fixture_page_for_every_seed_article()
    {
        Assert.Equal(5, FixturePages.Names.Count());
    }

    [Theory]
    [InlineData("000_moscow_times_feature", "Kevin Lamarque / Reuters")]
    [InlineData("000_moscow_times_feature", "we have a small favor to ask")]
    [InlineData("000_moscow_times_feature", "Support The Moscow Times!")]
    [InlineData("000_moscow_times_feature", "Arts and Life")]
    [InlineData("000_moscow_times_feature", "Share on Facebook")]
    [InlineData("000_moscow_times_feature", "What to Expect From the G20 Summit")]
    [InlineData("001_blog_with_comments", "Skip to main content")]
    [InlineData("001_blog_with_comments", "Image placeholder title")]
    [InlineData("001_blog_with_comments", "Featured Image")]
    [InlineData("001_blog_with_comments", "I doubt this meeting will ever happen")]
    [InlineData("001_blog_with_comments", "Leave a Reply")]
    [InlineData("001_blog_with_comments", "Popular Video")]
    [InlineData("001_blog_with_comments", "Trump and Putin Shake Hands at APEC Dinner")]
    [InlineData("001_blog_with_comments", "Get our newsletter")]
    [InlineData("002_appeal_with_neutral_classes", "A Message from The Moscow Times")]
    [InlineData("002_appeal_with_neutral_classes", "Dear readers")]
    [InlineData("002_appeal_with_neutral_classes", "refuse to be silenced")]
    [InlineData("002_appeal_with_neutral_classes", "Remind me later")]
    [InlineData("002_appeal_with_neutral_classes", "Most Read")]
    [InlineData("003_table_layout_with_newsletter", "Sign up for our free weekly newsletter")]
    [InlineData("003_table_layout_with_newsletter", "Subscribers agree to the Privacy Policy")]
    [InlineData("003_table_layout_with_newsletter", "Not ready to support today?")]
    [InlineData("003_table_layout_with_newsletter", "Archive")]
    [InlineData("004_appeal_inside_story_container", "A Message from The Moscow Times")]
    [InlineData("004_appeal_inside_story_container", "Thank you for standing with us")]
    [InlineData("004_appeal_inside_story_container", "Copy link")]
    [InlineData("004_appeal_inside_story_container", "Continue")]
    public void Page_chrome_is_not_in_the_text(string page, string chrome)
    {
        var article = ArticleExtractor.Default.Extract(FixturePages.Page(page));

        Assert.DoesNotContain(chrome, article.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_headline_is_the_title_not_the_first_paragraph()
    {
        var article = ArticleExtractor.Default.Extract(FixturePages.Page("000_moscow_times_feature"));

        Assert.Equal("Putin and Obama May Hold Informal Talks This Week", article.Title);
        Assert.DoesNotContain(article.Paragraphs, p => p == article.Title);
    }

    [Fact]
    public void Paragraphs_separated_by_double_line_breaks_come_out_as_paragraphs()
    {
        var article = ArticleExtractor.Default.Extract(FixturePages.Page("003_table_layout_with_newsletter"));

        Assert.Equal(7, article.Paragraphs.Count);
        Assert.StartsWith("Moscow and Washington are discussing", article.Paragraphs[1], StringComparison.Ordinal);
    }
}
