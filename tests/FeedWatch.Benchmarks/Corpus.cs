using FeedWatch.Analysis;
using FeedWatch.Analysis.Text;

namespace FeedWatch.Benchmarks;

/// <summary>
/// A labelled corpus folder (labels.jsonl + &lt;id&gt;.txt, the format of the dev corpus) read into articles,
/// with the number of sentences the analyser reads in them (after the page furniture is removed).
/// </summary>
internal sealed class Corpus
{
    private Corpus(IReadOnlyList<Article> articles, int sentences)
    {
        Articles = articles;
        Sentences = sentences;
    }

    public IReadOnlyList<Article> Articles { get; }

    public int Sentences { get; }

    public static Corpus Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Corpus folder '{directory}' not found: pass the folder that holds the <id>.txt files, e.g. ../shared/corpus/dev.");
        }
        var articles = new List<Article>();
        var sentences = 0;
        foreach (var file in Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal);
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            var article = newline < 0 ? Article.FromText(text, string.Empty) : Article.FromText(text[..newline], text[(newline + 1)..]);
            articles.Add(article);
            sentences += SentenceSplitter.Split(article.Title, -1, 0).Count;
            foreach (var (index, paragraph) in Boilerplate.Clean(article.Paragraphs))
            {
                sentences += SentenceSplitter.Split(paragraph, index, 0).Count;
            }
        }
        if (articles.Count == 0) throw new InvalidDataException($"Corpus folder '{directory}' holds no .txt articles.");
        return new Corpus(articles, sentences);
    }
}
