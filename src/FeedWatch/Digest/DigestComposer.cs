using System.Globalization;
using System.Text;
using FeedWatch.Analysis;
using FeedWatch.Configuration;
using FeedWatch.Storage;
using FeedWatch.Stories;
using MimeKit;
using MimeKit.Utils;

namespace FeedWatch.Digest;

/// <summary>A story with what changed since the last digest that showed it.</summary>
public sealed record ChangedStory(Story Story, StoryChange Change);

/// <summary>
/// Turns stories into a digest message: the view the templates render (what changed, each story's leaders,
/// status, place, time, statements and articles, the feed health footer), the subject, and the MIME message
/// (multipart/alternative: the plain-text part and the HTML part). Times are shown in the digest's time zone.
/// </summary>
public sealed class DigestComposer
{
    private const int SubjectListChars = 110;

    private readonly DigestOptions _options;
    private readonly TimeZoneInfo _zone;
    private readonly DigestRenderer _renderer;

    public DigestComposer(DigestOptions options, TimeZoneInfo zone, DigestRenderer renderer)
    {
        _options = options;
        _zone = zone;
        _renderer = renderer;
    }

    /// <summary>Renders one message of the digest; <paramref name="recipient"/> null is the pickup folder's unaddressed copy.</summary>
    public DraftMessage Compose(Recipient? recipient, IReadOnlyList<ChangedStory> stories, FeedHealthView health, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stories);
        ArgumentNullException.ThrowIfNull(health);
        var views = stories.Select((s, i) => StoryView(i + 1, s)).ToList();
        var subject = Subject(views);
        var view = new DigestView(subject, "Digest of " + Local(now, withTime: true), recipient?.Address ?? "the pickup folder", views.Count == 0, views, health);
        var (html, text) = _renderer.Render(view);
        var messageId = MimeUtils.GenerateMessageId(Domain(_options.From));
        var message = new MimeMessage
        {
            MessageId = messageId,
            Date = now,
            Subject = subject,
        };
        message.From.Add(MailboxAddress.Parse(_options.From));
        if (recipient is not null) message.To.Add(new MailboxAddress(OneLine(recipient.Name ?? string.Empty), recipient.Address));
        // Marks the message as machine-made, so auto-replies and out-of-office notices are not sent back to it.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        using var bytes = new MemoryStream();
        message.WriteTo(bytes);
        return new DraftMessage(recipient?.Address ?? string.Empty, messageId, subject, views.Count, bytes.ToArray(), html, text);
    }

    /// <summary>"FeedWatch: 3 meetings: Putin-Trump contested, Kerry-Lavrov possible, ..."; "FeedWatch: nothing new".</summary>
    public string Subject(IReadOnlyList<StoryView> stories)
    {
        ArgumentNullException.ThrowIfNull(stories);
        var prefix = OneLine(_options.Subject);
        if (stories.Count == 0) return prefix + ": nothing new";
        var sb = new StringBuilder();
        sb.Append(prefix).Append(": ").Append(stories.Count.ToString(CultureInfo.InvariantCulture)).Append(stories.Count == 1 ? " meeting: " : " meetings: ");
        var start = sb.Length;
        for (var i = 0; i < stories.Count; i++)
        {
            var part = $"{stories[i].ShortLeaders} {stories[i].Status}";
            if (i > 0 && sb.Length - start + part.Length + 2 > SubjectListChars)
            {
                sb.Append(", ...");
                break;
            }
            if (i > 0) sb.Append(", ");
            sb.Append(part);
        }
        return OneLine(sb.ToString());
    }

    public StoryView StoryView(int number, ChangedStory changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var (story, change) = changed;
        var originals = story.Originals.OrderBy(r => r.ReportedUtc).ThenBy(r => r.ItemId).ThenBy(r => r.Ordinal).ToList();
        var claims = new List<ClaimView>();
        foreach (var r in originals)
        {
            // One entry per sentence and speaker: "no meeting has been set but a good chance" supports two statuses.
            foreach (var said in r.Meeting.Claims.GroupBy(c => (Quote: OneLine(c.Sentence), c.Speaker, c.Side)))
            {
                var statuses = string.Join(", ", said.Select(c => StatusNames.Of(c.Status)).Distinct(StringComparer.Ordinal));
                claims.Add(new ClaimView(Local(r.ReportedUtc, withTime: false), OneLine(r.Outlet), OneLine(said.Key.Speaker ?? "the report"),
                    said.Key.Side is null ? null : OneLine(said.Key.Side), statuses, Cut(said.Key.Quote), SafeLink(r.Link), r.IsNew));
            }
        }
        var shown = claims.Count > _options.MaxClaimsPerStory ? claims.GetRange(claims.Count - _options.MaxClaimsPerStory, _options.MaxClaimsPerStory) : claims;
        var copies = story.Reports.Where(r => r.DuplicateOf is not null).ToList();
        var articles = originals.GroupBy(r => r.ItemId).Select(g => g.First()).Select(r => new ArticleView(
            OneLine(r.ItemTitle.Length == 0 ? "(untitled)" : r.ItemTitle), OneLine(r.Outlet), Local(r.ReportedUtc, withTime: false), SafeLink(r.Link), r.IsNew,
            [.. copies.Where(c => c.DuplicateOf == r.ItemId).GroupBy(c => c.ItemId).Select(g => new CopyView(OneLine(g.First().Outlet), SafeLink(g.First().Link)))])).ToList();
        return new StoryView(number, "story-" + number.ToString(CultureInfo.InvariantCulture),
            OneLine(string.Join(" – ", story.Participants)),
            OneLine(string.Join("-", story.Participants.Select(WorldKnowledge.ShortName))),
            StatusNames.Of(story.Status),
            change.PreviousStatus is { } previous ? StatusNames.Of(previous) : null,
            change.IsNew, ChangeLine(story, change), Where(story), When(story), shown, claims.Count - shown.Count, articles);
    }

    /// <summary>
    /// The footer lists only feeds that need a look: failing for longer than Digest:FeedFailingAfter (since their last
    /// success, or since they were added) or without a new item for longer than Digest:FeedSilentAfter.
    /// </summary>
    public FeedHealthView FeedHealth(IEnumerable<FeedActivity> feeds, IReadOnlySet<string> configured, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        ArgumentNullException.ThrowIfNull(configured);
        var watched = feeds.Where(f => configured.Contains(f.Feed.Name)).OrderBy(f => f.Feed.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var problems = new List<FeedProblemView>();
        foreach (var f in watched)
        {
            var feed = f.Feed;
            if (feed.ErrorCount > 0)
            {
                var since = feed.LastSuccessUtc ?? f.CreatedUtc;
                if (now - since > _options.FeedFailingAfter)
                {
                    var state = feed.IsGone ? "gone (HTTP 410), no longer polled" : $"failing ({feed.ErrorCount} in a row)";
                    problems.Add(new FeedProblemView(OneLine(feed.Name), $"{state} since {Local(since, withTime: true)}: {Cut(OneLine(feed.LastError ?? "unknown error"), 200)}"));
                }
            }
            else
            {
                var last = f.LastNewItemUtc ?? f.CreatedUtc;
                if (now - last > _options.FeedSilentAfter) problems.Add(new FeedProblemView(OneLine(feed.Name), $"no new item since {Local(last, withTime: true)}"));
            }
        }
        return new FeedHealthView(watched.Count, problems);
    }

    private static string ChangeLine(Story story, StoryChange change)
    {
        var parts = new List<string>();
        if (change.IsNew) parts.Add("new story");
        else if (change.PreviousStatus is { } previous) parts.Add($"{StatusNames.Of(previous)} → {StatusNames.Of(story.Status)}");
        var parties = change.IsNew ? story.Parties : change.NewParties;
        if (parties.Count > 0) parts.Add((change.IsNew ? "sides heard: " : "first word from ") + string.Join(", ", parties));
        return OneLine(string.Join("; ", parts));
    }

    private static string? Where(Story s) => (s.Where, s.Event) switch
    {
        (null, null) => null,
        ({ } w, null) => OneLine(w),
        (null, { } e) => OneLine(e),
        ({ } w, { } e) => e.Contains(w, StringComparison.OrdinalIgnoreCase) ? OneLine(e) : OneLine($"{e}, {w}"),
    };

    private static string? When(Story s) => (s.When, s.Date) switch
    {
        (null, null) => null,
        ({ } w, null) => OneLine(w),
        (null, { } d) => Dates(d),
        ({ } w, { } d) => OneLine($"{w} ({Dates(d)})"),
    };

    private static string Dates(DateRange d) => d.Start == d.End
        ? d.Start.ToString("d MMM yyyy", CultureInfo.InvariantCulture)
        : $"{d.Start.ToString("d MMM yyyy", CultureInfo.InvariantCulture)} to {d.End.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}";

    private string Local(DateTimeOffset utc, bool withTime)
    {
        var local = TimeZoneInfo.ConvertTime(utc, _zone);
        var zone = _zone == TimeZoneInfo.Utc ? "UTC" : _zone.Id;
        return withTime ? local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + zone : local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>A quote past Digest:MaxQuoteChars is cut at a word, with an ellipsis.</summary>
    private string Cut(string text) => Cut(text, _options.MaxQuoteChars);

    private static string Cut(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = text.LastIndexOf(' ', max - 1, Math.Min(max, 60));
        return string.Concat(text.AsSpan(0, cut > 0 ? cut : max - 1).TrimEnd(), "…");
    }

    /// <summary>
    /// One line of text: line breaks, tabs and other control characters become spaces, runs of spaces one. What goes
    /// into a header (the subject, a display name) can then never start a header of its own.
    /// </summary>
    public static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c is '\u2028' or '\u2029')
            {
                space = sb.Length > 0;
                continue;
            }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Only http(s) links reach the digest: a javascript: or data: link from a feed never does.</summary>
    public static string? SafeLink(string? link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u.AbsoluteUri : null;

    private static string Domain(string from) =>
        MailboxAddress.TryParse(from, out var address) && address.Domain is { Length: > 0 } domain ? domain : "feedwatch.localhost";
}
