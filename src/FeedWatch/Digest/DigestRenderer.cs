using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;

namespace FeedWatch.Digest;

/// <summary>A digest template that cannot be read or parsed; the message names the file and the fix.</summary>
public sealed class DigestTemplateException : Exception
{
    public DigestTemplateException(string message)
        : base(message)
    {
    }

    public DigestTemplateException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public DigestTemplateException()
    {
    }
}

/// <summary>
/// Renders a digest message's HTML and plain-text parts from Liquid templates (Fluid): the built-in ones, or files
/// of the same name in <c>Digest:TemplateDirectory</c>, so users restyle the digest without recompiling. The HTML
/// part is rendered with an HTML encoder, so every value a template prints is escaped, whatever the template; only
/// a template's own <c>raw</c> filter could undo that, and the built-in ones never use it.
/// </summary>
public sealed class DigestRenderer
{
    public const string HtmlTemplate = "digest.html.liquid";
    public const string TextTemplate = "digest.txt.liquid";

    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = CreateOptions();

    // Escapes what HTML needs escaped (& < > " ' +) and leaves other characters as they are, so names in any script stay readable.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly IFluidTemplate _html;
    private readonly IFluidTemplate _text;

    private DigestRenderer(IFluidTemplate html, IFluidTemplate text, string htmlSource, string textSource)
    {
        _html = html;
        _text = text;
        HtmlSource = htmlSource;
        TextSource = textSource;
    }

    /// <summary>Where the HTML template came from: a path, or "built-in".</summary>
    public string HtmlSource { get; }

    public string TextSource { get; }

    public static DigestRenderer BuiltIn { get; } = Load(null);

    /// <summary>Loads the templates: each from <paramref name="templateDirectory"/> when the file is there, else the built-in one.</summary>
    /// <exception cref="DigestTemplateException">A template file cannot be read or parsed.</exception>
    public static DigestRenderer Load(string? templateDirectory)
    {
        var (html, htmlSource) = LoadOne(templateDirectory, HtmlTemplate);
        var (text, textSource) = LoadOne(templateDirectory, TextTemplate);
        return new DigestRenderer(html, text, htmlSource, textSource);
    }

    public (string Html, string Text) Render(DigestView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        try
        {
            var html = _html.Render(new TemplateContext(view, Options), Html);
            var text = _text.Render(new TemplateContext(view, Options), NullEncoder.Default);
            return (html, text);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            throw new DigestTemplateException($"the digest templates ({HtmlSource}, {TextSource}) failed to render: {e.Message}; fix the template in FeedWatch:Digest:TemplateDirectory, or remove it to use the built-in one.", e);
        }
    }

    private static (IFluidTemplate Template, string Source) LoadOne(string? directory, string name)
    {
        string source;
        string text;
        var path = directory is null ? null : Path.Combine(directory, name);
        if (path is not null && File.Exists(path))
        {
            source = path;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DigestTemplateException($"the digest template {path} cannot be read ({e.Message}); check the file's permissions, or remove it to use the built-in one.", e);
            }
        }
        else
        {
            source = "built-in " + name;
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("FeedWatch.Digest.Templates." + name)
                ?? throw new InvalidOperationException($"the built-in template {name} is missing from the assembly (a build problem).");
            using var reader = new StreamReader(stream);
            text = reader.ReadToEnd();
        }
        if (!Parser.TryParse(text, out var template, out var error))
        {
            throw new DigestTemplateException($"the digest template {source} is not valid Liquid: {error}; fix it (https://shopify.github.io/liquid/ describes the language), or remove it to use the built-in one.");
        }
        return (template, source);
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions
        {
            // A template that loops without end is stopped, not left to hang the digest job.
            MaxSteps = 10_000_000,
        };
        options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        options.MemberAccessStrategy.Register<DigestView>();
        options.MemberAccessStrategy.Register<StoryView>();
        options.MemberAccessStrategy.Register<ClaimView>();
        options.MemberAccessStrategy.Register<ArticleView>();
        options.MemberAccessStrategy.Register<CopyView>();
        options.MemberAccessStrategy.Register<FeedHealthView>();
        options.MemberAccessStrategy.Register<FeedProblemView>();
        return options;
    }
}
