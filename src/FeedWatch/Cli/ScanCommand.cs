using System.Globalization;
using FeedWatch.Analysis;
using FeedWatch.Articles;

namespace FeedWatch.Cli;

/// <summary>
/// <c>scan [--published YYYY-MM-DD] [--explain] FILE...</c>: one JSON object per file, one per line; an .html
/// file goes through the extractor first (its own publication date is used unless --published is given). A file
/// that cannot be read gets a message on stderr naming it; the others are still scanned; exit code 1 then.
/// </summary>
internal static class ScanCommand
{
    public const string Usage = "scan [--published YYYY-MM-DD] [--explain] FILE...";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        DateTimeOffset? published = null;
        var explain = false;
        var files = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--published":
                    if (i + 1 >= args.Count || !DateOnly.TryParseExact(args[i + 1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    {
                        stderr.WriteLine("scan: --published needs a date as YYYY-MM-DD, e.g. --published 2017-11-09.");
                        return 2;
                    }
                    published = new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                    i++;
                    break;
                case "--explain":
                    explain = true;
                    break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        stderr.WriteLine($"scan: unknown option {args[i]}. Usage: {Usage}");
                        return 2;
                    }
                    files.Add(args[i]);
                    break;
            }
        }
        if (files.Count == 0)
        {
            stderr.WriteLine($"scan: no files given. Usage: {Usage}");
            return 2;
        }

        var analyzer = MeetingAnalyzer.Default;
        var failed = false;
        foreach (var file in files)
        {
            Article article;
            try
            {
                article = ArticleFiles.Read(file, published);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArticleExtractionException)
            {
                stderr.WriteLine($"scan: cannot read {file}: {e.Message}");
                failed = true;
                continue;
            }
            var trace = explain ? new List<string>() : null;
            var result = analyzer.Analyze(article, trace);
            stdout.WriteLine(ResultJson.Write(file, result));
            if (trace is not null)
            {
                foreach (var line in trace) stderr.WriteLine($"{file}: {line}");
            }
        }
        return failed ? 1 : 0;
    }
}
