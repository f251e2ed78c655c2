using BenchmarkDotNet.Running;
using FeedWatch.Benchmarks;

// usage: dotnet run -c Release --project tests/FeedWatch.Benchmarks -- PAGES_DIR [BenchmarkDotNet options]
//        dotnet run -c Release --project tests/FeedWatch.Benchmarks -- quality PAGES_DIR
// PAGES_DIR holds one folder per page with a source.html (Mozilla Readability's test pages have that layout);
// "quality" also needs each folder's expected.html and scores FeedWatch and SmartReader on extract-eval's measure.
if (args is ["quality", var qualityDirectory] && Directory.Exists(qualityDirectory))
{
    QualityComparison.Run(qualityDirectory, Console.Out);
    return 0;
}
if (args.Length == 0 || args[0].StartsWith('-') || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: FeedWatch.Benchmarks PAGES_DIR [BenchmarkDotNet options], e.g. PAGES_DIR = ../shared/data/readability-test-pages");
    return 2;
}
// BenchmarkDotNet runs each benchmark in a child process, which inherits the environment.
Environment.SetEnvironmentVariable(PageSet.DirectoryVariable, Path.GetFullPath(args[0]));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(ExtractionBenchmarks).Assembly).Run(args[1..], new OneCoreConfig());
return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
