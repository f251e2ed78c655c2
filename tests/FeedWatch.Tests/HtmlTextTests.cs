using FeedWatch.Feeds;

namespace FeedWatch.Tests;

public sealed class HtmlTextTests
{
    [Fact]
    public void Paragraphs_become_lines_and_inline_tags_disappear()
    {
        Assert.Equal("Putin will meet Xi.\nTalks on Tuesday.", HtmlText.ToPlainText("<p>Putin will <b>meet</b> Xi.</p><p>Talks on <i>Tuesday</i>.</p>"));
    }

    [Fact]
    public void Scripts_styles_and_comments_are_left_out()
    {
        Assert.Equal("Visible", HtmlText.ToPlainText("<style>p{}</style><script>alert('x')</script><!-- hidden -->Visible"));
    }

    [Fact]
    public void Entities_are_decoded_and_non_breaking_spaces_become_spaces()
    {
        Assert.Equal("Caf\u00e9 \u2013 R&D", HtmlText.ToPlainText("<p>Caf&eacute;&nbsp;&ndash; R&amp;D</p>"));
    }

    [Fact]
    public void Plain_text_keeps_its_line_breaks()
    {
        Assert.Equal("Line one\nLine two", HtmlText.ToPlainText("Line one\n\n  Line two  "));
    }

    [Fact]
    public void A_title_is_one_line()
    {
        Assert.Equal("Leaders meet in Geneva", HtmlText.ToLine("Leaders <em>meet</em>\nin Geneva"));
    }
}
