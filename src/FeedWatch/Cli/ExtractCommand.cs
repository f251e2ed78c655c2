using FeedWatch.Articles;

namespace FeedWatch.Cli;

/// <summary>
/// <c>extract [--url URL] FILE.html...</c>: one JSON object per page, one per line, with the fields
/// file, title, published, byline, site, url, lang and text. A page that cannot be read or is refused gets a
/// message on stderr naming it; the others are still extracted; exit code 1 then.
/// </summary>
internal static class ExtractCommand
{
    public const string Usage = "extract [--url URL] FILE.html...";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        Uri? url = null;
        var files = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--url")
            {
                if (i + 1 >= args.Count || !Uri.TryCreate(args[i + 1], UriKind.Absolute, out url))
                {
                    stderr.WriteLine("extract: --url needs an absolute address, e.g. --url https://example.com/news/story.html; relative links resolve against it.");
                    return 2;
                }
                i++;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                stderr.WriteLine($"extract: unknown option {args[i]}. Usage: {Usage}");
                return 2;
            }
            else files.Add(args[i]);
        }
        if (files.Count == 0)
        {
            stderr.WriteLine($"extract: no files given. Usage: {Usage}");
            return 2;
        }

        var failed = false;
        foreach (var file in files)
        {
            try
            {
                var article = ArticleFiles.ExtractHtml(file, url);
                stdout.WriteLine(ArticleJson.Write(file, article));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArticleExtractionException)
            {
                stderr.WriteLine($"extract: cannot read {file}: {e.Message}");
                failed = true;
            }
        }
        return failed ? 1 : 0;
    }
}
