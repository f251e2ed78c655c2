using System.Text;
using FeedWatch.Articles;

namespace FeedWatch.Tests.Articles;

/// <summary>
/// Pages built to hurt the reader are refused with a message naming the limit, or read with bounded work. The
/// limits live in <see cref="ArticleExtractorOptions"/> and are checked by the extractor itself, before parsing.
/// </summary>
public class HostilePageTests
{
    private const string Story =
        "<p>The two presidents will meet in Vienna next week, officials in both capitals said on Monday, confirming earlier reports.</p>";

    [Fact]
    public void A_100_megabyte_page_is_refused_with_a_message_naming_the_limit()
    {
        var page = new byte[100 * 1024 * 1024];
        page.AsSpan().Fill((byte)'a');

        var error = Assert.Throws<ArticleExtractionException>(() => ArticleExtractor.Default.Extract(page));

        Assert.Contains("104,857,600 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{ArticleExtractorOptions.Default.MaxPageBytes:N0}-byte limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_that_never_ends_is_read_no_further_than_the_limit_and_refused()
    {
        var extractor = new ArticleExtractor(new ArticleExtractorOptions { MaxPageBytes = 64 * 1024 });
        using var endless = new EndlessStream();

        var error = Assert.Throws<ArticleExtractionException>(() => extractor.Extract(endless));

        Assert.Contains("65,536-byte limit", error.Message, StringComparison.Ordinal);
        Assert.Equal(64 * 1024 + 1, endless.BytesRead);
    }

    [Fact]
    public async Task A_page_that_never_ends_is_refused_when_read_asynchronously_too()
    {
        var extractor = new ArticleExtractor(new ArticleExtractorOptions { MaxPageBytes = 64 * 1024 });
        using var endless = new EndlessStream();

        var error = await Assert.ThrowsAsync<ArticleExtractionException>(() => extractor.ExtractAsync(endless));

        Assert.Contains("65,536-byte limit", error.Message, StringComparison.Ordinal);
        Assert.Equal(64 * 1024 + 1, endless.BytesRead);
    }

    [Fact]
    public void A_page_exactly_at_the_limit_is_read()
    {
        var story = Encoding.UTF8.GetBytes("<html><body><article>" + string.Concat(Enumerable.Repeat(Story, 5)) + "</article></body></html>");
        var extractor = new ArticleExtractor(new ArticleExtractorOptions { MaxPageBytes = story.Length });
        using var stream = new MemoryStream(story);

        var article = extractor.Extract(stream);

        Assert.Equal(5, article.Paragraphs.Count);
    }

    [Fact]
    public void Text_longer_than_the_limit_is_refused_too()
    {
        var extractor = new ArticleExtractor(new ArticleExtractorOptions { MaxPageBytes = 1000 });

        var error = Assert.Throws<ArticleExtractionException>(() => extractor.Extract(new string('x', 1001)));

        Assert.Contains("1,000-byte limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_100_000_levels_deep_is_refused_without_parsing_and_without_a_stack_overflow()
    {
        var page = string.Concat(Enumerable.Repeat("<div>", 100_000)) + Story;

        var error = Assert.Throws<ArticleExtractionException>(() => ArticleExtractor.Default.Extract(page));

        Assert.Contains("more than 1,024 levels deep", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<span>")]
    [InlineData("<b>")]
    [InlineData("<ul><li>")]
    [InlineData("<blockquote>")]
    [InlineData("<svg><g>")]
    public void Deep_nesting_of_any_element_that_stays_open_is_refused(string open)
    {
        var page = "<html><body>" + string.Concat(Enumerable.Repeat(open, 100_000)) + Story;

        Assert.Throws<ArticleExtractionException>(() => ArticleExtractor.Default.Extract(page));
    }

    [Fact]
    public void Nesting_just_under_the_limit_is_read_with_the_story_intact()
    {
        // Deeper than AngleSharp's own tree (it flattens past about 512 levels): every walk must still cope.
        var page = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 1000)) + string.Concat(Enumerable.Repeat(Story, 5));

        var article = ArticleExtractor.Default.Extract(page);

        Assert.Equal(5, article.Paragraphs.Count);
    }

    [Fact]
    public void A_hundred_thousand_unclosed_paragraphs_are_not_deep_nesting()
    {
        // Each <p> closes the one before, so this page is flat however many there are.
        var page = "<html><body><article>" + string.Concat(Enumerable.Repeat("<p>The ministers met again today in Vienna, officials said.", 100_000));

        var article = ArticleExtractor.Default.Extract(page);

        Assert.Equal(100_000, article.Paragraphs.Count);
    }

    [Fact]
    public void Invalid_utf8_in_a_page_declared_utf8_becomes_replacement_characters_and_the_rest_is_kept()
    {
        var head = Encoding.ASCII.GetBytes("<html><head><meta charset=\"utf-8\"></head><body><article><p>Caf");
        byte[] invalid = [0xC3, 0x28, 0xFF, 0xFE];
        var tail = Encoding.UTF8.GetBytes(" is where the two foreign ministers will meet next week, the ministry said in a statement on Friday.</p>"
            + string.Concat(Enumerable.Repeat(Story, 4)) + "</article></body></html>");

        var article = ArticleExtractor.Default.Extract([.. head, .. invalid, .. tail]);

        Assert.StartsWith("Caf\uFFFD(\uFFFD\uFFFD is where the two foreign ministers will meet", article.Paragraphs[0], StringComparison.Ordinal);
        Assert.Equal(5, article.Paragraphs.Count);
    }

    [Fact]
    public void Markup_that_looks_like_tags_inside_scripts_and_comments_does_not_count_as_nesting()
    {
        var deepInScript = "<script>var s = '" + string.Concat(Enumerable.Repeat("<div>", 5000)) + "';</script>";
        var deepInComment = "<!--" + string.Concat(Enumerable.Repeat("<div>", 5000)) + "-->";
        var page = "<html><head>" + deepInScript + "</head><body>" + deepInComment + "<article>" + string.Concat(Enumerable.Repeat(Story, 5)) + "</article></body></html>";

        var article = ArticleExtractor.Default.Extract(page);

        Assert.Equal(5, article.Paragraphs.Count);
    }

    /// <summary>A response body that never ends: an endless stream of markup.</summary>
    private sealed class EndlessStream : Stream
    {
        private static readonly byte[] Pattern = Encoding.ASCII.GetBytes("<p>more and more</p>");

        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++) buffer[offset + i] = Pattern[(BytesRead + i) % Pattern.Length];
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
