using FeedWatch.Articles;

namespace FeedWatch.Tests.Articles;

/// <summary>Title, publication time, byline, site, canonical address and language come from what the page declares.</summary>
public class MetadataTests
{
    private static readonly string Story = string.Concat(Enumerable.Repeat(
        "<p>The foreign ministers met in Geneva on Tuesday, officials said, and agreed to meet again next month, according to a statement.</p>", 6));

    private static ExtractedArticle Extract(string head, string body = "", Uri? url = null) =>
        ArticleExtractor.Default.Extract($"<!DOCTYPE html><html><head>{head}</head><body>{body}<article>{Story}</article></body></html>", url);

    [Fact]
    public void Open_graph_and_article_meta_tags_give_title_time_site_and_address()
    {
        var article = Extract("""
            <title>Ministers Meet in Geneva | Daily Planet</title>
            <meta property="og:title" content="Ministers meet in Geneva">
            <meta property="og:site_name" content="Daily Planet">
            <meta property="og:url" content="https://planet.example/world/ministers-meet">
            <meta property="article:published_time" content="2024-03-05T09:30:00+01:00">
            <meta name="author" content="Lois Lane">
            """);

        Assert.Equal("Ministers meet in Geneva", article.Title);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 9, 30, 0, TimeSpan.FromHours(1)), article.Published);
        Assert.Equal("Daily Planet", article.SiteName);
        Assert.Equal(new Uri("https://planet.example/world/ministers-meet"), article.Url);
        Assert.Equal("Lois Lane", article.Byline);
    }

    [Fact]
    public void Json_ld_article_in_a_graph_wins_over_meta_tags()
    {
        var article = Extract("""
            <meta property="og:title" content="Meta title">
            <meta property="article:published_time" content="2020-01-01T00:00:00Z">
            <script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
             {"@type":["NewsArticle"],"headline":"JSON-LD headline","datePublished":"2024-05-06T07:08:09Z",
              "author":[{"@type":"Person","name":"Ann Author"},{"@type":"Person","name":"Bob Writer"}],
              "publisher":{"@type":"Organization","name":"The Publisher"},"inLanguage":"de"}]}
            </script>
            """);

        Assert.Equal("JSON-LD headline", article.Title);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero), article.Published);
        Assert.Equal("Ann Author, Bob Writer", article.Byline);
        Assert.Equal("The Publisher", article.SiteName);
        Assert.Equal("de", article.Language);
    }

    [Fact]
    public void When_json_ld_name_and_headline_differ_the_one_like_the_page_title_is_the_title()
    {
        var article = Extract("""
            <title>Hermitian matrix - Wikipedia</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"Article","name":"Hermitian matrix","headline":"matrix equal to its conjugate-transpose"}</script>
            """);

        Assert.Equal("Hermitian matrix", article.Title);
    }

    [Fact]
    public void Broken_json_ld_is_ignored_and_meta_tags_still_count()
    {
        var article = Extract("""
            <script type="application/ld+json">{"@type":"NewsArticle","headline": "unterminated</script>
            <meta property="og:title" content="Meta title">
            """);

        Assert.Equal("Meta title", article.Title);
    }

    [Fact]
    public void A_time_element_marked_as_publication_date_gives_the_time_when_meta_tags_do_not()
    {
        var article = Extract("<title>Ministers meet in Geneva again</title>",
            """<p>Updated <time datetime="2024-06-02T10:00:00Z">June 2</time></p><p>Published <time itemprop="datePublished" datetime="2024-06-01T08:00:00Z">June 1</time></p>""");

        Assert.Equal(new DateTimeOffset(2024, 6, 1, 8, 0, 0, TimeSpan.Zero), article.Published);
    }

    [Fact]
    public void A_plain_date_without_offset_is_taken_as_midnight_utc()
    {
        var article = Extract("""<meta name="dc.date" content="2015-01-30">""");

        Assert.Equal(new DateTimeOffset(2015, 1, 30, 0, 0, 0, TimeSpan.Zero), article.Published);
    }

    [Fact]
    public void An_unparseable_date_gives_no_time_rather_than_a_wrong_one()
    {
        var article = Extract("""<meta property="article:published_time" content="last Tuesday">""");

        Assert.Null(article.Published);
    }

    [Fact]
    public void The_site_name_after_a_separator_is_cut_from_the_document_title()
    {
        var article = Extract("<title>Foreign ministers agree to meet again in Geneva - Daily Planet</title>");

        Assert.Equal("Foreign ministers agree to meet again in Geneva", article.Title);
    }

    [Fact]
    public void A_relative_canonical_link_resolves_against_the_page_address()
    {
        var article = Extract("""<link rel="canonical" href="/world/2024/ministers">""", url: new Uri("https://planet.example/amp/ministers?utm=feed"));

        Assert.Equal(new Uri("https://planet.example/world/2024/ministers"), article.Url);
    }

    [Fact]
    public void A_base_element_changes_what_relative_links_resolve_against()
    {
        var article = Extract("""<base href="https://mirror.example/news/"><link rel="canonical" href="ministers.html">""", url: new Uri("https://planet.example/x"));

        Assert.Equal(new Uri("https://mirror.example/news/ministers.html"), article.Url);
    }

    [Fact]
    public void A_canonical_link_that_is_not_http_is_ignored_for_the_page_address()
    {
        var page = new Uri("https://planet.example/world/ministers");

        var article = Extract("""<link rel="canonical" href="javascript:alert(1)">""", url: page);

        Assert.Equal(page, article.Url);
    }

    [Fact]
    public void Language_comes_from_the_html_element_then_meta_then_open_graph_locale()
    {
        var fromHtml = ArticleExtractor.Default.Extract($"<html lang=\"pt-BR\"><head><meta property=\"og:locale\" content=\"en_US\"></head><body>{Story}</body></html>");
        var fromLocale = ArticleExtractor.Default.Extract($"<html><head><meta property=\"og:locale\" content=\"en_GB\"></head><body>{Story}</body></html>");

        Assert.Equal("pt-BR", fromHtml.Language);
        Assert.Equal("en-GB", fromLocale.Language);
    }

    [Fact]
    public void A_byline_element_in_the_body_gives_the_byline_and_leaves_the_text()
    {
        var article = Extract("<title>Ministers meet in Geneva again</title>", """<div class="byline">By Jimmy Olsen</div>""");

        Assert.Equal("By Jimmy Olsen", article.Byline);
        Assert.DoesNotContain("Jimmy Olsen", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_seed_pages_declare_their_metadata_in_different_ways_and_all_are_read()
    {
        var jsonLdGraph = ArticleExtractor.Default.Extract(FixturePages.Page("001_blog_with_comments"));
        var metaTags = ArticleExtractor.Default.Extract(FixturePages.Page("000_moscow_times_feature"));

        Assert.Equal(new DateTimeOffset(2017, 11, 10, 14, 3, 0, TimeSpan.FromHours(-5)), jsonLdGraph.Published);
        Assert.Equal("Ron Brynaert", jsonLdGraph.Byline);
        Assert.Equal("Planet Politics", jsonLdGraph.SiteName);
        Assert.Equal("en-US", jsonLdGraph.Language);
        Assert.Equal(new Uri("https://www.themoscowtimes.com/2014/11/07/putin-and-obama-may-hold-informal-talks-this-week-a41093"), metaTags.Url);
        Assert.Equal("The Moscow Times", metaTags.SiteName);
    }

    [Fact]
    public void The_extracted_page_becomes_the_analysers_article_with_its_metadata()
    {
        var extracted = ArticleExtractor.Default.Extract(FixturePages.Page("000_moscow_times_feature"));

        var article = extracted.ToArticle();

        Assert.Equal(extracted.Title, article.Title);
        Assert.Equal(extracted.Paragraphs, article.Paragraphs);
        Assert.Equal(extracted.Published, article.Published);
        Assert.Equal("The Moscow Times", article.SourceName);
        Assert.Equal(extracted.Url, article.Url);
    }
}
