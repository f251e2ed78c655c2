using AngleSharp.Html.Parser;
using BenchmarkDotNet.Attributes;
using FeedWatch.Articles;

namespace FeedWatch.Benchmarks;

/// <summary>
/// One operation is the whole page set, one page after another on one thread: the pages/s column is the page
/// count over the median time. Parse-only is the floor every AngleSharp-based extractor stands on; SmartReader
/// (a Readability port on AngleSharp) is the alternative we must beat.
/// </summary>
[MemoryDiagnoser]
public class ExtractionBenchmarks
{
    private IReadOnlyList<string> _pages = [];

    [GlobalSetup]
    public void Setup() => _pages = PageSet.Html;

    [Benchmark(Baseline = true, Description = "AngleSharp parse only")]
    public int AngleSharpParse()
    {
        var nodes = 0;
        var parser = new HtmlParser();
        foreach (var html in _pages) nodes += parser.ParseDocument(html).All.Length;
        return nodes;
    }

    [Benchmark(Description = "FeedWatch ArticleExtractor")]
    public int FeedWatchExtract()
    {
        var paragraphs = 0;
        foreach (var html in _pages) paragraphs += ArticleExtractor.Default.Extract(html).Paragraphs.Count;
        return paragraphs;
    }

    [Benchmark(Description = "SmartReader 0.11.1")]
    public int SmartReaderExtract()
    {
        var length = 0;
        foreach (var html in _pages) length += new SmartReader.Reader("http://fakehost/test/page.html", html).GetArticle().Length;
        return length;
    }
}
