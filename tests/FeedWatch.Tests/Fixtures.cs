namespace FeedWatch.Tests;

/// <summary>Where the test fixtures are: copied next to the test assembly, and in the source tree (for golden files).</summary>
internal static class Fixtures
{
    public static string Feeds => Path.Combine(AppContext.BaseDirectory, "Fixtures", "feeds");

    public static byte[] Feed(string name) => File.ReadAllBytes(Path.Combine(Feeds, name));

    /// <summary>The fixture folder in the source tree, found by walking up from the test assembly.</summary>
    public static string SourceFeeds
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "FeedWatch.Tests", "Fixtures", "feeds");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new DirectoryNotFoundException("tests/FeedWatch.Tests/Fixtures/feeds not found above " + AppContext.BaseDirectory);
        }
    }
}
