using FeedWatch.Configuration;
using FeedWatch.Stories;
using MimeKit;

namespace FeedWatch.Digest;

/// <summary>
/// Who gets a digest and which stories: a plain <c>Digest:To</c> address gets every story; a <c>Digest:Recipients</c>
/// entry gets the stories whose leaders are on its watchlist (by name, short name, or a country they lead or led)
/// and whose status it is interested in.
/// </summary>
public sealed class Recipient
{
    private readonly HashSet<string> _leaders = new(StringComparer.Ordinal);
    private readonly HashSet<string> _countries = new(StringComparer.OrdinalIgnoreCase);

    public Recipient(string address, string? name, IEnumerable<string> watchlist, IEnumerable<StoryStatus> statuses, bool heartbeat)
    {
        ArgumentNullException.ThrowIfNull(watchlist);
        Address = address;
        Name = name;
        Watchlist = [.. watchlist.Where(w => !string.IsNullOrWhiteSpace(w)).Select(w => w.Trim())];
        Statuses = statuses.ToHashSet();
        Heartbeat = heartbeat;
        foreach (var entry in Watchlist)
        {
            _leaders.Add(WorldKnowledge.Fold(entry));
            foreach (var leader in WorldKnowledge.LeadersNamed(entry)) _leaders.Add(WorldKnowledge.Fold(leader));
            if (WorldKnowledge.CountryNamed(entry) is { } country) _countries.Add(country);
        }
    }

    public string Address { get; }

    public string? Name { get; }

    public IReadOnlyList<string> Watchlist { get; }

    public IReadOnlySet<StoryStatus> Statuses { get; }

    public bool Heartbeat { get; }

    public bool Wants(Story story)
    {
        ArgumentNullException.ThrowIfNull(story);
        if (Statuses.Count > 0 && !Statuses.Contains(story.Status)) return false;
        if (Watchlist.Count == 0) return true;
        foreach (var p in story.Participants)
        {
            if (_leaders.Contains(WorldKnowledge.Fold(p))) return true;
            if (_countries.Count > 0 && WorldKnowledge.CountriesOf(p).Any(_countries.Contains)) return true;
        }
        return false;
    }

    /// <summary>Everyone the configuration names: the To addresses, then the Recipients entries (validated at start).</summary>
    public static IReadOnlyList<Recipient> All(DigestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var list = new List<Recipient>();
        foreach (var to in options.To)
        {
            // "Desk <desk@example.org>" is an address with a name: the name goes into the To header.
            var mailbox = MailboxAddress.Parse(to.Trim());
            list.Add(new Recipient(mailbox.Address, string.IsNullOrWhiteSpace(mailbox.Name) ? null : mailbox.Name, [], [], options.Heartbeat));
        }
        foreach (var r in options.Recipients)
        {
            var mailbox = MailboxAddress.Parse(r.Address!.Trim());
            var name = !string.IsNullOrWhiteSpace(r.Name) ? r.Name.Trim() : string.IsNullOrWhiteSpace(mailbox.Name) ? null : mailbox.Name;
            var statuses = r.Statuses.Select(s => StatusNames.TryParse(s, out var st) ? st : (StoryStatus?)null).OfType<StoryStatus>();
            list.Add(new Recipient(mailbox.Address, name, r.Watchlist, statuses, r.Heartbeat));
        }
        return list;
    }
}
