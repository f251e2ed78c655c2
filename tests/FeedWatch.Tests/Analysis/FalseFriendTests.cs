namespace FeedWatch.Tests.Analysis;

/// <summary>Words that look like a meeting of leaders and are not one.</summary>
public class FalseFriendTests
{
    [Theory]
    // ---- phone and video contacts --------------------------------------------------------------------------
    [InlineData("Putin and Biden spoke by phone for nearly an hour on Tuesday.")]
    [InlineData("Zelensky held a video call with European leaders on Monday.")]
    [InlineData("Macron and Scholz held talks by video link on Thursday, the Elysee said.")]
    [InlineData("Erdogan told Putin in a phone call that Turkey was ready to host talks between Russia and Ukraine.")]
    // ---- "meet" that is not a meeting ----------------------------------------------------------------------
    [InlineData("Macron said the government would meet the demands of farmers.")]
    [InlineData("Scholz's plan was met with criticism from the opposition.")]
    [InlineData("Biden said the United States would meet its commitments to NATO allies.")]
    // ---- bodies and people who are not leaders -------------------------------------------------------------
    [InlineData("The UN Security Council will meet on Friday to discuss the situation in Gaza.")]
    [InlineData("The foreign ministers of Greece and Turkey will meet in Athens next week.")]
    [InlineData("Trade unions will meet with employers on Monday.")]
    [InlineData("Lawmakers will meet behind closed doors on Wednesday to discuss the budget.")]
    public void Not_a_meeting_of_leaders(string sentence)
    {
        var result = Analyse.Body(sentence);

        Assert.False(result.Relevant, Analyse.Describe(result));
        Assert.Empty(result.Meetings);
    }
}
