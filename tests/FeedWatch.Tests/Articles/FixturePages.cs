namespace FeedWatch.Tests.Articles;

/// <summary>The chrome-wrapped seed pages under Fixtures/Pages, each with the text it must extract to.</summary>
internal static class FixturePages
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Pages");

    public static IEnumerable<string> Names =>
        System.IO.Directory.GetFiles(Directory, "*.html").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static byte[] Page(string name) => File.ReadAllBytes(Path.Combine(Directory, name + ".html"));

    public static string PagePath(string name) => Path.Combine(Directory, name + ".html");

    /// <summary>The golden text: paragraphs separated by blank lines.</summary>
    public static IReadOnlyList<string> Expected(string name) =>
        File.ReadAllText(Path.Combine(Directory, name + ".expected.txt"))
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names) data.Add(name);
        return data;
    }
}
