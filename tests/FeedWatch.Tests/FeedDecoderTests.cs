using System.Text;
using FeedWatch.Feeds;

namespace FeedWatch.Tests;

public sealed class FeedDecoderTests
{
    static FeedDecoderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void A_byte_order_mark_decides_first()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("<rss/>")).ToArray();
        var decoded = FeedDecoder.Decode(bytes, "windows-1251");
        Assert.Equal(("<rss/>", "bom"), (decoded.Text, decoded.Source));
    }

    [Fact]
    public void The_HTTP_charset_beats_the_XML_declaration()
    {
        var bytes = Encoding.GetEncoding(1251).GetBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?><t>Привет</t>");
        var decoded = FeedDecoder.Decode(bytes, "windows-1251");
        Assert.Equal("http", decoded.Source);
        Assert.Contains("Привет", decoded.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_charset_is_reported_and_the_next_source_used()
    {
        var decoded = FeedDecoder.Decode("<?xml version=\"1.0\" encoding=\"utf-8\"?><t>é</t>"u8, "x-bogus");
        Assert.Equal("xml", decoded.Source);
        Assert.Contains("x-bogus", decoded.Warning, StringComparison.Ordinal);
        Assert.Contains("é", decoded.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Президент России Владимир Путин", "windows-1251")]
    [InlineData("Rencontre à Genève, café et déjeuner près du lac", "windows-1252")]
    public void Undeclared_single_byte_text_is_told_apart(string text, string expected)
    {
        var bytes = Encoding.GetEncoding(expected).GetBytes($"<t>{text}</t>");
        var decoded = FeedDecoder.Decode(bytes, null);
        Assert.Equal(expected, decoded.Encoding);
        Assert.Equal($"<t>{text}</t>", decoded.Text);
    }

    [Fact]
    public void Iso_8859_1_is_read_as_its_superset_windows_1252()
    {
        var decoded = FeedDecoder.Decode([0x3C, 0x74, 0x3E, 0x96, 0x3C, 0x2F, 0x74, 0x3E], "iso-8859-1");
        Assert.Equal("<t>\u2013</t>", decoded.Text);
    }
}
