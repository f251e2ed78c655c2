using System.Text;
using FeedWatch.Articles;

namespace FeedWatch.Tests.Articles;

/// <summary>The page's encoding comes from its byte-order mark, the HTTP header, its meta tag, or the bytes themselves.</summary>
public class PageDecoderTests
{
    private static readonly Encoding Windows1251 = CodePagesEncodingProvider.Instance.GetEncoding(1251)!;

    [Fact]
    public void A_utf16_byte_order_mark_wins_over_everything()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("<meta charset=\"windows-1251\"><p>Über</p>")).ToArray();

        Assert.Contains("Über", PageDecoder.Decode(bytes, "text/html; charset=iso-8859-1"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_http_charset_decodes_a_legacy_page()
    {
        var bytes = Windows1251.GetBytes("<p>Путин и Трамп</p>");

        Assert.Equal("<p>Путин и Трамп</p>", PageDecoder.Decode(bytes, "text/html; charset=windows-1251"));
    }

    [Fact]
    public void A_meta_charset_decodes_a_legacy_page_when_there_is_no_header()
    {
        var bytes = Windows1251.GetBytes("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body>Лавров</body></html>");

        Assert.Contains("Лавров", PageDecoder.Decode(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Undeclared_bytes_that_are_not_utf8_are_read_as_windows_1252()
    {
        byte[] bytes = [.. "<p>caf"u8, 0xE9, .. " cr"u8, 0xE8, .. "me "u8, 0x93, .. "quoted"u8, 0x94, .. "</p>"u8];

        Assert.Equal("<p>café crème \u201Cquoted\u201D</p>", PageDecoder.Decode(bytes));
    }

    [Fact]
    public void Valid_utf8_is_read_as_utf8_even_when_the_page_declares_a_legacy_charset()
    {
        var bytes = Encoding.UTF8.GetBytes("<meta charset=\"gb2312\"><p>人工智能</p>");

        Assert.Contains("人工智能", PageDecoder.Decode(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_charset_that_does_not_exist_falls_back_to_sniffing()
    {
        var bytes = Encoding.UTF8.GetBytes("<meta charset=\"no-such-charset\"><p>plain</p>");

        Assert.Equal("<meta charset=\"no-such-charset\"><p>plain</p>", PageDecoder.Decode(bytes));
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_dropped()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "<p>x</p>"u8];

        Assert.Equal("<p>x</p>", PageDecoder.Decode(bytes));
    }
}
