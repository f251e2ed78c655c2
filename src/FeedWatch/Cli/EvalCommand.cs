using System.Globalization;
using System.Text.Json;
using FeedWatch.Analysis;
using FeedWatch.Evaluation;

namespace FeedWatch.Cli;

/// <summary>
/// <c>eval --corpus DIR</c>: runs the analyser over DIR/labels.jsonl and DIR/&lt;id&gt;.txt and prints precision,
/// recall and F1 for relevance, participant pairs and (pair, status), per status, then every article it
/// got wrong and how. The last line is <c>relevance_F1=… pair_F1=… pair_status_F1=…</c>.
/// </summary>
internal static class EvalCommand
{
    public const string Usage = "eval --corpus DIR [--explain ID]";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        string? corpus = null;
        string? explain = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--corpus" && i + 1 < args.Count) corpus = args[++i];
            else if (args[i] == "--explain" && i + 1 < args.Count) explain = args[++i];
            else
            {
                stderr.WriteLine($"eval: unexpected argument {args[i]}. Usage: {Usage}");
                return 2;
            }
        }
        if (corpus is null)
        {
            stderr.WriteLine($"eval: no corpus given. Usage: {Usage}");
            return 2;
        }
        var labels = Path.Combine(corpus, "labels.jsonl");
        if (!File.Exists(labels))
        {
            stderr.WriteLine($"eval: {labels} not found; a corpus folder holds labels.jsonl and one <id>.txt per label.");
            return 2;
        }

        var relevance = new Tally();
        var pairs = new Tally();
        var pairStatus = new Tally();
        var perStatus = new Dictionary<string, Tally>(StringComparer.Ordinal);
        var wrong = new List<string>();
        var articles = 0;
        var failed = 0;
        var lineNo = 0;
        foreach (var line in File.ReadLines(labels))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            Label label;
            try
            {
                label = Label.Parse(line);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                stderr.WriteLine($"eval: {labels} line {lineNo}: {e.Message}");
                failed++;
                continue;
            }
            var path = Path.Combine(corpus, label.Id + ".txt");
            Article article;
            try
            {
                article = ArticleFiles.ReadText(path, label.Published);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                stderr.WriteLine($"eval: cannot read {path}: {e.Message}");
                failed++;
                continue;
            }
            var trace = label.Id == explain ? new List<string>() : null;
            var result = MeetingAnalyzer.Default.Analyze(article, trace);
            articles++;
            var errors = PairScore.Score(result, label.Relevant, label.Meetings, relevance, pairs, pairStatus, perStatus);
            if (errors.Count > 0) wrong.Add($"{label.Id}\n    " + string.Join("\n    ", errors));
            if (trace is not null)
            {
                foreach (var t in trace) stderr.WriteLine($"{label.Id}: {t}");
                stderr.WriteLine(ResultJson.Write(label.Id, result));
            }
        }

        stdout.WriteLine($"articles: {articles}" + (failed > 0 ? $" ({failed} could not be read)" : ""));
        stdout.WriteLine($"{"measure",-14} {"P",6} {"R",6} {"F1",6} {"TP",5} {"FP",5} {"FN",5}");
        Row(stdout, "relevance", relevance);
        Row(stdout, "pair", pairs);
        Row(stdout, "pair_status", pairStatus);
        foreach (var (status, tally) in perStatus) Row(stdout, "  " + status, tally);
        stdout.WriteLine();
        stdout.WriteLine($"articles with errors: {wrong.Count}");
        foreach (var w in wrong) stdout.WriteLine(w);
        stdout.WriteLine();
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"relevance_F1={relevance.F1:0.000} pair_F1={pairs.F1:0.000} pair_status_F1={pairStatus.F1:0.000}"));
        return failed > 0 ? 1 : 0;
    }

    private static void Row(TextWriter w, string name, Tally t) =>
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-14} {t.Precision,6:0.000} {t.Recall,6:0.000} {t.F1,6:0.000} {t.TruePositives,5} {t.FalsePositives,5} {t.FalseNegatives,5}"));

    private sealed record Label(string Id, DateTimeOffset? Published, bool Relevant, IReadOnlyList<GoldMeeting> Meetings)
    {
        public static Label Parse(string json)
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var id = root.GetProperty("id").GetString() ?? throw new FormatException("label without an id");
            DateTimeOffset? published = null;
            if (root.TryGetProperty("published", out var p) && p.ValueKind == JsonValueKind.String)
            {
                var text = p.GetString()!;
                if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy-MM"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    published = new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                }
            }
            var relevant = root.GetProperty("relevant").GetBoolean();
            var meetings = new List<GoldMeeting>();
            foreach (var m in root.GetProperty("meetings").EnumerateArray())
            {
                meetings.Add(new GoldMeeting(
                    Strings(m, "participants"),
                    Strings(m, "statuses"),
                    m.TryGetProperty("acceptable", out _) ? Strings(m, "acceptable") : []));
            }
            return new Label(id, published, relevant, meetings);
        }

        private static List<string> Strings(JsonElement e, string name) =>
            [.. e.GetProperty(name).EnumerateArray().Select(x => x.GetString() ?? string.Empty)];
    }
}
