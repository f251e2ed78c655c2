using FeedWatch.Configuration;

namespace FeedWatch.Jobs;

/// <summary>The feeds the worker polls now: replaced as a whole when the configuration changes, read by the jobs when they fire.</summary>
public sealed class FeedRegistry
{
    private volatile IReadOnlyDictionary<string, FeedDefinition> _feeds = new Dictionary<string, FeedDefinition>();

    public void Replace(IEnumerable<FeedDefinition> feeds) =>
        _feeds = feeds.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    public FeedDefinition? Find(string name) => _feeds.GetValueOrDefault(name);

    public IReadOnlyCollection<FeedDefinition> All => [.. _feeds.Values];
}
