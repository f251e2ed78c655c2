using BenchmarkDotNet.Attributes;
using FeedWatch.Analysis;

namespace FeedWatch.Benchmarks;

/// <summary>
/// The analyser over a whole labelled corpus, one article after another on one thread. The corpus folder
/// comes from the FEEDWATCH_CORPUS environment variable (set by Program from the command line).
/// Sentences per second = the corpus's sentence count / the mean time of one pass.
/// </summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks
{
    private Corpus _corpus = null!;
    private MeetingAnalyzer _analyzer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dir = Environment.GetEnvironmentVariable("FEEDWATCH_CORPUS")
            ?? throw new InvalidOperationException("FEEDWATCH_CORPUS is not set: run the benchmarks as 'analyzer --corpus DIR'.");
        _corpus = Corpus.Load(dir);
        _analyzer = MeetingAnalyzer.Default;
        Console.WriteLine($"// corpus: {_corpus.Articles.Count} articles, {_corpus.Sentences} sentences");
    }

    [Benchmark(Description = "Analyze whole corpus")]
    public int AnalyzeCorpus()
    {
        var meetings = 0;
        foreach (var article in _corpus.Articles)
        {
            meetings += _analyzer.Analyze(article).Meetings.Count;
        }
        return meetings;
    }
}
