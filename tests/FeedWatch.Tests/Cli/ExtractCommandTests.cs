using System.Text.Json;
using FeedWatch.Cli;
using FeedWatch.Tests.Articles;

namespace FeedWatch.Tests.Cli;

/// <summary>The extract, extract-eval and scan commands as a user runs them.</summary>
public sealed class ExtractCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("feedwatch-extract-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static (int Code, string Out, string Err) Run(Func<TextWriter, TextWriter, int> command)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = command(stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Extract_prints_one_json_object_per_page_with_the_contract_fields()
    {
        var page = FixturePages.PagePath("000_moscow_times_feature");

        var (code, output, _) = Run((o, e) => ExtractCommand.Run([page, page], o, e));

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var json = JsonDocument.Parse(lines[0]);
        var root = json.RootElement;
        Assert.Equal(["file", "title", "published", "byline", "site", "url", "lang", "text"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(page, root.GetProperty("file").GetString());
        Assert.Equal("2014-11-07T18:52:00+03:00", root.GetProperty("published").GetString());
        Assert.Equal(string.Join("\n\n", FixturePages.Expected("000_moscow_times_feature")), root.GetProperty("text").GetString());
    }

    [Fact]
    public void Extract_reports_a_missing_file_and_still_extracts_the_others()
    {
        var missing = Path.Combine(_temp, "missing.html");

        var (code, output, error) = Run((o, e) => ExtractCommand.Run([missing, FixturePages.PagePath("002_appeal_with_neutral_classes")], o, e));

        Assert.Equal(1, code);
        Assert.Contains(missing, error, StringComparison.Ordinal);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Extract_reports_a_refused_page_with_the_limit()
    {
        var deep = Path.Combine(_temp, "deep.html");
        File.WriteAllText(deep, string.Concat(Enumerable.Repeat("<div>", 100_000)));

        var (code, _, error) = Run((o, e) => ExtractCommand.Run([deep], o, e));

        Assert.Equal(1, code);
        Assert.Contains("1,024 levels deep", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_resolves_relative_links_against_url()
    {
        var page = Path.Combine(_temp, "page.html");
        File.WriteAllText(page, "<html><head><link rel=canonical href=\"/story\"></head><body><p>Text of the story that is long enough to keep.</p></body></html>");

        var (_, output, _) = Run((o, e) => ExtractCommand.Run(["--url", "https://news.example/amp/story", page], o, e));

        using var json = JsonDocument.Parse(output);
        Assert.Equal("https://news.example/story", json.RootElement.GetProperty("url").GetString());
    }

    [Fact]
    public void Extract_eval_scores_pages_against_their_expected_text_and_names_the_worst()
    {
        WriteCase("a-good", "<html><body><article><p>The presidents will meet in Vienna next week, officials said on Monday, according to a statement.</p></article></body></html>",
            "<div><p>The presidents will meet in Vienna next week, officials said on Monday, according to a statement.</p></div>");
        WriteCase("b-bad", "<html><body><p>Completely different words appear on this page than in the truth.</p></body></html>",
            "<div><p>The truth is about a summit in Geneva that nobody extracted here.</p></div>");

        var (code, output, _) = Run((o, e) => ExtractEvalCommand.Run([_temp], o, e));

        Assert.Equal(0, code);
        Assert.Contains("pages=2 P=0.500 R=0.500 F1=0.500", output, StringComparison.Ordinal);
        var worst = output[output.IndexOf("worst", StringComparison.Ordinal)..];
        Assert.True(worst.IndexOf("b-bad", StringComparison.Ordinal) < worst.IndexOf("a-good", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_eval_holds_back_every_fifth_page()
    {
        for (var i = 1; i <= 10; i++) WriteCase($"page-{i:00}", "<p>x</p>", "<p>x</p>");

        var heldOut = ExtractEvalCommand.Pages(_temp, "held-out").Select(Path.GetFileName);
        var dev = ExtractEvalCommand.Pages(_temp, "dev");

        Assert.Equal(["page-05", "page-10"], heldOut);
        Assert.Equal(8, dev.Count);
    }

    [Fact]
    public void Extract_eval_without_a_directory_is_a_usage_error()
    {
        var (code, _, error) = Run((o, e) => ExtractEvalCommand.Run([], o, e));

        Assert.Equal(2, code);
        Assert.Contains("Usage", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_reads_an_html_page_through_the_extractor()
    {
        var (code, output, _) = Run((o, e) => ScanCommand.Run([FixturePages.PagePath("000_moscow_times_feature")], o, e));

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("relevant").GetBoolean());
        var participants = json.RootElement.GetProperty("meetings").EnumerateArray()
            .SelectMany(m => m.GetProperty("participants").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains("Vladimir Putin", participants);
        Assert.Contains("Barack Obama", participants);
    }

    [Fact]
    public void Scan_reports_an_html_page_the_extractor_refuses()
    {
        var deep = Path.Combine(_temp, "deep.html");
        File.WriteAllText(deep, string.Concat(Enumerable.Repeat("<span>", 50_000)));

        var (code, _, error) = Run((o, e) => ScanCommand.Run([deep], o, e));

        Assert.Equal(1, code);
        Assert.Contains("levels deep", error, StringComparison.Ordinal);
    }

    private void WriteCase(string name, string source, string expected)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_temp, name)).FullName;
        File.WriteAllText(Path.Combine(directory, "source.html"), source);
        File.WriteAllText(Path.Combine(directory, "expected.html"), expected);
    }
}
