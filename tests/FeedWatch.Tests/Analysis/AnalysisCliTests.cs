using System.Text.Json;
using FeedWatch.Cli;

namespace FeedWatch.Tests.Analysis;

/// <summary>The scan and eval commands: output shape, and clear messages for what cannot be read.</summary>
public sealed class AnalysisCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("feedwatch-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Scan_prints_one_json_line_per_file_with_meetings_claims_and_reasons()
    {
        var file = Write("a.txt", "Putin to meet Erdogan\nPutin will meet Erdogan in Sochi on Friday, Kremlin spokesman Dmitry Peskov told reporters.");
        var (code, stdout, stderr) = Run(ScanCommand.Run, "--published", "2025-03-10", file);

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var doc = JsonDocument.Parse(line);
        var meeting = Assert.Single(doc.RootElement.GetProperty("meetings").EnumerateArray());
        Assert.Equal(["Vladimir Putin", "Recep Tayyip Erdogan"], meeting.GetProperty("participants").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal("2025-03-14", meeting.GetProperty("date").GetString());
        var claim = meeting.GetProperty("claims").EnumerateArray().Last();
        Assert.Equal("Dmitry Peskov", claim.GetProperty("speaker").GetString());
        Assert.StartsWith("planned:", claim.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_names_a_missing_or_empty_file_and_still_scans_the_others()
    {
        var good = Write("good.txt", "Talks\nMacron will meet Scholz in Berlin on Friday.");
        var empty = Write("empty.txt", "");
        var missing = Path.Combine(_dir, "missing.txt");

        var (code, stdout, stderr) = Run(ScanCommand.Run, missing, empty, good);

        Assert.Equal(1, code);
        Assert.Contains($"scan: cannot read {missing}", stderr, StringComparison.Ordinal);
        Assert.Contains($"{empty}: the file is empty", stderr, StringComparison.Ordinal);
        Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("--published", "10/03/2025", "--published needs a date as YYYY-MM-DD")]
    [InlineData("--fast", "x.txt", "unknown option --fast")]
    public void Scan_explains_a_bad_option(string option, string value, string message)
    {
        var (code, _, stderr) = Run(ScanCommand.Run, option, value);

        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_on_the_seeds_scores_them_perfectly_on_its_last_line()
    {
        var seeds = Path.Combine(AppContext.BaseDirectory, "seeds");

        var (code, stdout, _) = Run(EvalCommand.Run, "--corpus", seeds);

        Assert.Equal(0, code);
        Assert.Contains("articles: 5", stdout, StringComparison.Ordinal);
        Assert.Equal("relevance_F1=1.000 pair_F1=1.000 pair_status_F1=1.000", stdout.TrimEnd().Split('\n')[^1].Trim());
    }

    [Fact]
    public void Eval_without_labels_says_what_a_corpus_folder_holds()
    {
        var (code, _, stderr) = Run(EvalCommand.Run, "--corpus", _dir);

        Assert.Equal(2, code);
        Assert.Contains("labels.jsonl not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_counts_an_unreadable_label_line_and_a_missing_article_and_exits_1()
    {
        File.WriteAllText(Path.Combine(_dir, "labels.jsonl"),
            "{\"id\": \"x1\", \"relevant\": false, \"meetings\": []}\nnot json\n");

        var (code, stdout, stderr) = Run(EvalCommand.Run, "--corpus", _dir);

        Assert.Equal(1, code);
        Assert.Contains("line 2", stderr, StringComparison.Ordinal);
        Assert.Contains("x1.txt", stderr, StringComparison.Ordinal);
        Assert.Contains("(2 could not be read)", stdout, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Stdout, string Stderr) Run(Func<IReadOnlyList<string>, TextWriter, TextWriter, int> command, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = command(args, stdout, stderr);
        return (code, stdout.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), stderr.ToString());
    }
}
