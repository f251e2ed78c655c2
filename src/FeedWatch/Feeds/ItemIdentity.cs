using System.Security.Cryptography;
using System.Text;

namespace FeedWatch.Feeds;

/// <summary>
/// Which stored item a feed entry is: its guid; else its canonical link (scheme and host lower-case, default
/// port, fragment and tracking parameters dropped); else a hash of its title and text. An entry edited after
/// publication keeps its guid or link, so an edit is not news.
/// </summary>
public static class ItemIdentity
{
    private static readonly string[] TrackingPrefixes = ["utm_"];

    private static readonly HashSet<string> TrackingNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "_hsenc", "_hsmi",
        "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "wt_mc", "cmpid", "ocid", "ncid", "sr_share", "at_medium", "at_campaign",
    };

    public static string Of(string? entryId, string? canonicalLink, string contentHash)
    {
        if (!string.IsNullOrWhiteSpace(entryId)) return "guid:" + entryId.Trim();
        if (!string.IsNullOrEmpty(canonicalLink)) return "link:" + canonicalLink;
        return "hash:" + contentHash;
    }

    /// <summary>The canonical form of a link, resolved against the feed's own URL; null when it is not an http(s) URL.</summary>
    public static string? CanonicalLink(string? link, Uri? feedUrl)
    {
        if (string.IsNullOrWhiteSpace(link)) return null;
        link = link.Trim();
        Uri? uri;
        if (!Uri.TryCreate(link, UriKind.Absolute, out uri) || uri.IsFile && !link.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            // A relative link ("/news/1") is relative to the feed (a file feed has no host to resolve it against).
            if (feedUrl is null || feedUrl.IsFile || !Uri.TryCreate(feedUrl, link, out uri)) return null;
        }
        if (uri.Scheme is not ("http" or "https")) return null;
        var query = uri.Query.TrimStart('?');
        var kept = query.Length == 0
            ? []
            : query.Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => !IsTracking(p)).ToArray();
        var sb = new StringBuilder();
        sb.Append(uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped));
        if (kept.Length > 0) sb.Append('?').AppendJoin('&', kept);
        return sb.ToString();
    }

    /// <summary>A hash of what the entry says, to tell an entry without guid or link and to notice edits.</summary>
    public static string ContentHash(string title, string text)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(title + "\n" + text));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 16));
    }

    private static bool IsTracking(string parameter)
    {
        var eq = parameter.IndexOf('=', StringComparison.Ordinal);
        var name = Uri.UnescapeDataString(eq < 0 ? parameter : parameter[..eq]);
        return TrackingNames.Contains(name) || TrackingPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));
    }
}
