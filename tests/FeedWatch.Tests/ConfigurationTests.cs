using FeedWatch.Cli;
using FeedWatch.Configuration;
using Microsoft.Extensions.Configuration;

namespace FeedWatch.Tests;

public sealed class ConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("feedwatch-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string json)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, json);
        return path;
    }

    private FeedWatchSettings Load(string json)
    {
        var root = new ConfigurationBuilder().AddJsonFile(Write("c.json", json)).Build();
        return FeedWatchSettings.Resolve(ConfigurationLoader.Bind(root), _dir, _dir);
    }

    [Fact]
    public void The_embedded_defaults_are_valid_and_poll_the_demo_feed()
    {
        var root = ConfigurationLoader.Build(AppContext.BaseDirectory, null, reloadOnChange: false);
        var settings = FeedWatchSettings.Resolve(ConfigurationLoader.Bind(root), AppContext.BaseDirectory, _dir);
        Assert.Empty(settings.Errors);
        var demo = Assert.Single(settings.EnabledFeeds);
        Assert.True(demo.IsLocalFile);
        Assert.True(File.Exists(demo.Url.LocalPath), demo.Url.LocalPath);
        Assert.Equal(Path.Combine(_dir, "data"), settings.DataDirectory);
    }

    [Fact]
    public void A_feed_list_in_a_later_file_replaces_the_earlier_list_instead_of_merging_into_it()
    {
        var first = Write("a.json", """{"FeedWatch":{"Feeds":[{"Name":"demo","Url":"file:demo.xml","FirstPollWindow":"36500.00:00:00","Schedule":"00:01:00"},{"Name":"second","Url":"https://b.example/feed"}]}}""");
        var second = Write("b.json", """{"FeedWatch":{"DataDirectory":"/tmp/x","Feeds":[{"Name":"feed1","Url":"http://127.0.0.1:8089/feeds/feed1.xml","FetchArticles":false}]}}""");
        var root = new ConfigurationBuilder().AddJsonFile(first).AddJsonFile(second).Build();
        var settings = FeedWatchSettings.Resolve(ConfigurationLoader.Bind(root), _dir, _dir);
        var feed = Assert.Single(settings.Feeds);
        Assert.Equal("feed1", feed.Name);
        Assert.Equal(TimeSpan.FromDays(2), feed.FirstPollWindow);
        Assert.Equal(TimeSpan.FromMinutes(15), feed.Schedule.Interval);
    }

    [Fact]
    public void A_value_that_does_not_convert_is_an_error_naming_the_key()
    {
        var settings = Load("""{"FeedWatch":{"Polling":{"Timeout":"ten seconds"}}}""");
        var error = Assert.Single(settings.Errors);
        Assert.Contains("FeedWatch:Polling:Timeout", error, StringComparison.Ordinal);
        Assert.Contains("00:00:30", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_config_shows_every_section_as_configured_and_only_the_secrets_replaced()
    {
        var options = Load("""{"FeedWatch":{"Cluster":{"CheckinInterval":"00:00:05"},"Telemetry":{"OtlpEndpoint":"http://collector:4318"},"Articles":{"MaxPagesPerPoll":7},"Smtp":{"Host":"mail","Password":"hunter2"}}}""").Options;
        var shown = CheckConfigCommand.Redact(options);

        // Every section: the same object, or (the two that hold secrets) a copy.
        foreach (var property in typeof(FeedWatchOptions).GetProperties())
        {
            if (property.Name is nameof(FeedWatchOptions.Smtp) or nameof(FeedWatchOptions.Storage)) continue;
            Assert.True(Equals(property.GetValue(options), property.GetValue(shown)), $"check-config does not show FeedWatch:{property.Name} as configured");
        }
        Assert.Equal(TimeSpan.FromSeconds(5), shown.Cluster.CheckinInterval);
        Assert.Equal("***", shown.Smtp.Password);
        Assert.Equal("mail", shown.Smtp.Host);
    }

    [Fact]
    public void The_production_template_in_deploy_is_a_valid_configuration_over_the_embedded_defaults()
    {
        var template = Path.Combine(AppContext.BaseDirectory, "deploy", "appsettings.production.json");
        var root = ConfigurationLoader.Build(AppContext.BaseDirectory, template, reloadOnChange: false);
        var settings = FeedWatchSettings.Resolve(ConfigurationLoader.Bind(root), AppContext.BaseDirectory, _dir);

        Assert.True(settings.IsValid, string.Join("\n", settings.Errors));
        Assert.Equal(["World wire", "Diplomacy desk", "Agency briefs"], settings.Feeds.Select(f => f.Name));
        Assert.Equal("smtp.example.org", settings.Options.Smtp.Host);
        Assert.Equal("Europe/Berlin", settings.DigestTimeZone.Id);
    }

    [Fact]
    public void The_cluster_section_is_read_and_checked()
    {
        var settings = Load("""{"FeedWatch":{"Cluster":{"CheckinInterval":"00:00:02","CheckinMisfireThreshold":"00:00:05"}}}""");
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)), (settings.Options.Cluster.CheckinInterval, settings.Options.Cluster.CheckinMisfireThreshold));

        var zero = Load("""{"FeedWatch":{"Cluster":{"CheckinInterval":"00:00:00"}}}""");
        Assert.Contains("FeedWatch:Cluster:CheckinInterval is 00:00:00", Assert.Single(zero.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"FeedWatch":{"Polling":{"Timeout":"00:00:00"}}}""", "FeedWatch:Polling:Timeout")]
    [InlineData("""{"FeedWatch":{"Polling":{"MaxFeedBytes":10}}}""", "FeedWatch:Polling:MaxFeedBytes")]
    [InlineData("""{"FeedWatch":{"Digest":{"Cron":"every morning"}}}""", "FeedWatch:Digest:Cron")]
    [InlineData("""{"FeedWatch":{"Digest":{"TimeZone":"Mars/Olympus"}}}""", "FeedWatch:Digest:TimeZone")]
    [InlineData("""{"FeedWatch":{"Digest":{"To":["not an address"]}}}""", "FeedWatch:Digest:To:0")]
    [InlineData("""{"FeedWatch":{"Smtp":{"Port":0}}}""", "FeedWatch:Smtp:Port")]
    [InlineData("""{"FeedWatch":{"Smtp":{"PasswordFile":"/no/such/secret"}}}""", "FeedWatch:Smtp:PasswordFile")]
    [InlineData("""{"FeedWatch":{"Storage":{"Provider":"PostgreSql"}}}""", "FeedWatch:Storage:ConnectionString")]
    [InlineData("""{"FeedWatch":{"Feeds":[{"Url":"https://a.example/f"}]}}""", "FeedWatch:Feeds:0:Name")]
    [InlineData("""{"FeedWatch":{"Feeds":[{"Name":"a","Url":"ftp://a.example/f"}]}}""", "FeedWatch:Feeds:0:Url")]
    [InlineData("""{"FeedWatch":{"Feeds":[{"Name":"a","Url":"https://a.example/f","Schedule":"hourly"}]}}""", "FeedWatch:Feeds:0:Schedule")]
    [InlineData("""{"FeedWatch":{"Feeds":[{"Name":"a","Url":"https://a.example/f"},{"Name":"A","Url":"https://b.example/f"}]}}""", "FeedWatch:Feeds:1:Name")]
    [InlineData("""{"FeedWatch":{"Feeds":[{"Name":"a","Url":"https://a.example/f","Interval":"00:10:00"}]}}""", "FeedWatch:Feeds:0:Interval")]
    public void A_bad_value_is_an_error_that_names_the_key(string json, string key)
    {
        var settings = Load(json);
        Assert.Contains(settings.Errors, e => e.StartsWith(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Schedules_are_intervals_or_cron_expressions()
    {
        var settings = Load("""{"FeedWatch":{"Feeds":[{"Name":"a","Url":"https://a.example/f","Schedule":"00:05:00"},{"Name":"b","Url":"https://b.example/f","Schedule":"0 */10 * * * ?"}]}}""");
        Assert.Empty(settings.Errors);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.Feeds[0].Schedule.Interval);
        Assert.Equal("0 */10 * * * ?", settings.Feeds[1].Schedule.Cron);
    }

    [Fact]
    public void The_OPML_feed_list_adds_feeds_and_may_not_name_local_files()
    {
        var opml = Write("feeds.opml", """
            <?xml version="1.0"?>
            <opml version="1.0"><head><title>newsboat</title></head><body>
              <outline text="World"><outline type="rss" text="Wire" xmlUrl="https://wire.example/rss"/></outline>
              <outline type="rss" title="Local" xmlUrl="file:///etc/passwd"/>
            </body></opml>
            """);
        var settings = Load("{\"FeedWatch\":{\"FeedsFile\":" + System.Text.Json.JsonSerializer.Serialize(opml) + "}}");
        Assert.Equal("Wire", Assert.Single(settings.Feeds).Name);
        Assert.Contains(settings.Errors, e => e.Contains("local file", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_config_prints_the_effective_configuration_with_the_password_redacted()
    {
        var config = Write("secret.json", """{"FeedWatch":{"Smtp":{"Host":"mail.example","User":"me","Password":"s3cret-Pa55"},"Digest":{"To":["analyst@example.org"]}}}""");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CheckConfigCommand.Run(["--config", config], stdout, stderr);
        Assert.Equal(0, code);
        Assert.DoesNotContain("s3cret-Pa55", stdout.ToString() + stderr, StringComparison.Ordinal);
        Assert.Contains("\"Password\": \"***\"", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("FeedWatch demo", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_config_fails_with_the_errors_listed()
    {
        var config = Write("bad.json", """{"FeedWatch":{"Polling":{"PerHostConcurrency":0}}}""");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(2, CheckConfigCommand.Run(["--config", config], stdout, stderr));
        Assert.Contains("FeedWatch:Polling:PerHostConcurrency", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_feed_fetches_its_articles_by_default_and_reaches_only_the_networks_it_allows()
    {
        var settings = Load("""{"FeedWatch":{"Feeds":[{"Name":"a","Url":"https://a.example/feed"},{"Name":"b","Url":"https://b.example/feed","FetchArticles":false,"AllowPrivateNetworks":["10.20.0.0/16","127.0.0.1"]}]}}""");

        Assert.Empty(settings.Errors);
        var a = settings.Feeds.Single(f => f.Name == "a");
        var b = settings.Feeds.Single(f => f.Name == "b");
        Assert.True(a.FetchArticles);
        Assert.Empty(a.AllowPrivateNetworks);
        Assert.False(b.FetchArticles);
        Assert.Equal(["10.20.0.0/16", "127.0.0.1/32"], b.AllowPrivateNetworks.Select(n => n.ToString()));
    }

    [Theory]
    [InlineData("""{"Name":"a","Url":"https://a.example/feed","AllowPrivateNetworks":["intranet"]}""", "FeedWatch:Feeds:0:AllowPrivateNetworks:0 \"intranet\" is not a network or an address")]
    [InlineData("""{"Name":"a","Url":"https://a.example/feed","AllowPrivateNetworks":"10.0.0.0/8"}""", "FeedWatch:Feeds:0:AllowPrivateNetworks \"10.0.0.0/8\" must be a list")]
    public void A_bad_network_list_is_an_error_naming_the_entry(string feed, string message)
    {
        var settings = Load($$$"""{"FeedWatch":{"Feeds":[{{{feed}}}]}}""");

        Assert.Contains(settings.Errors, e => e.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Timeout", "\"00:00:00\"", "FeedWatch:Articles:Timeout is 00:00:00")]
    [InlineData("MaxPageBytes", "10", "FeedWatch:Articles:MaxPageBytes is 10")]
    [InlineData("MaxPagesPerPoll", "-1", "FeedWatch:Articles:MaxPagesPerPoll is -1")]
    public void An_article_setting_out_of_range_is_an_error_naming_the_key(string key, string value, string message)
    {
        var settings = Load("{\"FeedWatch\":{\"Articles\":{\"" + key + "\":" + value + "}}}");

        Assert.Contains(settings.Errors, e => e.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_secret_named_by_a_FILE_variable_is_read_from_the_file_without_its_final_line_break()
    {
        var secret = Write("smtp-password", "s3cret pass\n");
        var environment = new System.Collections.Hashtable
        {
            ["FeedWatch__Smtp__Password_FILE"] = secret,
            ["OTHER_FILE"] = secret, // not FeedWatch's: left alone
            ["FeedWatch__Smtp__Host"] = "mail.example.org",
        };

        var values = ConfigurationLoader.SecretFiles(environment);

        Assert.Equal("s3cret pass", Assert.Single(values, v => v.Key == "FeedWatch:Smtp:Password").Value);
        Assert.Single(values);
    }

    [Fact]
    public void A_FILE_variable_naming_a_missing_file_stops_the_start_with_a_message_naming_both()
    {
        var environment = new System.Collections.Hashtable { ["FeedWatch__Smtp__Password_FILE"] = "/run/secrets/not-there" };

        var e = Assert.Throws<FormatException>(() => ConfigurationLoader.SecretFiles(environment));

        Assert.Contains("FeedWatch__Smtp__Password_FILE names /run/secrets/not-there, which cannot be read", e.Message, StringComparison.Ordinal);
    }
}
