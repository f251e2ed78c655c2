using FeedWatch.Articles;

namespace FeedWatch.Tests.Articles;

/// <summary>The nesting estimate follows the HTML tree builder closely enough to bound its work without refusing ordinary pages.</summary>
public class NestingGuardTests
{
    private static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    [Fact]
    public void Closed_elements_do_not_add_up()
    {
        Assert.False(NestingGuard.IsDeeperThan(Repeat("<div><span>x</span></div>", 10_000), 10));
    }

    [Fact]
    public void Open_elements_add_up()
    {
        Assert.True(NestingGuard.IsDeeperThan(Repeat("<div>", 11), 10));
        Assert.False(NestingGuard.IsDeeperThan(Repeat("<div>", 10), 10));
    }

    [Fact]
    public void An_end_tag_closes_everything_opened_inside_its_element()
    {
        // </section> also closes the unclosed spans inside it, as the tree builder does.
        Assert.False(NestingGuard.IsDeeperThan(Repeat("<section><span><span><span></section>", 1000), 10));
    }

    [Fact]
    public void An_end_tag_with_nothing_to_close_is_ignored()
    {
        Assert.True(NestingGuard.IsDeeperThan(Repeat("<div></span>", 11), 10));
    }

    [Fact]
    public void A_greater_than_sign_inside_a_quoted_attribute_does_not_end_the_tag()
    {
        Assert.False(NestingGuard.IsDeeperThan(Repeat("<div title=\"a > b <div><div>\"></div>", 100), 3));
    }

    [Fact]
    public void Self_closing_tags_close_only_inside_svg_and_math()
    {
        Assert.False(NestingGuard.IsDeeperThan("<svg>" + Repeat("<path d='M0'/>", 100) + "</svg>", 5));
        Assert.True(NestingGuard.IsDeeperThan(Repeat("<div/>", 6), 5));
    }

    [Fact]
    public void Raw_text_elements_hide_their_content()
    {
        Assert.False(NestingGuard.IsDeeperThan("<style>" + Repeat("<div>", 100) + "</style><textarea>" + Repeat("<div>", 100) + "</textarea>", 5));
    }
}
