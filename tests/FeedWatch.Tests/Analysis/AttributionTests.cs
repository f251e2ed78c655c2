namespace FeedWatch.Tests.Analysis;

/// <summary>According to whom: the speaker of each claim and the side the speaker speaks for.</summary>
public class AttributionTests
{
    [Theory]
    // ---- named people, with the side of their country ---------------------------------------------------------
    [InlineData("Kremlin spokesman Dmitry Peskov said there were no plans for Putin to meet Zelensky.", "Dmitry Peskov", "Russia")]
    [InlineData("White House press secretary Karine Jean-Pierre said Biden would meet Xi in Bali on Monday.", "Karine Jean-Pierre", "United States")]
    [InlineData("Biden said he would be open to meeting Kim Jong Un under the right conditions.", "Joe Biden", "United States")]
    // ---- offices and seats of power ----------------------------------------------------------------------------
    [InlineData("French President Emmanuel Macron will meet German Chancellor Olaf Scholz in Berlin on Friday, the Elysee said.", "Elysee", "France")]
    [InlineData("The White House denied reports that Biden would meet Xi on the sidelines of the G20 summit.", "White House", "United States")]
    [InlineData("Putin's spokesperson said the Russian leader planned to meet Trump in Da Nang, contradicting the stance of the White House that the leaders will not meet.", "White House", "United States")]
    // ---- unnamed sources ---------------------------------------------------------------------------------------
    [InlineData("Ukrainian President Volodymyr Zelenskyy could meet Putin if talks in Istanbul make progress, an aide said.", "aide", "unnamed sources")]
    [InlineData("Officials are discussing a possible summit between Xi and Biden in San Francisco, according to people familiar with the matter.", "people", "unnamed sources")]
    public void The_last_claim_names_its_speaker_and_side(string sentence, string speaker, string side)
    {
        var meeting = Analyse.OneMeeting(sentence);

        var claim = meeting.Claims[^1];
        Assert.Equal(speaker, claim.Speaker);
        Assert.Equal(side, claim.Side);
    }

    [Fact]
    public void The_article_s_own_narration_has_no_speaker()
    {
        var meeting = Analyse.OneMeeting("Putin and Xi met in Beijing in October, their 40th meeting.");

        var claim = Assert.Single(meeting.Claims);
        Assert.Null(claim.Speaker);
        Assert.Null(claim.Side);
    }
}
