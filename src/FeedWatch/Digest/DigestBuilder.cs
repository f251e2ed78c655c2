using FeedWatch.Configuration;
using FeedWatch.Jobs;
using FeedWatch.Storage;
using FeedWatch.Stories;

namespace FeedWatch.Digest;

/// <summary>What the next digest holds: the stories changed since the last digest that showed them, the feeds' health, who gets what.</summary>
public sealed class DigestContent
{
    private readonly DigestComposer _composer;

    internal DigestContent(DigestComposer composer, DateTimeOffset now, IReadOnlyList<ChangedStory> changed, IReadOnlyList<Story> unchanged,
        FeedHealthView health, IReadOnlyList<Recipient> recipients)
    {
        _composer = composer;
        Now = now;
        Changed = changed;
        Unchanged = unchanged;
        Health = health;
        Recipients = recipients;
    }

    public DateTimeOffset Now { get; }

    /// <summary>New stories, stories whose status changed, stories with a party heard for the first time; latest report first.</summary>
    public IReadOnlyList<ChangedStory> Changed { get; }

    /// <summary>Stories with new reports but nothing worth a line (a party heard before, saying the same).</summary>
    public IReadOnlyList<Story> Unchanged { get; }

    public FeedHealthView Health { get; }

    public IReadOnlyList<Recipient> Recipients { get; }

    /// <summary>The stories <paramref name="recipient"/> gets (every one for null: the unaddressed copy).</summary>
    public IReadOnlyList<ChangedStory> StoriesFor(Recipient? recipient) =>
        recipient is null ? Changed : [.. Changed.Where(c => recipient.Wants(c.Story))];

    /// <summary>The message <paramref name="recipient"/> would get now (null: the full, unaddressed digest), even when it holds nothing.</summary>
    public DraftMessage Render(Recipient? recipient) => _composer.Compose(recipient, StoriesFor(recipient), Health, Now);

    /// <summary>
    /// The digest to record, or null when there is nothing to send: no story changed and no one asked for a
    /// heartbeat. With no recipient configured (pickup folder only), one unaddressed copy holds every story.
    /// </summary>
    public DigestDraft? ToDraft()
    {
        var messages = new List<DraftMessage>();
        if (Recipients.Count == 0)
        {
            if (Changed.Count > 0) messages.Add(Render(null));
        }
        else
        {
            foreach (var r in Recipients)
            {
                var mine = StoriesFor(r);
                if (mine.Count > 0 || r.Heartbeat) messages.Add(_composer.Compose(r, mine, Health, Now));
            }
        }
        if (Changed.Count == 0 && messages.Count == 0) return null;
        var announced = Changed.Select(c => new AnnouncedStory(c.Story.Id, c.Story.Status, c.Story.Parties,
                [.. c.Story.Reports.Where(r => r.IsNew).Select(r => (r.ItemId, r.Ordinal))]))
            // Stories changed in nothing worth telling keep what was announced; recording them again only stops
            // them being looked at by every later digest.
            .Concat(Unchanged.Select(s => new AnnouncedStory(s.Id, s.AnnouncedStatus ?? s.Status, s.AnnouncedParties, [])))
            .ToList();
        var summary = Changed.Count == 0 ? "heartbeat" : $"{Changed.Count} {(Changed.Count == 1 ? "story" : "stories")}";
        return new DigestDraft(Now, summary, messages, announced);
    }
}

/// <summary>Reads what changed since the last digest and prepares the next one (nothing is recorded or sent here).</summary>
public sealed class DigestBuilder
{
    private readonly IStoryStore _store;
    private readonly FeedWatchSettings _settings;
    private readonly FeedRegistry _registry;
    private readonly DigestRenderer _renderer;

    public DigestBuilder(IStoryStore store, FeedWatchSettings settings, FeedRegistry registry)
    {
        _store = store;
        _settings = settings;
        _registry = registry;
        _renderer = settings.DigestRenderer;
    }

    public async Task<DigestContent> PrepareAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var options = _settings.Options.Digest;
        var composer = new DigestComposer(options, _settings.DigestTimeZone, _renderer);
        var stories = await _store.LoadStoriesChangedSinceAnnouncedAsync(cancellationToken).ConfigureAwait(false);
        var changed = new List<ChangedStory>();
        var unchanged = new List<Story>();
        foreach (var s in stories)
        {
            if (s.ChangeSinceAnnounced() is { } change) changed.Add(new ChangedStory(s, change));
            else unchanged.Add(s);
        }
        changed = [.. changed.OrderByDescending(c => c.Story.Originals.Max(r => r.ReportedUtc)).ThenByDescending(c => c.Story.Id)];
        // The feeds polled now: the registry in the running worker (it follows configuration changes), else the configuration.
        var configured = (_registry.All.Count > 0 ? _registry.All : _settings.EnabledFeeds).Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var health = composer.FeedHealth(await _store.GetFeedActivityAsync(cancellationToken).ConfigureAwait(false), configured, now);
        return new DigestContent(composer, now, changed, unchanged, health, Recipient.All(options));
    }
}
