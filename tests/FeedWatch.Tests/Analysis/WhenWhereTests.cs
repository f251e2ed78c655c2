using FeedWatch.Analysis;

namespace FeedWatch.Tests.Analysis;

/// <summary>Where and when: the place nearest the trigger, the event, and dates resolved against the publication day.</summary>
public class WhenWhereTests
{
    [Theory]
    // ---- weekdays and relative phrases, from Monday 10 March 2025 -----------------------------------------------
    [InlineData("French President Emmanuel Macron will meet German Chancellor Olaf Scholz in Berlin on Friday, the Elysee said.", "Friday", "2025-03-14")]
    [InlineData("Chinese President Xi Jinping is due to hold talks with Brazilian President Luiz Inacio Lula da Silva next week.", "next week", "2025-03-17/2025-03-23")]
    [InlineData("Indian Prime Minister Narendra Modi will travel to Washington next month for talks with President Joe Biden.", "next month", "2025-04-01/2025-04-30")]
    [InlineData("Putin and Xi will meet later this month.", "later this month", "2025-03-16/2025-03-31")]
    // ---- calendar dates ----------------------------------------------------------------------------------------
    [InlineData("Japanese Prime Minister Fumio Kishida is set to host South Korean President Yoon Suk Yeol in Tokyo on March 16.", "March 16", "2025-03-16")]
    [InlineData("The Kremlin said Vladimir Putin and Recep Tayyip Erdogan were scheduled to meet in Sochi on Sept. 4.", "Sept. 4", "2025-09-04")]
    [InlineData("Modi and Sharif are expected to meet on the sidelines of the SCO summit in Astana in early July.", "early July", "2025-07-01/2025-07-10")]
    // ---- a past month is the last one of that name ---------------------------------------------------------------
    [InlineData("Putin and Xi met in Beijing in October, their 40th meeting.", "October", "2024-10-01/2024-10-31")]
    public void The_date_is_resolved_against_the_publication_day(string sentence, string when, string date)
    {
        var meeting = Analyse.OneMeeting(sentence);

        Assert.Equal(when, meeting.When);
        Assert.Equal(date, meeting.Date?.ToString());
    }

    [Theory]
    // ---- cities and venues ---------------------------------------------------------------------------------------
    [InlineData("French President Emmanuel Macron will meet German Chancellor Olaf Scholz in Berlin on Friday, the Elysee said.", "Berlin")]
    [InlineData("Biden will host Japanese Prime Minister Fumio Kishida at the White House on April 10.", "White House")]
    [InlineData("Macron will receive Scholz at the Elysee on Tuesday evening.", "Elysee")]
    [InlineData("Orban will travel to the Kremlin to meet Putin.", "Kremlin")]
    // ---- a seat of power that speaks is a side, not the place ------------------------------------------------------
    [InlineData("The White House said Biden would meet Xi in San Francisco.", "San Francisco")]
    public void The_place_is_where_the_meeting_is_not_who_speaks(string sentence, string where)
    {
        var meeting = Analyse.OneMeeting(sentence);

        Assert.Equal(where, meeting.Where);
    }

    [Fact]
    public void A_multilateral_event_is_reported_as_the_event_with_its_city()
    {
        var meeting = Analyse.OneMeeting("Modi and Sharif are expected to meet on the sidelines of the SCO summit in Astana in early July.");

        Assert.Equal("Astana", meeting.Where);
        Assert.Equal("SCO summit in Astana", meeting.Event);
    }

    [Fact]
    public void Without_a_publication_date_relative_dates_stay_words()
    {
        var result = MeetingAnalyzer.Default.Analyze(Article.FromText("", "Putin and Erdogan will meet in Sochi next week."));

        var meeting = Assert.Single(result.Meetings);
        Assert.Equal("next week", meeting.When);
        Assert.Null(meeting.Date);
    }
}
