namespace FeedWatch.Benchmarks;

/// <summary>The pages every benchmark works through: DIR/*/source.html, read once, in ordinal order.</summary>
public static class PageSet
{
    public const string DirectoryVariable = "FEEDWATCH_BENCHMARK_PAGES";

    private static readonly Lazy<List<string>> Pages = new(Load);

    public static IReadOnlyList<string> Html => Pages.Value;

    private static List<string> Load()
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable)
            ?? throw new InvalidOperationException($"{DirectoryVariable} is not set; run the benchmarks through Program with the pages directory as the first argument.");
        return Directory.GetDirectories(directory)
            .Order(StringComparer.Ordinal)
            .Select(d => Path.Combine(d, "source.html"))
            .Where(File.Exists)
            .Select(File.ReadAllText)
            .ToList();
    }
}
