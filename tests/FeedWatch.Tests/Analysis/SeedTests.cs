using System.Text.Json;
using FeedWatch.Analysis;
using FeedWatch.Cli;
using FeedWatch.Evaluation;

namespace FeedWatch.Tests.Analysis;

/// <summary>
/// The five seed articles are the project's first fixtures: the analyser must find every labelled meeting
/// with every labelled status (seeds/labels.jsonl), and nothing the labels do not allow.
/// </summary>
public class SeedTests
{
    private static string Seeds => Path.Combine(AppContext.BaseDirectory, "seeds");

    public static TheoryData<string> SeedIds() => [.. Ids()];

    private static List<string> Ids()
    {
        var ids = new List<string>();
        foreach (var line in File.ReadLines(Path.Combine(Seeds, "labels.jsonl")).Where(l => l.Trim().Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            ids.Add(doc.RootElement.GetProperty("id").GetString()!);
        }
        return ids;
    }

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void Every_labelled_meeting_and_status_of_a_seed_is_found_and_nothing_else(string id)
    {
        var (relevant, gold) = Label(id);
        var article = ArticleFiles.ReadText(Path.Combine(Seeds, id + ".txt"), null);

        var result = MeetingAnalyzer.Default.Analyze(article);

        var relevance = new Tally();
        var pairs = new Tally();
        var pairStatus = new Tally();
        var errors = PairScore.Score(result, relevant, gold, relevance, pairs, pairStatus, []);
        Assert.True(errors.Count == 0, $"{id}: {string.Join("; ", errors)}\n{Analyse.Describe(result)}");
        Assert.True(pairStatus.TruePositives > 0 || !relevant, $"{id}: no labelled status found");
    }

    [Fact]
    public void The_Kerry_Lavrov_seed_gives_place_dates_and_that_only_unnamed_sources_speak()
    {
        var article = ArticleFiles.ReadText(Path.Combine(Seeds, "003_9ac79aed158c888c.txt"), new DateTimeOffset(2015, 1, 30, 0, 0, 0, TimeSpan.Zero));

        var meeting = Assert.Single(MeetingAnalyzer.Default.Analyze(article).Meetings);

        Assert.Equal(["John Kerry", "Sergei Lavrov"], meeting.Participants.Order());
        Assert.Equal([MeetingStatus.Possible], meeting.Statuses);
        Assert.Equal("Moscow", meeting.Where);
        Assert.Equal("Feb. 4-5", meeting.When);
        Assert.Equal("2015-02-04/2015-02-05", meeting.Date?.ToString());
        Assert.All(meeting.Claims, c => Assert.Equal("unnamed sources", c.Side));
    }

    [Fact]
    public void The_Putin_Trump_seed_attributes_the_denial_to_the_White_House_and_the_plan_to_the_Kremlin_side()
    {
        var article = ArticleFiles.ReadText(Path.Combine(Seeds, "001_860d44aacc00b277.txt"), null);

        // The handshake at the gala dinner may be reported as held; the claims are on the meeting they planned.
        var meeting = Assert.Single(MeetingAnalyzer.Default.Analyze(article).Meetings, m => m.Statuses.Contains(MeetingStatus.Planned));

        Assert.Contains(meeting.Claims, c => c.Status == MeetingStatus.Denied && c.Side == "United States");
        Assert.Contains(meeting.Claims, c => c.Status == MeetingStatus.Planned && c.Side == "Russia");
        Assert.DoesNotContain(meeting.Claims, c => c.Status == MeetingStatus.Denied && c.Side == "Russia");
    }

    [Fact]
    public void The_seed_folder_holds_the_five_seeds_and_their_labels()
    {
        var ids = Ids();

        Assert.Equal(5, ids.Count);
        Assert.All(ids, id => Assert.True(File.Exists(Path.Combine(Seeds, id + ".txt")), id));
    }

    private static (bool Relevant, List<GoldMeeting> Meetings) Label(string id)
    {
        var line = File.ReadLines(Path.Combine(Seeds, "labels.jsonl")).Single(l => l.Contains($"\"{id}\"", StringComparison.Ordinal));
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        var meetings = root.GetProperty("meetings").EnumerateArray().Select(m => new GoldMeeting(
            [.. m.GetProperty("participants").EnumerateArray().Select(x => x.GetString()!)],
            [.. m.GetProperty("statuses").EnumerateArray().Select(x => x.GetString()!)],
            m.TryGetProperty("acceptable", out var a) ? [.. a.EnumerateArray().Select(x => x.GetString()!)] : [])).ToList();
        return (root.GetProperty("relevant").GetBoolean(), meetings);
    }
}
