namespace FeedWatch.Digest;

// What the templates see (snake_case in Liquid: {{ story.status_label }}). Every string is plain text: the HTML
// template's output is HTML-encoded by the renderer, links are http(s) only, quotes are cut to length.

/// <summary>One digest message as its template sees it.</summary>
public sealed record DigestView(
    string Subject,
    string Generated,
    string Recipient,
    bool NothingNew,
    IReadOnlyList<StoryView> Stories,
    FeedHealthView FeedHealth);

/// <summary>A story: who, its status (and the one before), what changed, where, when, what was said, the articles.</summary>
public sealed record StoryView(
    int Number,
    string Anchor,
    string Leaders,
    string ShortLeaders,
    string Status,
    string? PreviousStatus,
    bool IsNew,
    string Change,
    string? Where,
    string? When,
    IReadOnlyList<ClaimView> Claims,
    int EarlierClaims,
    IReadOnlyList<ArticleView> Articles);

/// <summary>A statement in a story's timeline.</summary>
public sealed record ClaimView(string Date, string Outlet, string Speaker, string? Side, string Status, string Quote, string? Link, bool IsNew);

/// <summary>An article of a story, with the copies of it that were counted once.</summary>
public sealed record ArticleView(string Title, string Outlet, string Date, string? Link, bool IsNew, IReadOnlyList<CopyView> Copies);

/// <summary>The same article elsewhere: another feed, a syndicated copy.</summary>
public sealed record CopyView(string Outlet, string? Link);

/// <summary>The footer: how many feeds, and only those failing or silent too long.</summary>
public sealed record FeedHealthView(int Feeds, IReadOnlyList<FeedProblemView> Problems);

public sealed record FeedProblemView(string Feed, string Problem);
