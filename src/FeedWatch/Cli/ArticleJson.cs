using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FeedWatch.Articles;

namespace FeedWatch.Cli;

/// <summary>Writes an extracted page as the one-line JSON object of the extract command.</summary>
internal static class ArticleJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static string Write(string file, ExtractedArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteString("file", file);
            WriteNullable(w, "title", article.Title);
            WriteNullable(w, "published", article.Published?.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture));
            WriteNullable(w, "byline", article.Byline);
            WriteNullable(w, "site", article.SiteName);
            WriteNullable(w, "url", article.Url?.AbsoluteUri);
            WriteNullable(w, "lang", article.Language);
            w.WriteString("text", article.Text);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }
}
