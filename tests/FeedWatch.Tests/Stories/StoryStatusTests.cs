using FeedWatch.Analysis;
using FeedWatch.Stories;
using static FeedWatch.Tests.Stories.StoryData;

namespace FeedWatch.Tests.Stories;

public sealed class StoryStatusTests
{
    private static StoryStatus StatusOf(params (Claim Claim, int Day)[] said) =>
        StoryStatusRules.Decide(said.Select(s => Report(Meeting(PutinTrump, null, null, s.Claim), Monday.AddDays(s.Day))));

    [Fact]
    public void The_Kremlin_saying_it_will_happen_and_the_White_House_saying_it_will_not_is_contested() =>
        Assert.Equal(StoryStatus.Contested, StatusOf((KremlinYes, 0), (WhiteHouseNo, 1)));

    [Fact]
    public void A_rumour_officially_denied_is_denied() =>
        Assert.Equal(StoryStatus.Denied, StatusOf((Rumour, 0), (KremlinNothingYet, 1)));

    [Fact]
    public void A_rumour_alone_is_possible() =>
        Assert.Equal(StoryStatus.Possible, StatusOf((Rumour, 0)));

    [Fact]
    public void A_possible_meeting_a_side_confirms_becomes_planned() =>
        Assert.Equal(StoryStatus.Planned, StatusOf((Rumour, 0), (KremlinYes, 2)));

    [Fact]
    public void A_side_s_latest_word_counts_so_a_denial_after_a_plan_is_a_denial() =>
        Assert.Equal(StoryStatus.Denied, StatusOf((KremlinYes, 0), (KremlinNothingYet, 3)));

    [Fact]
    public void A_meeting_called_off_is_cancelled() =>
        Assert.Equal(StoryStatus.Cancelled, StatusOf((KremlinYes, 0), (KremlinCancels, 4)));

    [Fact]
    public void A_meeting_reported_to_have_taken_place_is_held() =>
        Assert.Equal(StoryStatus.Held, StatusOf((KremlinYes, 0), (TheyMet, 5)));

    [Fact]
    public void Copies_say_nothing_of_their_own()
    {
        var planned = Report(Meeting(PutinTrump, null, null, KremlinYes), Monday);
        var copy = Report(Meeting(PutinTrump, null, null, WhiteHouseNo), Monday.AddDays(1)) with { DuplicateOf = planned.ItemId };
        Assert.Equal(StoryStatus.Planned, StoryStatusRules.Decide([planned, copy]));
    }

    [Fact]
    public void Parties_are_the_sides_that_speak_for_themselves_in_the_order_heard() =>
        Assert.Equal(["Russia", "United States"], StoryStatusRules.Parties([
            Report(Meeting(PutinTrump, null, null, Rumour), Monday),
            Report(Meeting(PutinTrump, null, null, KremlinYes), Monday.AddDays(1)),
            Report(Meeting(PutinTrump, null, null, WhiteHouseNo), Monday.AddDays(2))]));

    [Fact]
    public void A_new_story_a_changed_status_and_a_new_party_are_changes_and_the_same_word_again_is_not()
    {
        var folder = new StoryFolder(TimeSpan.FromDays(14), 0.7);
        var stories = new List<Story>();
        var story = folder.Fold(stories, Report(Meeting(PutinTrump, null, null, KremlinYes), Monday), Monday)!;
        var asNew = story.ChangeSinceAnnounced();
        story.AnnouncedStatus = story.Status;
        story.AnnouncedParties = story.Parties;
        folder.Fold(stories, Report(Meeting(PutinTrump, null, null, KremlinYes), Monday.AddDays(1)), Monday.AddDays(1));
        var same = story.ChangeSinceAnnounced();
        folder.Fold(stories, Report(Meeting(PutinTrump, null, null, WhiteHouseNo), Monday.AddDays(2)), Monday.AddDays(2));
        var changed = story.ChangeSinceAnnounced();

        Assert.True(asNew!.IsNew);
        Assert.Null(same);
        Assert.Equal((false, StoryStatus.Planned, "United States"), (changed!.IsNew, changed.PreviousStatus, Assert.Single(changed.NewParties)));
    }

    [Fact]
    public void Articles_read_by_the_analyser_fold_into_one_contested_story()
    {
        // Two reports of the same summit from two sides, as the analyser reads them.
        var kremlin = MeetingAnalyzer.Default.Analyze(Article.FromText(
            "Putin and Trump to meet in Budapest, Kremlin says",
            "Russian President Vladimir Putin will meet U.S. President Donald Trump in Budapest next week, Kremlin spokesman Dmitry Peskov told reporters on Monday.",
            Monday));
        var whiteHouse = MeetingAnalyzer.Default.Analyze(Article.FromText(
            "White House says no Trump-Putin meeting planned",
            "White House press secretary Karoline Leavitt said on Wednesday that there are no plans for President Donald Trump to meet Russian President Vladimir Putin in Budapest.",
            Monday.AddDays(2)));
        var folder = new StoryFolder(TimeSpan.FromDays(14), 0.7);
        var stories = new List<Story>();

        folder.Fold(stories, Report(Assert.Single(kremlin.Meetings), Monday), Monday);
        folder.Fold(stories, Report(Assert.Single(whiteHouse.Meetings), Monday.AddDays(2)), Monday.AddDays(2));

        var story = Assert.Single(stories);
        Assert.Equal(StoryStatus.Contested, story.Status);
        Assert.Equal("Budapest", story.Where);
    }
}
