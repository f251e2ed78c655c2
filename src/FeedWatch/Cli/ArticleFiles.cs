using System.Text;
using FeedWatch.Analysis;
using FeedWatch.Articles;

namespace FeedWatch.Cli;

/// <summary>
/// Reads an article from a file: an .html or .htm file goes through the extractor; any other file is text, its
/// title on the first line, then the body.
/// </summary>
internal static class ArticleFiles
{
    /// <summary>Largest file the command line reads (bigger ones are refused with a message).</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>Reads a file as the analyser's article; <paramref name="published"/>, when given, overrides a page's own date.</summary>
    public static Article Read(string path, DateTimeOffset? published)
    {
        if (!IsHtml(path)) return ReadText(path, published);
        var extracted = ExtractHtml(path, url: null);
        var article = extracted.ToArticle();
        if (article.Title.Length == 0 && article.Paragraphs.Count == 0)
        {
            throw new InvalidDataException($"{path}: the extractor found no title and no text in the page.");
        }
        return published is null ? article : article with { Published = published };
    }

    public static bool IsHtml(string path) =>
        path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".htm", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs a page file through the extractor; the extractor's page limit applies, and the file is read no further than it.</summary>
    public static ExtractedArticle ExtractHtml(string path, Uri? url)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        using var stream = File.OpenRead(path);
        return ArticleExtractor.Default.Extract(stream, url);
    }

    public static Article ReadText(string path, DateTimeOffset? published)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"{path}: no such file.", path);
        if (info.Length == 0) throw new InvalidDataException($"{path}: the file is empty; an article needs at least a title line.");
        if (info.Length > MaxBytes) throw new InvalidDataException($"{path}: {info.Length:N0} bytes is more than the {MaxBytes:N0}-byte limit for one article.");
        var text = DecodeText(File.ReadAllBytes(path));
        return FromText(text, published, path);
    }

    /// <summary>Decodes UTF-8 (with or without BOM) or UTF-16 with BOM; invalid UTF-8 falls back to Windows-1252-like Latin-1.</summary>
    public static string DecodeText(byte[] bytes)
    {
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF) return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        var offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes, offset, bytes.Length - offset);
        }
    }

    public static Article FromText(string text, DateTimeOffset? published, string? source = null)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var title = (newline < 0 ? text : text[..newline]).Trim();
        var body = newline < 0 ? string.Empty : text[(newline + 1)..];
        if (title.Length == 0 && body.Trim().Length == 0)
        {
            throw new InvalidDataException($"{source ?? "input"}: the file has no text.");
        }
        return Article.FromText(title, body, published);
    }
}
