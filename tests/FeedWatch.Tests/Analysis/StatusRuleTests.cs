using FeedWatch.Analysis;

namespace FeedWatch.Tests.Analysis;

/// <summary>
/// One sentence, one meeting: the status the sentence supports and the rule that decided it. The sentences
/// are written in the style of wire reporting; the seeds' own sentences are in <see cref="SeedTests"/>.
/// </summary>
public class StatusRuleTests
{
    [Theory]
    // ---- planned: scheduled, expected, set, due, agreed -------------------------------------------------
    [InlineData("French President Emmanuel Macron will meet German Chancellor Olaf Scholz in Berlin on Friday, the Elysee said.", MeetingStatus.Planned, "planned")]
    [InlineData("Chinese President Xi Jinping is due to hold talks with Brazilian President Luiz Inacio Lula da Silva next week.", MeetingStatus.Planned, "planned")]
    [InlineData("The Kremlin said Vladimir Putin and Recep Tayyip Erdogan were scheduled to meet in Sochi on Sept. 4.", MeetingStatus.Planned, "planned")]
    [InlineData("Indian Prime Minister Narendra Modi will travel to Washington next month for talks with President Joe Biden.", MeetingStatus.Planned, "planned")]
    [InlineData("Japanese Prime Minister Fumio Kishida is set to host South Korean President Yoon Suk Yeol in Tokyo on March 16.", MeetingStatus.Planned, "planned")]
    [InlineData("Peskov said Putin would receive Hungarian Prime Minister Viktor Orban in Moscow on Friday.", MeetingStatus.Planned, "planned")]
    // ---- possible: could, may, offered, open to, discussing, considering --------------------------------
    [InlineData("Ukrainian President Volodymyr Zelenskyy could meet Putin if talks in Istanbul make progress, an aide said.", MeetingStatus.Possible, "possible")]
    [InlineData("Turkey has offered to host a meeting between Putin and Zelensky.", MeetingStatus.Possible, "possible")]
    [InlineData("Biden said he would be open to meeting Kim Jong Un under the right conditions.", MeetingStatus.Possible, "possible")]
    [InlineData("Officials are discussing a possible summit between Xi and Biden in San Francisco, according to people familiar with the matter.", MeetingStatus.Possible, "possible")]
    // ---- double negation: not ruled out is possible ------------------------------------------------------
    [InlineData("A meeting between Netanyahu and Mohammed bin Salman has not been ruled out, a senior official said.", MeetingStatus.Possible, "not-ruled-out")]
    [InlineData("Peskov did not rule out a meeting between Putin and Trump.", MeetingStatus.Possible, "not-ruled-out")]
    // ---- denied: no plans, will not meet, denied reports ---------------------------------------------------
    [InlineData("Kremlin spokesman Dmitry Peskov said there were no plans for Putin to meet Zelensky.", MeetingStatus.Denied, "denied")]
    [InlineData("The White House denied reports that Biden would meet Xi on the sidelines of the G20 summit.", MeetingStatus.Denied, "denied")]
    [InlineData("Erdogan will not meet Netanyahu during his visit to New York, his office said.", MeetingStatus.Denied, "denied")]
    [InlineData("There are currently no preparations for a meeting between Putin and Biden, Peskov told reporters.", MeetingStatus.Denied, "denied")]
    // ---- cancelled: called off, postponed ------------------------------------------------------------------
    [InlineData("Biden called off his meeting with Indian Prime Minister Narendra Modi to return to Washington for debt ceiling talks.", MeetingStatus.Cancelled, "cancelled")]
    [InlineData("A planned meeting between Macron and Algerian President Abdelmadjid Tebboune has been postponed, the Elysee said.", MeetingStatus.Cancelled, "cancelled")]
    // ---- held: background, past tense, past dates ----------------------------------------------------------
    [InlineData("Putin and Xi met in Beijing in October, their 40th meeting.", MeetingStatus.Held, "tense")]
    [InlineData("Macron hosted Scholz for dinner at the Elysee Palace on Wednesday.", MeetingStatus.Held, "tense")]
    [InlineData("The summit between Kim Jong Un and Donald Trump in Hanoi was cut short after the two leaders failed to reach a deal.", MeetingStatus.Held, "held")]
    public void A_sentence_gets_the_status_its_words_support(string sentence, MeetingStatus status, string rule)
    {
        var meeting = Analyse.OneMeeting(sentence);

        Assert.Equal([status], meeting.Statuses);
        var claim = Assert.Single(meeting.Claims);
        Assert.StartsWith(rule + ":", claim.Reason, StringComparison.Ordinal);
        Assert.Equal(sentence, claim.Sentence);
    }

    [Theory]
    // ---- reports of reports: a plan that only unnamed sources or the media speak of is possible ------------
    [InlineData("Russian media reported that Putin would meet Kim Jong Un in Vladivostok, citing unnamed officials.")]
    [InlineData("The Japanese newspaper Asahi reported, citing sources, that Kishida is considering a visit to Beijing to meet Xi.")]
    public void A_plan_reported_only_by_unnamed_sources_is_possible(string sentence)
    {
        var meeting = Analyse.OneMeeting(sentence);

        Assert.Equal([MeetingStatus.Possible], meeting.Statuses);
        Assert.Equal("unnamed sources", Assert.Single(meeting.Claims).Side);
    }

    [Theory]
    // ---- no comment: nobody confirms or denies, so the sentence gives no status ----------------------------
    [InlineData("Peskov declined to comment on whether Putin would meet Macron.")]
    [InlineData("The Kremlin said it had not yet announced any meeting between Putin and Biden.")]
    [InlineData("Chinese Foreign Ministry spokesperson Mao Ning said there was no information about a meeting between Xi and Biden.")]
    [InlineData("A White House spokesperson did not say whether Biden would meet Modi in Delhi.")]
    public void A_side_that_neither_confirms_nor_denies_gives_the_meeting_no_status(string sentence)
    {
        var result = Analyse.Body(sentence);

        Assert.False(result.Relevant, Analyse.Describe(result));
        Assert.Empty(result.Meetings);
    }

    [Fact]
    public void A_sentence_with_a_claim_and_a_denial_keeps_both_with_their_speakers()
    {
        var meeting = Analyse.OneMeeting("Ukrainian officials said Zelensky was ready to meet Putin, but the Kremlin said no meeting was planned.");

        Assert.Equal([MeetingStatus.Possible, MeetingStatus.Denied], meeting.Statuses);
        Assert.Contains(meeting.Claims, c => c.Status == MeetingStatus.Possible && c.Side == "Ukraine");
        Assert.Contains(meeting.Claims, c => c.Status == MeetingStatus.Denied && c.Speaker == "Kremlin" && c.Side == "Russia");
    }

    [Fact]
    public void A_rumour_then_a_date_keeps_both_statuses_and_the_claims_in_article_order()
    {
        var meeting = Analyse.OneMeeting(
            "Putin and Erdogan could meet later this month, two sources familiar with the preparations said.\n" +
            "Kremlin aide Yuri Ushakov later said the two leaders would hold talks in Sochi on March 24.");

        Assert.Equal([MeetingStatus.Planned, MeetingStatus.Possible], meeting.Statuses.Order());
        Assert.Equal([MeetingStatus.Possible, MeetingStatus.Planned], meeting.Claims.Select(c => c.Status));
        Assert.Equal(new DateRange(new DateOnly(2025, 3, 24), new DateOnly(2025, 3, 24)), meeting.Date);
        Assert.Equal("Sochi", meeting.Where);
    }
}
