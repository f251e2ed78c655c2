using FeedWatch.Analysis;
using FeedWatch.Configuration;
using FeedWatch.Digest;
using FeedWatch.Storage;
using FeedWatch.Stories;
using Microsoft.Extensions.Configuration;
using MimeKit;
using static FeedWatch.Tests.Stories.StoryData;

namespace FeedWatch.Tests;

public sealed class DigestComposerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);
    private static readonly FeedHealthView Healthy = new(3, []);
    private readonly string _dir = Directory.CreateTempSubdirectory("feedwatch-digest-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static DigestComposer Composer(DigestOptions? options = null, string zone = "UTC", DigestRenderer? renderer = null) =>
        new(options ?? new DigestOptions { From = "feedwatch@example.org" }, TimeZoneInfo.FindSystemTimeZoneById(zone), renderer ?? DigestRenderer.BuiltIn);

    private static ChangedStory StoryOf(params StoryReport[] reports)
    {
        var folder = new StoryFolder(TimeSpan.FromDays(14), 0.7);
        var stories = new List<Story>();
        Story? story = null;
        foreach (var r in reports) story = folder.Fold(stories, r, r.ReportedUtc);
        return new ChangedStory(story!, story!.ChangeSinceAnnounced()!);
    }

    private static MimeMessage Parse(DraftMessage m) => MimeMessage.Load(new MemoryStream(m.Mime));

    [Fact]
    public void A_script_tag_in_a_title_or_a_quote_is_escaped_and_a_javascript_link_is_dropped()
    {
        var hostile = Report(Meeting(PutinTrump, "<b>Helsinki</b>", null,
            Said(MeetingStatus.Planned, "<img src=x onerror=alert(1)>", "Russia", "They will meet, he said. <script>alert('quote')</script>")), Monday,
            outlet: "Wire <i>", link: "javascript:alert(1)") with { ItemTitle = "<script>alert(1)</script> Putin and Trump to meet" };

        var message = Composer().Compose(null, [StoryOf(hostile)], Healthy, Now);

        Assert.DoesNotContain("<script", message.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", message.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>Helsinki", message.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", message.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; Putin and Trump to meet", message.Html, StringComparison.Ordinal);
        Assert.Contains("Wire &lt;i&gt;", message.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_break_in_a_name_or_the_subject_cannot_start_a_header_of_its_own()
    {
        var crafted = Report(Meeting(["Vladimir Putin\r\nBcc: victim@example.org", "Donald Trump"], null, null, KremlinYes), Monday);
        var recipient = new Recipient("analyst@example.org", "Desk\r\nBcc: other@example.org", [], [], false);
        var options = new DigestOptions { From = "feedwatch@example.org", Subject = "FeedWatch\r\nX-Injected: yes" };

        var message = Parse(Composer(options).Compose(recipient, [StoryOf(crafted)], Healthy, Now));

        Assert.Empty(message.Bcc);
        Assert.Null(message.Headers["X-Injected"]);
        Assert.Equal("analyst@example.org", Assert.Single(message.To.Mailboxes).Address);
        Assert.DoesNotContain("\n", message.Subject, StringComparison.Ordinal);
        Assert.StartsWith("FeedWatch X-Injected: yes: 1 meeting: ", message.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ten_thousand_character_quote_is_cut_at_a_word_to_the_configured_length()
    {
        var endless = string.Join(' ', Enumerable.Repeat("the talks would continue", 500));
        Assert.True(endless.Length >= 10_000);
        var report = Report(Meeting(PutinTrump, null, null, Said(MeetingStatus.Possible, "Yuri Ushakov", "Russia", endless)), Monday);

        var view = Composer(new DigestOptions { From = "feedwatch@example.org", MaxQuoteChars = 300 }).StoryView(1, StoryOf(report));

        var quote = Assert.Single(view.Claims).Quote;
        Assert.InRange(quote.Length, 200, 300);
        Assert.EndsWith("…", quote, StringComparison.Ordinal);
        Assert.DoesNotContain("  ", quote, StringComparison.Ordinal);
    }

    [Fact]
    public void The_message_is_multipart_alternative_and_the_text_part_says_what_the_HTML_part_says()
    {
        var story = StoryOf(
            Report(Meeting(PutinTrump, "Budapest", null, KremlinYes), Monday, "Wire", link: "https://wire.example/kremlin"),
            Report(Meeting(PutinTrump, "Budapest", null, WhiteHouseNo), Monday.AddDays(1), "Daily", link: "https://daily.example/white-house"));

        var draft = Composer(zone: "Europe/Moscow").Compose(new Recipient("analyst@example.org", null, [], [], false), [story], Healthy, Now);
        var message = Parse(draft);

        Assert.Equal("multipart/alternative", message.Body!.ContentType.MimeType);
        Assert.Equal(draft.MessageId, message.MessageId);
        Assert.Equal("FeedWatch: 1 meeting: Putin-Trump contested", message.Subject);
        foreach (var expected in new[] { "Vladimir Putin – Donald Trump", "Budapest", "Dmitry Peskov", "Karoline Leavitt", "United States", "https://wire.example/kremlin", "https://daily.example/white-house", "contested", "2026-11-24 09:00 Europe/Moscow" })
        {
            Assert.Contains(expected, message.TextBody, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(expected, message.HtmlBody, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("Kremlin spokesman Dmitry Peskov said the two presidents would meet on the sidelines of the summit.", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void The_subject_names_each_story_and_its_status_and_ends_with_an_ellipsis_when_long()
    {
        var composer = Composer();
        StoryView View(string leaders, string status) => new(1, "story-1", leaders, leaders, status, null, true, "", null, null, [], 0, []);
        var many = Enumerable.Range(0, 12).Select(i => View(i % 2 == 0 ? "Putin-Trump" : "Kerry-Lavrov", i % 3 == 0 ? "contested" : "possible")).ToList();

        Assert.Equal("FeedWatch: 2 meetings: Putin-Trump contested, Kerry-Lavrov possible", composer.Subject([View("Putin-Trump", "contested"), View("Kerry-Lavrov", "possible")]));
        Assert.StartsWith("FeedWatch: 12 meetings: Putin-Trump contested, Kerry-Lavrov possible, ", composer.Subject(many), StringComparison.Ordinal);
        Assert.EndsWith(", ...", composer.Subject(many), StringComparison.Ordinal);
        Assert.Equal("FeedWatch: nothing new", composer.Subject([]));
    }

    [Fact]
    public void A_heartbeat_says_nothing_new()
    {
        var message = Parse(Composer().Compose(new Recipient("analyst@example.org", null, [], [], true), [], Healthy, Now));
        Assert.Equal("FeedWatch: nothing new", message.Subject);
        Assert.Contains("Nothing new since the last digest", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Nothing new since the last digest", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_in_the_template_directory_replaces_the_built_in_one_and_its_output_is_still_escaped()
    {
        File.WriteAllText(Path.Combine(_dir, DigestRenderer.HtmlTemplate), "<html><body>{% for story in stories %}<h2 class=\"mine\">{{ story.leaders }} is {{ story.status }}</h2>{% endfor %}</body></html>");
        var renderer = DigestRenderer.Load(_dir);
        var story = StoryOf(Report(Meeting(["Vladimir Putin", "<script>Trump</script>"], null, null, KremlinYes), Monday));

        var message = Composer(renderer: renderer).Compose(null, [story], Healthy, Now);

        Assert.Equal("<html><body><h2 class=\"mine\">Vladimir Putin – &lt;script&gt;Trump&lt;/script&gt; is planned</h2></body></html>", message.Html);
        Assert.Contains("WHAT CHANGED", message.Text, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(_dir, DigestRenderer.HtmlTemplate), renderer.HtmlSource);
    }

    [Fact]
    public void A_template_that_is_not_valid_Liquid_is_an_error_naming_the_key_and_the_file()
    {
        File.WriteAllText(Path.Combine(_dir, DigestRenderer.TextTemplate), "{% for story in stories %}{{ story.leaders }");
        var config = Path.Combine(_dir, "c.json");
        File.WriteAllText(config, "{\"FeedWatch\":{\"Digest\":{\"TemplateDirectory\":" + System.Text.Json.JsonSerializer.Serialize(_dir) + "}}}");
        var root = new ConfigurationBuilder().AddJsonFile(config).Build();

        var settings = FeedWatchSettings.Resolve(ConfigurationLoader.Bind(root), _dir, _dir);

        var error = Assert.Single(settings.Errors);
        Assert.StartsWith("FeedWatch:Digest:TemplateDirectory", error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_dir, DigestRenderer.TextTemplate), error, StringComparison.Ordinal);
    }

    [Fact]
    public void Feed_health_lists_only_feeds_failing_for_more_than_a_day_or_silent_for_a_week()
    {
        static FeedActivity Feed(string name, int errors, DateTimeOffset? lastSuccess, DateTimeOffset? lastItem, string? error = null) => new(
            new FeedState(1, name, new Uri("https://feeds.example/" + name), new Uri("https://feeds.example/" + name), null, null, null, Now.AddDays(-30), Now, lastSuccess,
                errors, error, errors > 0 ? Now : null, null, null, null, 10), Now.AddDays(-30), lastItem);
        var feeds = new[]
        {
            Feed("healthy", 0, Now.AddMinutes(-15), Now.AddHours(-2)),
            Feed("failing-an-hour", 3, Now.AddHours(-1), Now.AddHours(-2), "HTTP 500"),
            Feed("failing-two-days", 40, Now.AddDays(-2), Now.AddDays(-2), "HTTP 503 Service Unavailable"),
            Feed("quiet-three-days", 0, Now.AddMinutes(-15), Now.AddDays(-3)),
            Feed("silent-ten-days", 0, Now.AddMinutes(-15), Now.AddDays(-10)),
            Feed("removed-from-config", 50, Now.AddDays(-20), Now.AddDays(-20), "HTTP 404"),
        };
        var configured = feeds.Select(f => f.Feed.Name).Where(n => n != "removed-from-config").ToHashSet();

        var health = Composer().FeedHealth(feeds, configured, Now);

        Assert.Equal(5, health.Feeds);
        Assert.Equal(["failing-two-days", "silent-ten-days"], health.Problems.Select(p => p.Feed));
        Assert.Contains("HTTP 503", health.Problems[0].Problem, StringComparison.Ordinal);
        Assert.Contains("no new item since 2026-11-14", health.Problems[1].Problem, StringComparison.Ordinal);
    }
}
