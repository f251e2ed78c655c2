using AngleSharp.Html.Parser;
using FeedWatch.Articles;

namespace FeedWatch.Tests.Articles;

/// <summary>Text comes out as a reader sees it: blocks at block elements and line breaks, inline elements joined, whitespace collapsed.</summary>
public class TextBlocksTests
{
    private static List<string> Blocks(string bodyHtml) =>
        TextBlocks.Of(PageNode.From(new HtmlParser().ParseDocument($"<html><body>{bodyHtml}</body></html>").Body!));

    [Fact]
    public void Inline_elements_join_without_spaces_and_blocks_split()
    {
        Assert.Equal(["Word and more", "Next"], Blocks("<p><b>W</b>ord <i>and</i>\n   more</p><div>Next</div>"));
    }

    [Fact]
    public void A_line_break_starts_a_new_block_and_empty_blocks_are_dropped()
    {
        Assert.Equal(["one", "two"], Blocks("<p>one<br><br>two</p><p>   </p>"));
    }

    [Fact]
    public void Text_after_a_nested_block_is_a_block_of_its_own()
    {
        Assert.Equal(["before", "inside", "after"], Blocks("<div>before<blockquote>inside</blockquote>after</div>"));
    }

    [Fact]
    public void Scripts_and_styles_are_never_text()
    {
        Assert.Equal(["shown"], Blocks("<p>shown<script>var hidden = 1;</script><style>p { }</style></p>"));
    }

    [Fact]
    public void A_tree_copied_from_a_page_nested_far_deeper_than_the_stack_would_allow_recursion_is_walked()
    {
        var page = new HtmlParser().ParseDocument("<html><body>" + string.Concat(Enumerable.Repeat("<div>", 3000)) + "deep</body></html>");

        Assert.Equal(["deep"], TextBlocks.Of(PageNode.From(page.Body!)));
    }
}
