using System.Globalization;
using System.Text.Json;
using FeedWatch.Analysis;
using FeedWatch.Stories;
using Microsoft.Data.Sqlite;
using static FeedWatch.Storage.StoreRows;

namespace FeedWatch.Storage;

/// <summary>Stories: items folded into them, their reports, what the last digest said of each; reanalysis.</summary>
public sealed partial class SqliteFeedStore
{
    private const int InListChunk = 200;

    public async Task<IReadOnlyList<PendingItem>> GetUnfoldedItemsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, $"""
            SELECT {PendingColumns}
            FROM items i JOIN feeds f ON f.id = i.feed_id LEFT JOIN item_texts t ON t.item_id = i.id
            WHERE i.analysis_json IS NOT NULL AND NOT EXISTS (SELECT 1 FROM story_items s WHERE s.item_id = i.id)
            ORDER BY COALESCE(i.published_utc, i.first_seen_utc), i.id
            LIMIT $limit;
            """);
        cmd.Parameters.AddWithValue("$limit", limit);
        var list = new List<PendingItem>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(ReadPending(r));
        return list;
    }

    public async Task<List<Story>> LoadStoriesAsync(IReadOnlyCollection<string> keys, DateOnly spanEndFrom, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(ids);
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var stories = new Dictionary<long, Story>();
        foreach (var chunk in keys.Chunk(InListChunk))
        {
            await using var cmd = c.CreateCommand();
            var names = Parameters(cmd, "$k", chunk);
            cmd.Parameters.AddWithValue("$from", Day(spanEndFrom));
            cmd.CommandText = $"{StoryColumns} WHERE participants_key IN ({names}) AND span_end >= $from;";
            await ReadStoriesAsync(cmd, stories, cancellationToken).ConfigureAwait(false);
        }
        foreach (var chunk in ids.Where(id => !stories.ContainsKey(id)).Chunk(InListChunk))
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"{StoryColumns} WHERE id IN ({Parameters(cmd, "$i", chunk)});";
            await ReadStoriesAsync(cmd, stories, cancellationToken).ConfigureAwait(false);
        }
        await ReadStoryReportsAsync(c, stories, cancellationToken).ConfigureAwait(false);
        return [.. stories.Values];
    }

    public async Task<List<Story>> ListStoriesAsync(CancellationToken cancellationToken) =>
        [.. (await StoriesWhereAsync("", cancellationToken).ConfigureAwait(false)).OrderBy(s => s.Id)];

    public async Task<List<Story>> LoadStoriesChangedSinceAnnouncedAsync(CancellationToken cancellationToken) =>
        [.. (await StoriesWhereAsync("WHERE announced_utc IS NULL OR updated_utc > announced_utc", cancellationToken).ConfigureAwait(false)).Where(s => s.Reports.Count > 0)];

    /// <summary>The stories a condition (<paramref name="where"/>, SQL) selects, with their reports.</summary>
    private async Task<IEnumerable<Story>> StoriesWhereAsync(string where, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var stories = new Dictionary<long, Story>();
        await using (var cmd = Command(c, null, $"{StoryColumns} {where};"))
        {
            await ReadStoriesAsync(cmd, stories, cancellationToken).ConfigureAwait(false);
        }
        await ReadStoryReportsAsync(c, stories, cancellationToken).ConfigureAwait(false);
        return stories.Values;
    }

    public async Task<bool> SaveFoldAsync(IReadOnlyDictionary<long, TextFingerprint?> foldedItems, IReadOnlyCollection<Story> changed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(foldedItems);
        ArgumentNullException.ThrowIfNull(changed);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var c = await WriterAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // Another process (a preview, a reanalyze) may have folded some of these items since they were read.
            foreach (var chunk in foldedItems.Keys.Chunk(InListChunk))
            {
                await using var check = Command(c, tx, "");
                check.CommandText = $"SELECT COUNT(*) FROM story_items WHERE item_id IN ({Parameters(check, "$i", chunk)});";
                if ((long)(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0) return false;
            }
            await using (var mark = Command(c, tx, "INSERT INTO story_items (item_id, folded_utc, fingerprint) VALUES ($item, $now, $fp);"))
            {
                var pItem = mark.Parameters.Add("$item", SqliteType.Integer);
                var pFp = mark.Parameters.Add("$fp", SqliteType.Text);
                mark.Parameters.AddWithValue("$now", Time(now));
                foreach (var (item, fingerprint) in foldedItems)
                {
                    pItem.Value = item;
                    pFp.Value = fingerprint is null ? DBNull.Value : fingerprint.ToString();
                    await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            foreach (var story in changed)
            {
                if (story.Reports.Count == 0)
                {
                    // Every report went elsewhere after a reanalysis: the story is gone.
                    if (story.Id == 0) continue;
                    await using var delete = Command(c, tx, "DELETE FROM story_reports WHERE story_id = $id; DELETE FROM stories WHERE id = $id;");
                    delete.Parameters.AddWithValue("$id", story.Id);
                    await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
                await using (var write = Command(c, tx, story.Id == 0
                    ? """
                      INSERT INTO stories (participants_key, participants, status, parties, where_text, event_text, when_text, date_range, span_start, span_end, created_utc, updated_utc)
                      VALUES ($key, $participants, $status, $parties, $where, $event, $when, $date, $start, $end, $created, $updated) RETURNING id;
                      """
                    : """
                      UPDATE stories SET status = $status, parties = $parties, where_text = $where, event_text = $event, when_text = $when,
                          date_range = $date, span_start = $start, span_end = $end, updated_utc = $updated
                      WHERE id = $id RETURNING id;
                      """))
                {
                    write.Parameters.AddWithValue("$id", story.Id);
                    write.Parameters.AddWithValue("$key", story.Key);
                    write.Parameters.AddWithValue("$participants", JsonSerializer.Serialize(story.Participants));
                    write.Parameters.AddWithValue("$status", StatusNames.Of(story.Status));
                    write.Parameters.AddWithValue("$parties", JsonSerializer.Serialize(story.Parties));
                    write.Parameters.AddWithValue("$where", (object?)story.Where ?? DBNull.Value);
                    write.Parameters.AddWithValue("$event", (object?)story.Event ?? DBNull.Value);
                    write.Parameters.AddWithValue("$when", (object?)story.When ?? DBNull.Value);
                    write.Parameters.AddWithValue("$date", story.Date is { } d ? d.ToString() : DBNull.Value);
                    write.Parameters.AddWithValue("$start", Day(story.SpanStart));
                    write.Parameters.AddWithValue("$end", Day(story.SpanEnd));
                    write.Parameters.AddWithValue("$created", Time(story.CreatedUtc));
                    write.Parameters.AddWithValue("$updated", Time(story.UpdatedUtc));
                    story.Id = (long)(await write.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                }
                await using var report = Command(c, tx, """
                    INSERT INTO story_reports (item_id, ordinal, story_id, duplicate_of, announced_digest_id) VALUES ($item, $ordinal, $story, $dup, $announced)
                    ON CONFLICT (item_id, ordinal) DO NOTHING;
                    """);
                var rItem = report.Parameters.Add("$item", SqliteType.Integer);
                var rOrdinal = report.Parameters.Add("$ordinal", SqliteType.Integer);
                var rDup = report.Parameters.Add("$dup", SqliteType.Integer);
                var rAnnounced = report.Parameters.Add("$announced", SqliteType.Integer);
                report.Parameters.AddWithValue("$story", story.Id);
                foreach (var r in story.Reports)
                {
                    rItem.Value = r.ItemId;
                    rOrdinal.Value = r.Ordinal;
                    rDup.Value = (object?)r.DuplicateOf ?? DBNull.Value;
                    rAnnounced.Value = (object?)r.AnnouncedDigestId ?? DBNull.Value;
                    await report.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                story.Dirty = false;
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<IReadOnlyList<FeedActivity>> GetFeedActivityAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var feeds = await QueryFeedsAsync(c, "", null, cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, FeedActivityQuery);
        return await ReadFeedActivityAsync(feeds, cmd, cancellationToken).ConfigureAwait(false);
    }

    public async Task<(IReadOnlyList<StoredArticle> Articles, int WithoutText)> GetStoredArticlesAsync(DateTimeOffset? since, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<StoredArticle>();
        await using (var cmd = Command(c, null, $"""
            {ArticleQuery}
            WHERE i.reported = 1 AND ($since IS NULL OR COALESCE(i.published_utc, i.first_seen_utc) >= $since)
            ORDER BY COALESCE(i.published_utc, i.first_seen_utc), i.id;
            """))
        {
            cmd.Parameters.AddWithValue("$since", since is { } s ? Time(s) : DBNull.Value);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(ReadArticle(r));
        }
        await using var count = Command(c, null, """
            SELECT COUNT(*) FROM items i
            WHERE i.reported = 1 AND NOT EXISTS (SELECT 1 FROM item_texts t WHERE t.item_id = i.id)
              AND ($since IS NULL OR COALESCE(i.published_utc, i.first_seen_utc) >= $since);
            """);
        count.Parameters.AddWithValue("$since", since is { } s2 ? Time(s2) : DBNull.Value);
        return (list, (int)(long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
    }

    public async Task<IReadOnlyList<RefoldHint>> ReplaceAnalysisAsync(long itemId, AnalysisResult analysis, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var c = await WriterAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var update = Command(c, tx, """
                UPDATE items SET analysis_json = $analysis, relevant = $relevant WHERE id = $id;
                DELETE FROM reports WHERE item_id = $id;
                """))
            {
                update.Parameters.AddWithValue("$id", itemId);
                update.Parameters.AddWithValue("$analysis", AnalysisJson(analysis));
                update.Parameters.AddWithValue("$relevant", analysis.Relevant ? 1 : 0);
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using (var report = Command(c, tx, "INSERT INTO reports (item_id, ordinal, participants, statuses, report_json) VALUES ($item, $ordinal, $participants, $statuses, $json);"))
            {
                foreach (var row in ReportRows(analysis))
                {
                    report.Parameters.Clear();
                    report.Parameters.AddWithValue("$item", itemId);
                    report.Parameters.AddWithValue("$ordinal", row.Ordinal);
                    report.Parameters.AddWithValue("$participants", row.Participants);
                    report.Parameters.AddWithValue("$statuses", row.Statuses);
                    report.Parameters.AddWithValue("$json", row.Json);
                    await report.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            // The item and every copy counted through it come out of their stories, to be folded again.
            var items = new List<long> { itemId };
            await using (var copies = Command(c, tx, "SELECT DISTINCT item_id FROM story_reports WHERE duplicate_of = $id AND item_id <> $id;"))
            {
                copies.Parameters.AddWithValue("$id", itemId);
                await using var r = await copies.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) items.Add(r.GetInt64(0));
            }
            var hints = new List<RefoldHint>();
            foreach (var item in items)
            {
                var stories = new List<long>();
                long? announced = null;
                await using (var find = Command(c, tx, "SELECT story_id, announced_digest_id FROM story_reports WHERE item_id = $id ORDER BY ordinal;"))
                {
                    find.Parameters.AddWithValue("$id", item);
                    await using var r = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        if (!stories.Contains(r.GetInt64(0))) stories.Add(r.GetInt64(0));
                        if (!r.IsDBNull(1)) announced ??= r.GetInt64(1);
                    }
                }
                await using (var unfold = Command(c, tx, "DELETE FROM story_reports WHERE item_id = $id; DELETE FROM story_items WHERE item_id = $id;"))
                {
                    unfold.Parameters.AddWithValue("$id", item);
                    await unfold.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                hints.Add(new RefoldHint(item, stories, announced));
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return hints;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Fills in the stories' reports (with the claims from their items' analyses) and recomputes each story from them.</summary>
    private static async Task ReadStoryReportsAsync(SqliteConnection c, Dictionary<long, Story> stories, CancellationToken cancellationToken)
    {
        var meetingsOfItem = new Dictionary<long, IReadOnlyList<MeetingReport>>();
        foreach (var chunk in stories.Keys.Chunk(InListChunk))
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT {StoryReportColumns} {StoryReportJoins} WHERE sr.story_id IN ({Parameters(cmd, "$s", chunk)}) {StoryReportOrder};";
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) AddStoryReport(r, stories, meetingsOfItem);
        }
        Recompute(stories.Values);
    }

    private static string Parameters<T>(SqliteCommand cmd, string prefix, T[] values)
    {
        var names = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            names[i] = prefix + i.ToString(CultureInfo.InvariantCulture);
            cmd.Parameters.AddWithValue(names[i], values[i]);
        }
        return string.Join(",", names);
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
