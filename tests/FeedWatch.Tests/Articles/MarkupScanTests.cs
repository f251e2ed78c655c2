using FeedWatch.Articles;

namespace FeedWatch.Tests.Articles;

/// <summary>
/// The nesting estimate follows the HTML tree builder closely enough to bound its work without refusing ordinary
/// pages; the JSON-LD blocks come out of the same pass.
/// </summary>
public class MarkupScanTests
{
    private static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    private static bool Deeper(string html, int limit) => MarkupScan.Scan(html, limit).TooDeep;

    [Fact]
    public void Closed_elements_do_not_add_up()
    {
        Assert.False(Deeper(Repeat("<div><span>x</span></div>", 10_000), 10));
    }

    [Fact]
    public void Open_elements_add_up()
    {
        Assert.True(Deeper(Repeat("<div>", 11), 10));
        Assert.False(Deeper(Repeat("<div>", 10), 10));
    }

    [Fact]
    public void An_end_tag_closes_everything_opened_inside_its_element()
    {
        // </section> also closes the unclosed spans inside it, as the tree builder does.
        Assert.False(Deeper(Repeat("<section><span><span><span></section>", 1000), 10));
    }

    [Fact]
    public void An_end_tag_with_nothing_to_close_is_ignored()
    {
        Assert.True(Deeper(Repeat("<div></span>", 11), 10));
    }

    [Fact]
    public void A_greater_than_sign_inside_a_quoted_attribute_does_not_end_the_tag()
    {
        Assert.False(Deeper(Repeat("<div title=\"a > b <div><div>\"></div>", 100), 3));
    }

    [Fact]
    public void Self_closing_tags_close_only_inside_svg_and_math()
    {
        Assert.False(Deeper("<svg>" + Repeat("<path d='M0'/>", 100) + "</svg>", 5));
        Assert.True(Deeper(Repeat("<div/>", 6), 5));
    }

    [Fact]
    public void Raw_text_elements_hide_their_content()
    {
        Assert.False(Deeper("<style>" + Repeat("<div>", 100) + "</style><textarea>" + Repeat("<div>", 100) + "</textarea>", 5));
    }

    [Fact]
    public void Json_ld_blocks_are_collected_in_page_order_and_other_scripts_are_not()
    {
        var html = """
            <script>var a = "<div>";</script>
            <script type="application/ld+json">{"@type":"NewsArticle"}</script>
            <SCRIPT TYPE='application/LD+JSON'>[1]</SCRIPT>
            """;

        Assert.Equal(["{\"@type\":\"NewsArticle\"}", "[1]"], MarkupScan.Scan(html, 10).JsonLd);
    }
}
