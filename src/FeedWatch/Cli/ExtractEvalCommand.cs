using System.Globalization;
using AngleSharp.Html.Parser;
using FeedWatch.Articles;
using FeedWatch.Evaluation;

namespace FeedWatch.Cli;

/// <summary>
/// <c>extract-eval DIR [--split all|dev|held-out] [--worst N]</c>: runs the extractor over DIR/*/source.html and
/// scores each page's text against the text of DIR/*/expected.html (the layout of Mozilla Readability's test
/// pages) with <see cref="ShingleScore"/>: mean precision, recall and F1 over pages, then the worst pages.
/// The split keeps pages back from development: in ordinal order of the page folders, every fifth (the 5th, 10th,
/// ...) is held out; dev is the rest. The last line is <c>pages=… P=… R=… F1=…</c>.
/// </summary>
internal static class ExtractEvalCommand
{
    public const string Usage = "extract-eval DIR [--split all|dev|held-out] [--worst N]";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        string? directory = null;
        var split = "all";
        var worst = 10;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--split" && i + 1 < args.Count && args[i + 1] is "all" or "dev" or "held-out") split = args[++i];
            else if (args[i] == "--worst" && i + 1 < args.Count && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out worst) && worst >= 0) i++;
            else if (!args[i].StartsWith("--", StringComparison.Ordinal) && directory is null) directory = args[i];
            else
            {
                stderr.WriteLine($"extract-eval: unexpected argument {args[i]}. Usage: {Usage}");
                return 2;
            }
        }
        if (directory is null)
        {
            stderr.WriteLine($"extract-eval: no directory given. Usage: {Usage}");
            return 2;
        }
        if (!Directory.Exists(directory))
        {
            stderr.WriteLine($"extract-eval: {directory} is not a directory; it should hold one folder per page with source.html and expected.html.");
            return 2;
        }

        var pages = Pages(directory, split);
        if (pages.Count == 0)
        {
            stderr.WriteLine($"extract-eval: no page folders (with source.html and expected.html) in {directory}.");
            return 2;
        }

        var results = Score(pages, source => ArticleExtractor.Default.Extract(source).Text);
        var precision = results.Average(r => r.Match.Precision);
        var recall = results.Average(r => r.Match.Recall);
        var f1 = results.Average(r => r.Match.F1);
        stdout.WriteLine($"pages: {results.Count} ({split})");
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean precision {precision:0.000}  recall {recall:0.000}  F1 {f1:0.000}"));
        if (worst > 0)
        {
            stdout.WriteLine();
            stdout.WriteLine($"worst {Math.Min(worst, results.Count)} pages by F1:");
            stdout.WriteLine($"  {"page",-40} {"P",6} {"R",6} {"F1",6}");
            foreach (var (name, match, error) in results.OrderBy(r => r.Match.F1).ThenBy(r => r.Page, StringComparer.Ordinal).Take(worst))
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-40} {match.Precision,6:0.000} {match.Recall,6:0.000} {match.F1,6:0.000}") + (error is null ? "" : $"  ({error})"));
            }
        }
        stdout.WriteLine();
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pages={results.Count} P={precision:0.000} R={recall:0.000} F1={f1:0.000}"));
        return 0;
    }

    /// <summary>
    /// Scores an extractor (page bytes in, text out) on each page folder; a page it refuses with
    /// <see cref="ArticleExtractionException"/> counts as an empty extraction, with the message kept.
    /// </summary>
    internal static List<(string Page, ShingleMatch Match, string? Error)> Score(IEnumerable<string> pages, Func<byte[], string> extract)
    {
        ArgumentNullException.ThrowIfNull(extract);
        var results = new List<(string Page, ShingleMatch Match, string? Error)>();
        foreach (var page in pages)
        {
            var truth = HtmlText(File.ReadAllText(Path.Combine(page, "expected.html")));
            string extracted;
            string? error = null;
            try
            {
                extracted = extract(File.ReadAllBytes(Path.Combine(page, "source.html")));
            }
            catch (ArticleExtractionException e)
            {
                extracted = string.Empty;
                error = e.Message;
            }
            results.Add((Path.GetFileName(page), ShingleScore.Compare(truth, extracted), error));
        }
        return results;
    }

    /// <summary>The page folders of a split, in ordinal order: held-out is every fifth folder, dev the rest.</summary>
    internal static List<string> Pages(string directory, string split)
    {
        var all = Directory.GetDirectories(directory)
            .Where(d => File.Exists(Path.Combine(d, "source.html")) && File.Exists(Path.Combine(d, "expected.html")))
            .OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal)
            .ToList();
        return split switch
        {
            "dev" => [.. all.Where((_, i) => i % 5 != 4)],
            "held-out" => [.. all.Where((_, i) => i % 5 == 4)],
            _ => all,
        };
    }

    /// <summary>The text of an HTML document or fragment, rendered in blocks as the extractor renders its own output.</summary>
    internal static string HtmlText(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        return string.Join("\n\n", TextBlocks.Of(PageNode.From(document.Body ?? (AngleSharp.Dom.INode)document)));
    }
}
