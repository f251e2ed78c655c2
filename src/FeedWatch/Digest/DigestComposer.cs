using System.Globalization;
using System.Net;
using System.Text;
using FeedWatch.Analysis;
using FeedWatch.Configuration;
using FeedWatch.Storage;
using MimeKit;

namespace FeedWatch.Digest;

/// <summary>
/// The minimal digest that closes the loop: one multipart/alternative message, a plain-text part and an HTML part
/// with the same content, listing every report in the digest with its leaders, statuses, place, time, claims and
/// the article it came from. Everything from a feed is HTML-escaped; links are kept only when they are http(s).
/// Times are shown in the digest's time zone (UTC everywhere else).
/// </summary>
public static class DigestComposer
{
    public static MimeMessage Compose(DigestRecord digest, IReadOnlyList<StoredReport> reports, DigestOptions options, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(options);
        var message = new MimeMessage
        {
            MessageId = digest.MessageId,
            Date = digest.CreatedUtc,
            Subject = $"{digest.Subject}: {reports.Count} {(reports.Count == 1 ? "report" : "reports")}",
        };
        message.From.Add(MailboxAddress.Parse(options.From));
        foreach (var to in options.To) message.To.Add(MailboxAddress.Parse(to));
        var body = new BodyBuilder { TextBody = Text(digest, reports, zone), HtmlBody = Html(digest, reports, zone) };
        message.Body = body.ToMessageBody();
        return message;
    }

    public static string Text(DigestRecord digest, IReadOnlyList<StoredReport> reports, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(reports);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"FeedWatch digest of {Local(digest.CreatedUtc, zone)}: {reports.Count} meeting {(reports.Count == 1 ? "report" : "reports")}.\n\n");
        foreach (var r in reports)
        {
            var m = r.Meeting;
            sb.Append(CultureInfo.InvariantCulture, $"* {string.Join(" - ", m.Participants)}: {Statuses(m)}\n");
            if (Where(m) is { } where) sb.Append(CultureInfo.InvariantCulture, $"  Where: {where}\n");
            if (When(m) is { } when) sb.Append(CultureInfo.InvariantCulture, $"  When: {when}\n");
            foreach (var c in m.Claims)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  - {Status(c.Status)}, {Speaker(c)}: \"{c.Sentence}\"\n");
            }
            sb.Append(CultureInfo.InvariantCulture, $"  Source: {r.ItemTitle} ({r.FeedName}{Published(r, zone)})\n");
            if (SafeLink(r.ItemLink) is { } link) sb.Append(CultureInfo.InvariantCulture, $"  {link}\n");
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public static string Html(DigestRecord digest, IReadOnlyList<StoredReport> reports, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(reports);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(E(digest.Subject)).Append("</title></head>\n");
        sb.Append("<body style=\"font-family:Arial,Helvetica,sans-serif;max-width:600px;margin:0 auto;color:#222\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"<h1 style=\"font-size:20px\">{E(digest.Subject)}</h1>\n<p>{E(Local(digest.CreatedUtc, zone))}: {reports.Count} meeting {(reports.Count == 1 ? "report" : "reports")}.</p>\n");
        foreach (var r in reports)
        {
            var m = r.Meeting;
            sb.Append("<div style=\"border-top:1px solid #ccc;padding:8px 0\">\n");
            sb.Append(CultureInfo.InvariantCulture, $"<h2 style=\"font-size:16px;margin:4px 0\">{E(string.Join(" – ", m.Participants))}: {E(Statuses(m))}</h2>\n");
            if (Where(m) is { } where) sb.Append(CultureInfo.InvariantCulture, $"<p style=\"margin:2px 0\">Where: {E(where)}</p>\n");
            if (When(m) is { } when) sb.Append(CultureInfo.InvariantCulture, $"<p style=\"margin:2px 0\">When: {E(when)}</p>\n");
            if (m.Claims.Count > 0)
            {
                sb.Append("<ul style=\"margin:4px 0\">\n");
                foreach (var c in m.Claims)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<li><b>{E(Status(c.Status))}</b>, {E(Speaker(c))}: “{E(c.Sentence)}”</li>\n");
                }
                sb.Append("</ul>\n");
            }
            var title = E(r.ItemTitle.Length == 0 ? "(untitled)" : r.ItemTitle);
            var source = SafeLink(r.ItemLink) is { } link ? $"<a href=\"{E(link)}\">{title}</a>" : title;
            sb.Append(CultureInfo.InvariantCulture, $"<p style=\"margin:2px 0;color:#555\">Source: {source} ({E(r.FeedName)}{E(Published(r, zone))})</p>\n");
            sb.Append("</div>\n");
        }
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string Statuses(MeetingReport m) => string.Join(", ", m.Statuses.Where(s => s != MeetingStatus.Held).Select(Status));

    private static string Status(MeetingStatus s) => s.ToString().ToLowerInvariant();

    private static string Speaker(Claim c) => c.Speaker is null ? "the article" : c.Side is null ? c.Speaker : $"{c.Speaker} ({c.Side})";

    private static string? Where(MeetingReport m) => (m.Where, m.Event) switch
    {
        (null, null) => null,
        ({ } w, null) => w,
        (null, { } e) => e,
        ({ } w, { } e) => $"{e}, {w}",
    };

    private static string? When(MeetingReport m) => (m.When, m.Date) switch
    {
        (null, null) => null,
        ({ } w, null) => w,
        (null, { } d) => d.ToString(),
        ({ } w, { } d) => $"{w} ({d})",
    };

    private static string Published(StoredReport r, TimeZoneInfo zone) => r.PublishedUtc is { } p ? ", " + Local(p, zone) : string.Empty;

    private static string Local(DateTimeOffset utc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        return local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + (zone == TimeZoneInfo.Utc ? "UTC" : zone.Id);
    }

    /// <summary>Only http(s) links reach the digest: a javascript: or data: link from a feed never does.</summary>
    private static string? SafeLink(string? link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u.AbsoluteUri : null;
}
