using FeedWatch.Feeds;

namespace FeedWatch.Tests;

public sealed class XmlRepairTests
{
    [Fact]
    public void Whitespace_and_junk_before_the_first_tag_are_dropped()
    {
        var repairs = new List<string>();
        Assert.StartsWith("<rss", XmlRepair.Clean("Notice: undefined index\n  <rss/>", repairs), StringComparison.Ordinal);
        Assert.Single(repairs);
    }

    [Fact]
    public void Entities_in_CDATA_are_left_alone()
    {
        var repairs = new List<string>();
        const string xml = "<t><![CDATA[a &nbsp; b & c]]></t>";
        Assert.Equal(xml, XmlRepair.Clean(xml, repairs));
        Assert.Empty(repairs);
    }

    [Fact]
    public void HTML_entities_become_numeric_references_and_bare_ampersands_are_escaped()
    {
        var repairs = new List<string>();
        Assert.Equal("<t>a&#160;b &amp; c &amp;unknown; &lt;</t>", XmlRepair.Clean("<t>a&nbsp;b & c &unknown; &lt;</t>", repairs));
        Assert.Equal(2, repairs.Count);
    }

    [Fact]
    public void Salvage_closes_a_document_whose_last_closing_tag_is_cut()
    {
        Assert.Equal("<rss>\n<channel><title>t</title></channel></rss>", XmlRepair.Salvage("<rss>\n<channel><title>t</title></channel>\n</rss", out _));
    }

    [Fact]
    public void Salvage_of_a_well_formed_document_is_not_needed()
    {
        Assert.Null(XmlRepair.Salvage("<rss><channel><item/></channel></rss>", out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void Salvage_keeps_what_precedes_the_broken_item_and_closes_the_elements_open_around_it()
    {
        var salvaged = XmlRepair.Salvage("<rss>\r\n<channel><item><title>a</title></item>\n<item><title>b</ti", out var problem);
        Assert.Equal("<rss>\r\n<channel><item><title>a</title></item>\n</channel></rss>", salvaged);
        Assert.NotNull(problem);
    }
}
