using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using FeedWatch.Analysis;

namespace FeedWatch.Benchmarks;

/// <summary>
/// Benchmarks. Usage:
///   dotnet run -c Release --project tests/FeedWatch.Benchmarks -- analyzer --corpus DIR          (BenchmarkDotNet)
///   dotnet run -c Release --project tests/FeedWatch.Benchmarks -- analyzer --corpus DIR --quick  (a quick timed loop)
///   dotnet run -c Release --project tests/FeedWatch.Benchmarks -- extractor PAGES_DIR [BenchmarkDotNet options]
///   dotnet run -c Release --project tests/FeedWatch.Benchmarks -- quality PAGES_DIR
/// PAGES_DIR holds one folder per page with a source.html (Mozilla Readability's test pages have that layout);
/// "quality" also needs each folder's expected.html and scores FeedWatch and SmartReader on extract-eval's measure.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["quality", var qualityDirectory] && Directory.Exists(qualityDirectory))
        {
            QualityComparison.Run(qualityDirectory, Console.Out);
            return 0;
        }
        if (args.Length >= 2 && args[0] == "extractor" && Directory.Exists(args[1]))
        {
            // BenchmarkDotNet runs each benchmark in a child process, which inherits the environment.
            Environment.SetEnvironmentVariable(PageSet.DirectoryVariable, Path.GetFullPath(args[1]));
            var pages = BenchmarkRunner.Run<ExtractionBenchmarks>(new OneCoreConfig(), args[2..]);
            return pages.HasCriticalValidationErrors ? 1 : 0;
        }
        if (args.Length == 0 || args[0] != "analyzer")
        {
            Console.Error.WriteLine("usage: analyzer --corpus DIR [--quick] [BenchmarkDotNet options]");
            Console.Error.WriteLine("       extractor PAGES_DIR [BenchmarkDotNet options]   (e.g. ../shared/data/readability-test-pages)");
            Console.Error.WriteLine("       quality PAGES_DIR");
            return 2;
        }
        var corpusIndex = Array.IndexOf(args, "--corpus");
        if (corpusIndex < 0 || corpusIndex + 1 >= args.Length)
        {
            Console.Error.WriteLine("analyzer: --corpus DIR is required (e.g. ../shared/corpus/dev).");
            return 2;
        }
        var corpusDir = Path.GetFullPath(args[corpusIndex + 1]);
        Environment.SetEnvironmentVariable("FEEDWATCH_CORPUS", corpusDir);
        if (args.Contains("--quick")) return Quick(corpusDir);

        var rest = args.Where((_, i) => i != 0 && i != corpusIndex && i != corpusIndex + 1).ToArray();
        var config = DefaultConfig.Instance.AddJob(Job.Default.WithEnvironmentVariable("FEEDWATCH_CORPUS", corpusDir));
        var summary = BenchmarkRunner.Run<AnalyzerBenchmarks>(config, rest);
        var corpus = Corpus.Load(corpusDir);
        foreach (var report in summary.Reports)
        {
            if (report.ResultStatistics is not { } stats) continue;
            var perSecond = corpus.Sentences / (stats.Median / 1e9);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sentences/s (median, one core): {perSecond:N0}  ({corpus.Sentences} sentences in {stats.Median / 1e6:F1} ms)"));
        }
        return 0;
    }

    /// <summary>A timed loop for development: median and best of 50 passes after 30 warm-up passes, in sentences per second.</summary>
    private static int Quick(string dir)
    {
        var corpus = Corpus.Load(dir);
        var analyzer = MeetingAnalyzer.Default;
        for (var i = 0; i < 30; i++)
        {
            foreach (var a in corpus.Articles) analyzer.Analyze(a);
        }
        var times = new List<double>();
        for (var round = 0; round < 50; round++)
        {
            var sw = Stopwatch.StartNew();
            foreach (var a in corpus.Articles) analyzer.Analyze(a);
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{corpus.Articles.Count} articles, {corpus.Sentences} sentences: median {corpus.Sentences / times[times.Count / 2]:N0} sentences/s, best {corpus.Sentences / times[0]:N0} sentences/s"));
        return 0;
    }
}
