using System.Globalization;
using System.Text;
using System.Text.Json;
using FeedWatch.Articles;

namespace FeedWatch.Cli;

/// <summary>Writes an extracted page as the one-line JSON object of the extract command.</summary>
internal static class ArticleJson
{
    public static string Write(string file, ExtractedArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, ResultJson.Options))
        {
            w.WriteStartObject();
            w.WriteString("file", file);
            ResultJson.WriteNullable(w, "title", article.Title);
            ResultJson.WriteNullable(w, "published", article.Published?.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture));
            ResultJson.WriteNullable(w, "byline", article.Byline);
            ResultJson.WriteNullable(w, "site", article.SiteName);
            ResultJson.WriteNullable(w, "url", article.Url?.AbsoluteUri);
            ResultJson.WriteNullable(w, "lang", article.Language);
            w.WriteString("text", article.Text);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
