using FeedWatch.Configuration;
using FeedWatch.Digest;
using FeedWatch.Stories;
using Microsoft.Extensions.Configuration;
using static FeedWatch.Tests.Stories.StoryData;

namespace FeedWatch.Tests;

public sealed class RecipientTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("feedwatch-recipients-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Story StoryOf(string[] leaders, params FeedWatch.Analysis.Claim[] claims)
    {
        var stories = new List<Story>();
        return new StoryFolder(TimeSpan.FromDays(14), 0.7).Fold(stories, Report(Meeting(leaders, null, null, claims), Monday), Monday)!;
    }

    [Theory]
    [InlineData("Putin", true)]
    [InlineData("vladimir putin", true)]
    [InlineData("Russia", true)]
    [InlineData("United States", true)]
    [InlineData("U.S.", true)]
    [InlineData("Lavrov", false)]
    [InlineData("China", false)]
    public void A_watchlist_matches_a_leader_by_name_or_short_name_and_a_country_by_its_leaders(string entry, bool wanted)
    {
        var story = StoryOf(PutinTrump, KremlinYes);
        Assert.Equal(wanted, new Recipient("a@example.org", null, [entry], [], false).Wants(story));
    }

    [Fact]
    public void Statuses_of_interest_filter_the_stories_and_an_empty_watchlist_takes_every_leader()
    {
        var contested = StoryOf(PutinTrump, KremlinYes, WhiteHouseNo);
        var planned = StoryOf(["John Kerry", "Sergei Lavrov"], Said(FeedWatch.Analysis.MeetingStatus.Planned, "Maria Zakharova", "Russia", "Lavrov will receive Kerry in Moscow on Thursday, ministry spokeswoman Maria Zakharova said."));
        var onlyContested = new Recipient("a@example.org", null, [], [StoryStatus.Contested], false);

        Assert.Equal((StoryStatus.Contested, StoryStatus.Planned), (contested.Status, planned.Status));
        Assert.True(onlyContested.Wants(contested));
        Assert.False(onlyContested.Wants(planned));
    }

    [Fact]
    public void Recipients_are_the_To_addresses_then_the_entries_with_their_watchlists()
    {
        var options = new DigestOptions
        {
            To = ["all@example.org"],
            Heartbeat = true,
            Recipients = [new RecipientOptions { Address = "russia-desk@example.org", Watchlist = ["Russia"], Statuses = ["contested", "Planned"] }],
        };

        var all = Recipient.All(options);

        Assert.Equal(["all@example.org", "russia-desk@example.org"], all.Select(r => r.Address));
        Assert.True(all[0].Heartbeat);
        Assert.Equal([StoryStatus.Planned, StoryStatus.Contested], all[1].Statuses.Order());
    }

    [Fact]
    public void An_address_written_with_a_name_keeps_the_name_for_the_header_and_the_address_for_the_envelope()
    {
        var all = Recipient.All(new DigestOptions { To = ["Night desk <night@example.org>"], Recipients = [new RecipientOptions { Address = "Russia desk <russia@example.org>" }] });

        Assert.Equal([("night@example.org", "Night desk"), ("russia@example.org", "Russia desk")], all.Select(r => (r.Address, r.Name)));
    }

    [Theory]
    [InlineData("""{"Address":"Desk <analyst@example.org>"}""", "FeedWatch:Digest:Recipients[0]:Address")]
    [InlineData("""{"Address":"ok@example.org"},{"Address":"desk@example.org","Watchlist":[""]}""", "FeedWatch:Digest:Recipients[1]:Watchlist[0]")]
    [InlineData("""{"Address":"desk@example.org","Statuses":["rumoured"]}""", "FeedWatch:Digest:Recipients[0]:Statuses[0]")]
    [InlineData("""{"Address":"not an address"}""", "FeedWatch:Digest:Recipients[0]:Address")]
    [InlineData("""{"Address":"analyst@example.org"}""", "FeedWatch:Digest:Recipients[0]:Address")]
    public void A_bad_recipient_is_an_error_naming_the_key(string recipients, string key)
    {
        var path = Path.Combine(_dir, "c.json");
        File.WriteAllText(path, """{"FeedWatch":{"Digest":{"To":["analyst@example.org"],"Recipients":[""" + recipients + "]}}}");
        var settings = FeedWatchSettings.Resolve(ConfigurationLoader.Bind(new ConfigurationBuilder().AddJsonFile(path).Build()), _dir, _dir);
        Assert.Contains(settings.Errors, e => e.StartsWith(key, StringComparison.Ordinal));
    }

    [Fact]
    public void A_watchlist_entry_FeedWatch_does_not_know_is_a_warning_naming_the_key()
    {
        var path = Path.Combine(_dir, "c.json");
        File.WriteAllText(path, """{"FeedWatch":{"Digest":{"Recipients":[{"Address":"desk@example.org","Watchlist":["Putn"]}]}}}""");
        var settings = FeedWatchSettings.Resolve(ConfigurationLoader.Bind(new ConfigurationBuilder().AddJsonFile(path).Build()), _dir, _dir);
        Assert.Empty(settings.Errors);
        Assert.Contains(settings.Warnings, w => w.StartsWith("FeedWatch:Digest:Recipients[0]:Watchlist[0] \"Putn\" is neither a leader nor a country", StringComparison.Ordinal));
    }

    [Fact]
    public void An_SMTP_host_with_no_one_to_send_to_is_an_error()
    {
        var path = Path.Combine(_dir, "c.json");
        File.WriteAllText(path, """{"FeedWatch":{"Smtp":{"Host":"127.0.0.1","Port":2525,"Security":"None"}}}""");
        var settings = FeedWatchSettings.Resolve(ConfigurationLoader.Bind(new ConfigurationBuilder().AddJsonFile(path).Build()), _dir, _dir);
        Assert.Contains(settings.Errors, e => e.StartsWith("FeedWatch:Smtp:Host is set but no one gets the digest", StringComparison.Ordinal));
    }
}
