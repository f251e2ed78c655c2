using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using FeedWatch.Analysis;
using FeedWatch.Stories;

namespace FeedWatch.Storage;

/// <summary>
/// What the SQLite and the PostgreSQL store share, so the two cannot drift: the column lists both read in the same
/// order, the mapping of those rows to the store's records, the JSON of analyses, the rows an analysis gives the
/// reports table, and times. A time is ISO 8601 text in SQLite and timestamptz in PostgreSQL; both are read here.
/// </summary>
internal static class StoreRows
{
    /// <summary>A feed's columns (<c>feeds f</c>) and its item count, as <see cref="ReadFeed"/> reads them.</summary>
    public const string FeedColumns = """
        f.id, f.name, f.configured_url, f.url, f.etag, f.last_modified, f.title, f.first_polled_utc, f.last_polled_utc,
        f.last_success_utc, f.error_count, f.last_error, f.last_error_utc, f.last_warning, f.next_attempt_utc, f.gone_utc,
        (SELECT COUNT(*) FROM items i WHERE i.feed_id = f.id)
        """;

    /// <summary>A page's columns, as <see cref="ReadPage"/> reads them.</summary>
    public const string PageColumns = "url, final_url, fetched_utc, title, published_utc, site, paragraphs";

    /// <summary>Each feed's id, when it was created and when it last brought a new item (with <see cref="FeedColumns"/>: its activity).</summary>
    public const string FeedActivityQuery = "SELECT f.id, f.created_utc, (SELECT MAX(i.first_seen_utc) FROM items i WHERE i.feed_id = f.id) FROM feeds f;";

    /// <summary>An unfolded item's columns (<c>items i</c>, <c>feeds f</c>, <c>item_texts t</c>), as <see cref="ReadPending"/> reads them.</summary>
    public const string PendingColumns = """
        i.id, COALESCE(f.title, f.name), i.title, i.link, i.content_hash, COALESCE(i.published_utc, i.first_seen_utc), i.analysis_json, t.text
        """;

    /// <summary>A reported item with its stored text, as <see cref="ReadArticle"/> reads it (add the WHERE and ORDER BY).</summary>
    public const string ArticleQuery = """
        SELECT i.id, i.title, t.text,
               -- an item read from its page was analysed with the page's date and site name: read again so
               COALESCE((SELECT p.published_utc FROM pages p WHERE p.final_url = i.article_url LIMIT 1), i.published_utc),
               COALESCE((SELECT p.site FROM pages p WHERE p.final_url = i.article_url LIMIT 1), f.title, f.name),
               i.link, i.analysis_json
        FROM items i JOIN item_texts t ON t.item_id = i.id JOIN feeds f ON f.id = i.feed_id
        """;

    /// <summary>A story's columns, as <see cref="ReadStory"/> reads them (its reports come from <see cref="StoryReportColumns"/>).</summary>
    public const string StoryColumns = """
        SELECT id, participants_key, participants, created_utc, updated_utc, announced_digest_id, announced_status, announced_parties FROM stories
        """;

    /// <summary>A story report's columns (<c>story_reports sr</c>, <c>items i</c>, <c>feeds f</c>, <c>story_items si</c>), as <see cref="AddStoryReport"/> reads them.</summary>
    public const string StoryReportColumns = """
        sr.story_id, sr.item_id, sr.ordinal, sr.duplicate_of, sr.announced_digest_id, COALESCE(f.title, f.name), i.title, i.link,
        i.content_hash, COALESCE(i.published_utc, i.first_seen_utc), i.analysis_json, si.fingerprint
        """;

    /// <summary>The joins behind <see cref="StoryReportColumns"/>.</summary>
    public const string StoryReportJoins = """
        FROM story_reports sr JOIN items i ON i.id = sr.item_id JOIN feeds f ON f.id = i.feed_id LEFT JOIN story_items si ON si.item_id = sr.item_id
        """;

    /// <summary>The order of a story's reports: as they were said.</summary>
    public const string StoryReportOrder = "ORDER BY COALESCE(i.published_utc, i.first_seen_utc), sr.item_id, sr.ordinal";

    /// <summary>An outbox message's columns, as <see cref="ReadMessage"/> reads them.</summary>
    public const string MessageColumns = """
        SELECT id, digest_id, recipient, message_id, subject, stories, mime, html, created_utc, sent_utc, delivery, attempts, last_error, next_attempt_utc
        FROM digest_messages
        """;

    /// <summary>A job run's columns, as <see cref="ReadJobRun"/> reads them.</summary>
    public const string JobRunColumns = "job, instance, started_utc, finished_utc, outcome";

    public static JobRun ReadJobRun(DbDataReader r) => new(r.GetString(0), r.GetString(1), TimeAt(r, 2), TimeAt(r, 3), r.GetString(4));

    public static FeedState ReadFeed(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), new Uri(r.GetString(2)), new Uri(r.GetString(3)),
        StringOrNull(r, 4), StringOrNull(r, 5), StringOrNull(r, 6),
        TimeOrNull(r, 7), TimeOrNull(r, 8), TimeOrNull(r, 9),
        r.GetInt32(10), StringOrNull(r, 11), TimeOrNull(r, 12), StringOrNull(r, 13), TimeOrNull(r, 14), TimeOrNull(r, 15),
        r.GetInt64(16));

    public static StoredPage ReadPage(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), TimeAt(r, 2), StringOrNull(r, 3), TimeOrNull(r, 4), StringOrNull(r, 5),
            JsonSerializer.Deserialize<List<string>>(r.GetString(6)) ?? []);

    /// <summary>Joins the feeds with the rows of <see cref="FeedActivityQuery"/>.</summary>
    public static async Task<IReadOnlyList<FeedActivity>> ReadFeedActivityAsync(IReadOnlyList<FeedState> feeds, DbCommand activityQuery, CancellationToken cancellationToken)
    {
        var activity = new Dictionary<long, (DateTimeOffset Created, DateTimeOffset? LastItem)>();
        await using (var r = await activityQuery.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) activity[r.GetInt64(0)] = (TimeAt(r, 1), TimeOrNull(r, 2));
        }
        return [.. feeds.Select(f => new FeedActivity(f, activity[f.Id].Created, activity[f.Id].LastItem))];
    }

    public static PendingItem ReadPending(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), StringOrNull(r, 3), r.GetString(4), TimeAt(r, 5), ReadMeetings(r.GetString(6)), StringOrNull(r, 7));

    public static StoredArticle ReadArticle(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), TimeOrNull(r, 3), r.GetString(4), StringOrNull(r, 5), StringOrNull(r, 6));

    public static Story ReadStory(DbDataReader r) =>
        new(r.GetString(1), JsonSerializer.Deserialize<List<string>>(r.GetString(2)) ?? [], TimeAt(r, 3))
        {
            Id = r.GetInt64(0),
            UpdatedUtc = TimeAt(r, 4),
            AnnouncedDigestId = LongOrNull(r, 5),
            AnnouncedStatus = StatusNames.TryParse(StringOrNull(r, 6), out var s) ? s : null,
            AnnouncedParties = r.IsDBNull(7) ? [] : JsonSerializer.Deserialize<List<string>>(r.GetString(7)) ?? [],
        };

    /// <summary>Adds the report of a <see cref="StoryReportColumns"/> row to its story (the item's analysis read once per item).</summary>
    public static void AddStoryReport(DbDataReader r, Dictionary<long, Story> stories, Dictionary<long, IReadOnlyList<MeetingReport>> meetingsOfItem)
    {
        var itemId = r.GetInt64(1);
        var ordinal = r.GetInt32(2);
        if (!meetingsOfItem.TryGetValue(itemId, out var meetings))
        {
            meetings = r.IsDBNull(10) ? [] : ReadMeetings(r.GetString(10));
            meetingsOfItem[itemId] = meetings;
        }
        if (ordinal < 1 || ordinal > meetings.Count) return; // the analysis changed under it; reanalyze refolds such items
        stories[r.GetInt64(0)].Reports.Add(new StoryReport(itemId, ordinal, r.GetString(5), r.GetString(6), StringOrNull(r, 7), r.GetString(8),
            TimeAt(r, 9), meetings[ordinal - 1], TextFingerprint.Parse(StringOrNull(r, 11)), LongOrNull(r, 3), LongOrNull(r, 4)));
    }

    /// <summary>Reads the stories of a <see cref="StoryColumns"/> query into <paramref name="into"/>, by id.</summary>
    public static async Task ReadStoriesAsync(DbCommand cmd, Dictionary<long, Story> into, CancellationToken cancellationToken)
    {
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var story = ReadStory(r);
            into[story.Id] = story;
        }
    }

    /// <summary>Recomputes each story from the reports just read: what is stored of it is derived and may lag behind.</summary>
    public static void Recompute(IEnumerable<Story> stories)
    {
        foreach (var story in stories)
        {
            story.Recompute();
            story.Dirty = false;
        }
    }

    public static OutboxMessage ReadMessage(DbDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5),
        (byte[])r.GetValue(6), r.GetString(7), TimeAt(r, 8), TimeOrNull(r, 9), StringOrNull(r, 10), r.GetInt32(11),
        StringOrNull(r, 12), TimeOrNull(r, 13));

    /// <summary>Reads the messages of a <see cref="MessageColumns"/> query.</summary>
    public static async Task<IReadOnlyList<OutboxMessage>> ReadMessagesAsync(DbCommand cmd, CancellationToken cancellationToken)
    {
        var list = new List<OutboxMessage>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(ReadMessage(r));
        return list;
    }

    /// <summary>The rows an analysis gives the reports table: its meetings still to happen (or said not to), numbered from 1 among all its meetings.</summary>
    public static IEnumerable<ReportRow> ReportRows(AnalysisResult analysis)
    {
        var ordinal = 0;
        foreach (var m in analysis.Meetings)
        {
            ordinal++;
            // Only meetings still to happen (or said not to) are news; "held" alone is background.
            if (!m.Statuses.Any(s => s != MeetingStatus.Held)) continue;
            yield return new ReportRow(ordinal, string.Join("; ", m.Participants), string.Join(",", m.Statuses.Select(StatusNames.Of)), ReportJson.Write(m));
        }
    }

    /// <summary>An item's analysis as stored (<c>{"relevant":…,"meetings":[…]}</c>); reanalyze compares it as text.</summary>
    public static string AnalysisJson(AnalysisResult a) =>
        "{\"relevant\":" + (a.Relevant ? "true" : "false") + ",\"meetings\":[" + string.Join(",", a.Meetings.Select(ReportJson.Write)) + "]}";

    /// <summary>The meetings of an item's stored analysis (<c>{"relevant":…,"meetings":[…]}</c>), in order.</summary>
    public static IReadOnlyList<MeetingReport> ReadMeetings(string analysisJson)
    {
        using var doc = JsonDocument.Parse(analysisJson);
        if (!doc.RootElement.TryGetProperty("meetings", out var meetings) || meetings.ValueKind != JsonValueKind.Array) return [];
        return [.. meetings.EnumerateArray().Select(m => ReportJson.Read(m.GetRawText()))];
    }

    /// <summary>A digest's own Message-ID, unique across processes.</summary>
    public static string DigestMessageId(DateTimeOffset created) =>
        string.Create(CultureInfo.InvariantCulture, $"digest-{created.UtcTicks:x}-{Guid.NewGuid():N}@feedwatch");

    public static string? StringOrNull(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static long? LongOrNull(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    public static DateTimeOffset? TimeOrNull(DbDataReader r, int i) => r.IsDBNull(i) ? null : TimeAt(r, i);

    /// <summary>A time as either store keeps it: ISO 8601 text (SQLite) or timestamptz (PostgreSQL, read as UTC).</summary>
    public static DateTimeOffset TimeAt(DbDataReader r, int i) => r.GetValue(i) switch
    {
        string text => ParseTime(text),
        DateTime utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
        DateTimeOffset t => t.ToUniversalTime(),
        var other => throw new InvalidCastException($"column {r.GetName(i)} holds {other.GetType().Name}, not a time"),
    };

    /// <summary>ISO 8601 UTC text with seven decimals: sorts as it reads (SQLite's times).</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string s) =>
        DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

/// <summary>One row of the reports table, as <see cref="StoreRows.ReportRows"/> gives it.</summary>
internal sealed record ReportRow(int Ordinal, string Participants, string Statuses, string Json);
