using FeedWatch.Analysis;

namespace FeedWatch.Tests.Analysis;

/// <summary>Who meets: names in any spelling, roles resolved by the article's date, unknown titled leaders, references back.</summary>
public class ParticipantTests
{
    [Theory]
    // ---- spellings and short names ---------------------------------------------------------------------------
    [InlineData("Zelenskiy will meet Erdogan in Ankara on Thursday.", "Volodymyr Zelensky|Recep Tayyip Erdogan")]
    [InlineData("Volodymyr Zelenskyy is expected to meet Olaf Scholz in Berlin on Sunday.", "Volodymyr Zelensky|Olaf Scholz")]
    [InlineData("Modi and Sharif are expected to meet on the sidelines of the SCO summit in Astana in early July.", "Narendra Modi|Shehbaz Sharif")]
    // ---- leaders the gazetteer does not know, named with their title ----------------------------------------
    [InlineData("Malawian President Lazarus Chakwera will meet Kenyan President William Ruto in Nairobi on Friday.", "Lazarus Chakwera|William Ruto")]
    [InlineData("On Friday, President Lazarus Chakwera of Malawi will meet Kenyan President William Ruto.", "Lazarus Chakwera|William Ruto")]
    [InlineData("Ruto will hold talks with Malawian President Lazarus Chakwera on Friday, his office said.", "William Ruto|Lazarus Chakwera")]
    // ---- spokespeople speak about the meeting; they are not in it --------------------------------------------
    [InlineData("White House press secretary Karine Jean-Pierre said Biden would meet Xi in Bali on Monday.", "Joe Biden|Xi Jinping")]
    [InlineData("Peskov said Putin would receive Hungarian Prime Minister Viktor Orban in Moscow on Friday.", "Vladimir Putin|Viktor Orban")]
    // ---- a host country stands for its leader ----------------------------------------------------------------
    [InlineData("Turkey has offered to host a meeting between Putin and Zelensky.", "Vladimir Putin|Volodymyr Zelensky|Recep Tayyip Erdogan")]
    public void The_participants_are_the_leaders_who_meet(string sentence, string participants)
    {
        var meeting = Analyse.OneMeeting(sentence);

        Assert.Equal(participants.Split('|').Order(), meeting.Participants.Order());
    }

    [Theory]
    // ---- a role means its holder on the day the article was published ----------------------------------------
    [InlineData(2010, 4, 1, "Dmitry Medvedev|Barack Obama")]
    [InlineData(2018, 7, 2, "Vladimir Putin|Donald Trump")]
    [InlineData(2024, 3, 10, "Vladimir Putin|Joe Biden")]
    public void A_role_is_resolved_by_the_publication_date(int year, int month, int day, string participants)
    {
        var meeting = Analyse.OneMeeting("The Russian president will meet the U.S. president in Prague next week.", published: Analyse.On(year, month, day));

        Assert.Equal(participants.Split('|').Order(), meeting.Participants.Order());
    }

    [Fact]
    public void The_two_leaders_refers_back_to_the_leaders_of_the_story()
    {
        var result = Analyse.Body(
            "Macron arrived in Beijing on Wednesday for a state visit hosted by Chinese President Xi Jinping.\n" +
            "The two leaders will hold talks on Thursday and attend a banquet in the evening, officials said.");

        // The visit under way is held; the talks the second sentence announces are planned, between the same two.
        var talks = Assert.Single(result.Meetings, m => m.Statuses.Contains(MeetingStatus.Planned));
        Assert.Equal(["Emmanuel Macron", "Xi Jinping"], talks.Participants.Order());
        Assert.Equal("2025-03-13", talks.Date?.ToString());
        Assert.Contains("The two leaders", Assert.Single(talks.Claims).Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_description_of_a_leader_refers_to_the_leader_named_before_it()
    {
        var meeting = Analyse.OneMeeting(
            "Russian President Vladimir Putin's spokesperson said on Friday that the Russian leader plans to meet with U.S. President Donald Trump in Da Nang.");

        Assert.Equal(["Donald Trump", "Vladimir Putin"], meeting.Participants.Order());
    }
}
