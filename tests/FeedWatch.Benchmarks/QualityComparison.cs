using System.Globalization;
using System.Text;
using FeedWatch.Articles;
using FeedWatch.Cli;

namespace FeedWatch.Benchmarks;

/// <summary>
/// <c>quality PAGES_DIR</c>: FeedWatch's extractor and SmartReader scored on the extract-eval measure, on the same
/// pages, truth and text rendering (SmartReader's article HTML goes through the same block renderer as the truth).
/// </summary>
public static class QualityComparison
{
    public static void Run(string directory, TextWriter output)
    {
        var extractors = new (string Name, Func<byte[], string> Extract)[]
        {
            ("FeedWatch ArticleExtractor", page => ArticleExtractor.Default.Extract(page).Text),
            ("SmartReader 0.11.1", SmartReaderText),
        };
        output.WriteLine($"{"extractor",-28} {"split",-9} {"pages",5} {"P",6} {"R",6} {"F1",6}");
        foreach (var (name, extract) in extractors)
        {
            foreach (var split in new[] { "dev", "held-out", "all" })
            {
                var results = ExtractEvalCommand.Score(ExtractEvalCommand.Pages(directory, split), extract);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-28} {split,-9} {results.Count,5} {results.Average(r => r.Match.Precision),6:0.000} {results.Average(r => r.Match.Recall),6:0.000} {results.Average(r => r.Match.F1),6:0.000}"));
            }
        }
    }

    private static string SmartReaderText(byte[] page)
    {
        var article = new SmartReader.Reader("http://fakehost/test/page.html", Encoding.UTF8.GetString(page)).GetArticle();
        return article.IsReadable && !string.IsNullOrEmpty(article.Content) ? ExtractEvalCommand.HtmlText(article.Content) : string.Empty;
    }
}
