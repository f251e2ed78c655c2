using System.Text;
using FeedWatch.Analysis;

namespace FeedWatch.Tests.Analysis;

/// <summary>
/// Whatever a page or feed hands over, the analyser returns: empty, huge, binary, all names, one endless
/// sentence. Its work grows in proportion to the input; <see cref="WorkMeter"/> counts the inner steps, so
/// the proportion is checked without timing anything.
/// </summary>
public class RobustnessTests
{
    // Reporting-style paragraphs written for these tests; each has leaders, triggers, dates and speakers.
    private static readonly string[] Paragraphs =
    [
        "Putin will meet Erdogan in Sochi on Friday, Kremlin spokesman Dmitry Peskov told reporters.",
        "The White House denied reports that Biden would meet Xi on the sidelines of the G20 summit.",
        "Macron and Scholz held talks by video link on Thursday, the Elysee said.",
        "\"We are ready to meet at any time,\" Zelensky said, adding that no date had been set.",
        "Officials are discussing a possible summit between Modi and Sharif in Astana in early July, according to people familiar with the matter.",
        "Trade grew 4.5 percent last year, and both governments want more, the ministers said on Monday.",
    ];

    [Fact]
    public void An_article_with_no_text_has_no_meetings()
    {
        Assert.Same(AnalysisResult.Empty.Meetings.GetType(), Analyse.Body("").Meetings.GetType());
        Assert.Empty(MeetingAnalyzer.Default.Analyze(new Article("", [])).Meetings);
        Assert.Empty(MeetingAnalyzer.Default.Analyze(new Article("   ", ["", "  ", "\t"])).Meetings);
    }

    [Fact]
    public void Binary_junk_decoded_as_text_is_analysed_without_error()
    {
        var random = new Random(7);
        var bytes = new byte[1 << 20];
        random.NextBytes(bytes);
        var junk = Encoding.Latin1.GetString(bytes);

        var result = MeetingAnalyzer.Default.Analyze(Article.FromText("junk", junk, Analyse.Monday));

        Assert.False(result.Relevant);
    }

    [Fact]
    public void A_text_of_nothing_but_leaders_names_is_analysed_without_error()
    {
        var names = string.Join(", ", Enumerable.Repeat("Putin, Xi, Biden, Macron, Modi, Erdogan, Lula", 5_000));

        var result = Analyse.Body(names);

        Assert.Empty(result.Meetings);
    }

    [Fact]
    public void Work_grows_in_proportion_to_the_number_of_paragraphs()
    {
        var small = StepsFor(Article.FromText("Leaders", string.Join("\n", Repeat(Paragraphs, 400)), Analyse.Monday));
        var large = StepsFor(Article.FromText("Leaders", string.Join("\n", Repeat(Paragraphs, 800)), Analyse.Monday));

        Assert.InRange(large / (double)small, 1.6, 2.4);
    }

    [Fact]
    public void Work_on_one_endless_sentence_grows_in_proportion_to_its_length()
    {
        var words = string.Join(' ', Paragraphs).Replace(".", "", StringComparison.Ordinal).Split(' ');
        string Sentence(int n) => string.Join(' ', Enumerable.Range(0, n).Select(i => words[i % words.Length])) + ".";

        var small = StepsFor(Article.FromText("", Sentence(5_000), Analyse.Monday));
        var large = StepsFor(Article.FromText("", Sentence(10_000), Analyse.Monday));

        Assert.InRange(large / (double)small, 1.5, 2.5);
    }

    [Fact]
    public void A_five_megabyte_article_is_analysed_and_its_meetings_found()
    {
        var body = new StringBuilder();
        while (body.Length < 5_000_000) body.AppendJoin('\n', Paragraphs).Append('\n');

        var result = Analyse.Body(body.ToString());

        Assert.True(result.Relevant);
        Assert.Contains(result.Meetings, m => m.Participants.Contains("Vladimir Putin") && m.Participants.Contains("Recep Tayyip Erdogan"));
    }

    private static long StepsFor(Article article)
    {
        WorkMeter.Reset();
        MeetingAnalyzer.Default.Analyze(article);
        var steps = WorkMeter.Steps;
        Assert.True(steps > 0, "the analyser counted no work");
        return steps;
    }

    private static IEnumerable<string> Repeat(string[] items, int times) => Enumerable.Range(0, times).SelectMany(_ => items);
}
