using FeedWatch.Analysis;
using FeedWatch.Stories;
using static FeedWatch.Tests.Stories.StoryData;

namespace FeedWatch.Tests.Stories;

public sealed class StoryFolderTests
{
    private readonly StoryFolder _folder = new(TimeSpan.FromDays(14), 0.7);
    private readonly List<Story> _stories = [];

    private Story? Fold(StoryReport r) => _folder.Fold(_stories, r, r.ReportedUtc);

    [Fact]
    public void Reports_of_the_same_leaders_in_either_order_fold_into_one_story()
    {
        var first = Fold(Report(Meeting(PutinTrump, "Helsinki", null, KremlinYes), Monday));
        var second = Fold(Report(Meeting(TrumpPutin, "Helsinki", null, WhiteHouseNo), Monday.AddDays(2)));

        Assert.Same(first, second);
        var story = Assert.Single(_stories);
        Assert.Equal(2, story.Originals.Count());
        Assert.Equal(Story.KeyOf(PutinTrump), Story.KeyOf(TrumpPutin));
    }

    [Fact]
    public void A_report_months_after_the_story_starts_a_new_story()
    {
        Fold(Report(Meeting(PutinTrump, null, null, KremlinYes), Monday));
        Fold(Report(Meeting(PutinTrump, null, null, KremlinYes), Monday.AddDays(90)));

        Assert.Equal(2, _stories.Count);
    }

    [Fact]
    public void A_report_that_names_the_meeting_s_date_joins_the_story_reported_weeks_before_it()
    {
        // Announced on 2 March for 10 to 12 April; a report of 9 April about the same summit joins it.
        Fold(Report(Meeting(PutinTrump, "Budapest", new DateRange(new DateOnly(2026, 4, 10), new DateOnly(2026, 4, 12)), KremlinYes), Monday));
        Fold(Report(Meeting(PutinTrump, "Budapest", null, WhiteHouseNo), new DateTimeOffset(2026, 4, 9, 8, 0, 0, TimeSpan.Zero)));

        Assert.Equal(2, Assert.Single(_stories).Reports.Count);
    }

    [Fact]
    public void A_report_at_a_place_in_another_country_starts_a_new_story()
    {
        Fold(Report(Meeting(PutinTrump, "Hamburg", null, KremlinYes), Monday));
        Fold(Report(Meeting(PutinTrump, "Da Nang", null, KremlinYes), Monday.AddDays(1)));

        Assert.Equal(2, _stories.Count);
    }

    [Theory]
    [InlineData("Beijing", "China")]
    [InlineData("Asia-Pacific Economic Cooperation summit in Beijing", "Asia-Pacific Economic Cooperation summit")]
    [InlineData("Moscow", "the Kremlin")]
    [InlineData("Helsinki", "the summit")]
    public void Places_not_known_to_differ_are_compatible(string a, string b) =>
        Assert.True(StoryFolder.PlacesCompatible([a], [b]), $"{a} / {b}");

    [Theory]
    [InlineData("Beijing", "Brisbane")]
    [InlineData("G20 summit in Hamburg", "Asia-Pacific Economic Cooperation summit in Da Nang")]
    public void Places_in_different_countries_are_not(string a, string b) =>
        Assert.False(StoryFolder.PlacesCompatible([a], [b]), $"{a} / {b}");

    [Fact]
    public void Two_meetings_of_one_article_never_fold_together()
    {
        var planned = Report(Meeting(PutinTrump, null, null, KremlinYes), Monday, item: 77, ordinal: 1);
        var background = planned with { Ordinal = 2, Meeting = Meeting(PutinTrump, null, null, TheyMet) };

        Fold(planned);
        var joined = Fold(background);

        Assert.Null(joined);
        Assert.Single(Assert.Single(_stories).Reports);
    }

    [Fact]
    public void A_held_meeting_with_no_story_to_join_is_background_and_starts_none()
    {
        Assert.Null(Fold(Report(Meeting(PutinTrump, "Anchorage", null, TheyMet), Monday)));
        Assert.Empty(_stories);
    }

    [Fact]
    public void The_same_article_through_two_feeds_counts_once()
    {
        var original = Report(Meeting(PutinTrump, null, null, KremlinYes), Monday, "Wire");
        var again = Report(Meeting(PutinTrump, null, null, KremlinYes), Monday.AddHours(1), "World feed of the same wire", link: original.Link, text: "a shorter summary of the article in the second feed");

        Fold(original);
        Fold(again);

        var story = Assert.Single(_stories);
        Assert.Equal(original.ItemId, Assert.Single(story.Reports, r => r.DuplicateOf is not null).DuplicateOf);
        Assert.Single(story.Originals);
    }

    [Fact]
    public void A_syndicated_copy_with_another_headline_and_a_line_added_counts_once()
    {
        const string text = "Russian President Vladimir Putin and U.S. President Donald Trump will meet in Budapest in the coming weeks, " +
            "Kremlin spokesman Dmitry Peskov told reporters on Monday. Preparations for the summit were under way, he said, " +
            "but no date had been fixed. The two leaders last spoke by phone on Thursday, a call both sides described as productive. " +
            "Hungary's prime minister welcomed the choice of his capital and said the city was ready to host the talks.";
        Fold(Report(Meeting(PutinTrump, "Budapest", null, KremlinYes), Monday, "Wire", text: text));
        Fold(Report(Meeting(PutinTrump, "Budapest", null, KremlinYes), Monday.AddHours(3), "Regional daily", text: text + " Additional reporting by the regional desk."));

        var story = Assert.Single(_stories);
        Assert.Single(story.Originals);
        Assert.Equal(StoryStatus.Planned, story.Status);
    }

    [Fact]
    public void Two_articles_written_apart_about_the_same_meeting_both_count()
    {
        Fold(Report(Meeting(PutinTrump, null, null, KremlinYes), Monday, "Wire"));
        Fold(Report(Meeting(PutinTrump, null, null, KremlinYes), Monday.AddHours(3), "Another wire"));

        Assert.Equal(2, Assert.Single(_stories).Originals.Count());
    }

    [Fact]
    public void A_report_folded_again_after_a_reanalysis_rejoins_its_story_even_out_of_the_window()
    {
        var story = Fold(Report(Meeting(PutinTrump, null, null, KremlinYes), Monday))!;
        story.Id = 42;
        var late = Report(Meeting(PutinTrump, null, null, KremlinYes), Monday.AddDays(60));

        var joined = _folder.Fold(_stories, late, late.ReportedUtc, [42]);

        Assert.Same(story, joined);
    }
}
