using System.Drawing;
using FeedWatch.Cli;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace FeedWatch.IntegrationTests;

/// <summary>
/// The digest's HTML as a person sees it: Debian's Chromium, headless, through its chromedriver (Selenium). Set
/// FEEDWATCH_UPDATE_SCREENSHOT=1 to write the seeds' screenshot to deploy/docs/digest.png (the README shows it).
/// </summary>
public sealed class ChromiumTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private const string DriverFolder = "/usr/bin";
    private readonly string _dir = Worker.NewDataDirectory();
    private FeedServer _server = null!;

    public async Task InitializeAsync() => _server = await FeedServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static ChromeDriver Browser()
    {
        if (!File.Exists(Chromium) || !File.Exists(Path.Combine(DriverFolder, "chromedriver")))
        {
            Assert.Fail("Debian's chromium and chromium-driver are needed (apt-get install -y chromium chromium-driver).");
        }
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1000,900", "--hide-scrollbars");
        // The driver is named outright, so Selenium never looks for one to download.
        var service = ChromeDriverService.CreateDefaultService(DriverFolder, "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(90));
    }

    private string OnceToPickup(object section)
    {
        var config = Worker.WriteConfig(_dir, section);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.True(OnceCommand.Run(["--config", config], stdout, stderr) == 0, stderr.ToString());
        return Directory.GetFiles(Path.Combine(_dir, "pickup"), "*.html").Single();
    }

    private static void AssertFitsItsColumn(ChromeDriver browser, int maxWidth)
    {
        var digest = browser.FindElement(By.Id("digest"));
        Assert.InRange(digest.Size.Width, 280, maxWidth);
        var right = digest.Location.X + digest.Size.Width;
        foreach (var cell in browser.FindElements(By.CssSelector("td.story, td.claim, div.quote, div.article, td.change")))
        {
            Assert.True(cell.Location.X + cell.Size.Width <= right + 1, $"an element overflows the {digest.Size.Width}px column: {cell.Text[..Math.Min(80, cell.Text.Length)]}");
        }
        Assert.True((bool)browser.ExecuteScript("return document.documentElement.scrollWidth <= document.documentElement.clientWidth;")!, "the page scrolls sideways");
    }

    [Fact]
    public void The_seed_digest_in_headless_Chromium_shows_every_story_and_fits_a_600px_column()
    {
        var html = OnceToPickup(new { DataDirectory = _dir });
        using var browser = Browser();

        browser.Navigate().GoToUrl(new Uri(html).AbsoluteUri);

        var stories = browser.FindElements(By.CssSelector("td.story"));
        Assert.Equal(5, stories.Count);
        Assert.All(stories, s => Assert.True(s.Displayed));
        var text = browser.FindElement(By.TagName("body")).Text;
        foreach (var expected in new[] { "What changed", "Vladimir Putin – Barack Obama", "Vladimir Putin – Donald Trump", "John Kerry – Sergei Lavrov", "CONTESTED", "Yury Ushakov", "Sarah Sanders", "Kerry Could Visit Russia in February, Sources Say" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        Assert.Equal(5, browser.FindElements(By.CssSelector("td.change")).Count);
        AssertFitsItsColumn(browser, 600);

        // The whole digest in one picture, at a desktop mail client's width.
        browser.Manage().Window.Size = new Size(680, 900);
        var height = Convert.ToInt32(browser.ExecuteScript("return document.documentElement.scrollHeight;"), System.Globalization.CultureInfo.InvariantCulture);
        browser.Manage().Window.Size = new Size(680, height + 20);
        var shot = Path.Combine(_dir, "digest.png");
        browser.GetScreenshot().SaveAsFile(shot);
        var png = File.ReadAllBytes(shot);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);
        if (Environment.GetEnvironmentVariable("FEEDWATCH_UPDATE_SCREENSHOT") == "1")
        {
            var target = Path.Combine(RepositoryRoot(), "deploy", "docs", "digest.png");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(shot, target, overwrite: true);
        }

        // A phone: the column narrows with the screen and nothing runs off its edge.
        browser.Manage().Window.Size = new Size(380, 800);
        AssertFitsItsColumn(browser, 380);
    }

    [Fact]
    public void A_script_in_a_title_shows_as_text_and_runs_nothing_and_a_10000_character_quote_wraps_in_the_column()
    {
        var recent = DateTimeOffset.UtcNow.AddHours(-1);
        var quote = "Russian President Vladimir Putin will meet Chinese President Xi Jinping in Beijing next week, the Kremlin said, "
            + string.Join(" ", Enumerable.Repeat("adding that the agenda would cover trade, energy, security and the situation in the region", 110)) + ".";
        Assert.True(quote.Length > 10_000);
        var unbroken = new string('x', 3000);
        _server.MapFeed("/hostile", FeedServer.Rss("Hostile <b>wire</b>",
            // A title whose text is markup (entity-encoded in the feed, as feeds carry literal angle brackets), and real markup the parser strips.
            ("h1", "&lt;script&gt;document.title='pwned'&lt;/script&gt; <img src=x onerror=\"document.title='pwned'\"> Putin and Xi to meet " + unbroken, quote, recent)));
        var html = OnceToPickup(new
        {
            DataDirectory = _dir,
            Feeds = new[] { new { Name = "hostile", Url = _server.Url("/hostile").ToString() } },
            Digest = new { MaxQuoteChars = 100_000 },
        });
        using var browser = Browser();

        browser.Navigate().GoToUrl(new Uri(html).AbsoluteUri);

        Assert.NotEqual("pwned", browser.Title);
        Assert.Empty(browser.FindElements(By.CssSelector("#digest script, #digest img")));
        var text = browser.FindElement(By.TagName("body")).Text;
        Assert.Contains("<script>document.title='pwned'</script>", text, StringComparison.Ordinal);
        Assert.Contains("adding that the agenda would cover trade", text, StringComparison.Ordinal);
        AssertFitsItsColumn(browser, 600);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FeedWatch.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("FeedWatch.sln not found above " + AppContext.BaseDirectory);
    }
}
