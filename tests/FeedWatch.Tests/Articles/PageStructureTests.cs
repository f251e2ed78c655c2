using FeedWatch.Articles;

namespace FeedWatch.Tests.Articles;

/// <summary>The story is found by how pages are built: prose scores, links and furniture do not.</summary>
public class PageStructureTests
{
    private static readonly string Story = string.Concat(
        "<p>Foreign ministers from both countries will meet in Vienna next week, officials said on Monday, in the first such talks this year.</p>",
        "<p>The meeting, which diplomats say could last two days, follows months of contacts between the delegations, according to a statement.</p>",
        "<p>Neither side has published an agenda, but officials said trade, security and the release of detained citizens would be discussed.</p>",
        "<p>A spokesman for the ministry said on Tuesday that no decision had been taken on a meeting between the two presidents.</p>");

    private static string Text(string body) => ArticleExtractor.Default.Extract($"<html><head><title>Ministers to meet</title></head><body>{body}</body></html>").Text;

    [Fact]
    public void Navigation_before_the_story_is_not_text()
    {
        var text = Text($"""<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World news today</a></li></ul></nav><article>{Story}</article>""");

        Assert.DoesNotContain("World news today", text, StringComparison.Ordinal);
        Assert.Contains("Foreign ministers from both countries", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_comment_section_after_the_story_is_not_text()
    {
        var text = Text($"""<article>{Story}</article><section id="comments"><p>I think this meeting is a terrible idea, as usual, and nobody will attend it anyway.</p></section>""");

        Assert.DoesNotContain("terrible idea", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_of_related_links_inside_the_story_container_is_not_text()
    {
        var text = Text($"""<div class="story">{Story}<ul><li><a href="/a">Presidents to meet at the summit in June</a></li><li><a href="/b">Trade talks collapse again in Geneva</a></li><li><a href="/c">Sanctions extended for six months</a></li></ul></div>""");

        Assert.DoesNotContain("Trade talks collapse", text, StringComparison.Ordinal);
        Assert.Contains("A spokesman for the ministry", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_share_bar_inside_the_story_is_not_text()
    {
        var text = Text($"""<article>{Story}<div class="share-tools"><span>Share on Facebook</span> <span>Share on Telegram</span></div></article>""");

        Assert.DoesNotContain("Share on", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Hidden_elements_are_not_text()
    {
        var text = Text($"""<article>{Story}<p style="display: none">Hidden sentence that nobody sees on the page at all.</p><p hidden>Another hidden sentence.</p></article>""");

        Assert.DoesNotContain("idden sentence", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_figure_caption_and_its_credit_are_not_text()
    {
        var text = Text($"""<article><figure><img src="a.jpg"><figcaption>The ministers in Vienna. <span>Photo: Jane Roe / AP</span></figcaption></figure>{Story}</article>""");

        Assert.DoesNotContain("Jane Roe", text, StringComparison.Ordinal);
        Assert.DoesNotContain("The ministers in Vienna", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_page_with_no_clear_container_still_gives_its_text()
    {
        var text = Text("<p>The summit was postponed until further notice, a spokesman said.</p>");

        Assert.Equal("The summit was postponed until further notice, a spokesman said.", text);
    }

    [Fact]
    public void A_page_without_a_body_text_gives_no_paragraphs_and_no_error()
    {
        var article = ArticleExtractor.Default.Extract("<html><head><title>Empty page here</title></head><body></body></html>");

        Assert.Empty(article.Paragraphs);
        Assert.Equal("Empty page here", article.Title);
    }
}
