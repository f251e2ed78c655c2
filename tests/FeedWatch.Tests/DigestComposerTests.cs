using FeedWatch.Analysis;
using FeedWatch.Configuration;
using FeedWatch.Digest;
using FeedWatch.Storage;

namespace FeedWatch.Tests;

public sealed class DigestComposerTests
{
    private static readonly DigestRecord Digest = new(7, new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero), "digest-7@feedwatch", "FeedWatch digest", false, null, 0, null);

    private static StoredReport Report(string title, string? link, string sentence) => new(
        1, "Wire <b>", title, link, new DateTimeOffset(2026, 11, 23, 22, 30, 0, TimeSpan.Zero), DateTimeOffset.UnixEpoch,
        new MeetingReport(["Vladimir Putin", "Xi Jinping"], [MeetingStatus.Planned], "Beijing", null, "next week", null,
            [new Claim(MeetingStatus.Planned, "Dmitry Peskov", "Russia", sentence, "will meet", new EvidenceSpan(0, 0, 1))], 0.9));

    [Fact]
    public void Everything_from_a_feed_is_HTML_escaped_and_only_http_links_survive()
    {
        var html = DigestComposer.Html(Digest, [Report("<script>alert(1)</script>", "javascript:alert(1)", "He said \"<img src=x onerror=alert(1)>\".")], TimeZoneInfo.Utc);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Wire &lt;b&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_message_is_multipart_alternative_with_text_and_HTML_and_local_times()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        var options = new DigestOptions { To = ["analyst@example.org"], From = "feedwatch@example.org" };
        var message = DigestComposer.Compose(Digest, [Report("Putin and Xi to meet", "https://wire.example/a", "They will meet.")], options, zone);
        Assert.Equal("multipart/alternative", message.Body!.ContentType.MimeType);
        Assert.Equal("digest-7@feedwatch", message.MessageId);
        Assert.Contains("Vladimir Putin - Xi Jinping: planned", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("2026-11-24 01:30 Europe/Moscow", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://wire.example/a\"", message.HtmlBody, StringComparison.Ordinal);
    }
}
