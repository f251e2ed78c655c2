using System.Text.Json;
using FeedWatch.Analysis;
using FeedWatch.Stories;
using Npgsql;
using NpgsqlTypes;
using static FeedWatch.Storage.StoreRows;

namespace FeedWatch.Storage;

/// <summary>Stories: items folded into them, their reports, what the last digest said of each; reanalysis.</summary>
public sealed partial class PostgresFeedStore
{
    public async Task<IReadOnlyList<PendingItem>> GetUnfoldedItemsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, $"""
            SELECT {PendingColumns}
            FROM items i JOIN feeds f ON f.id = i.feed_id LEFT JOIN item_texts t ON t.item_id = i.id
            WHERE i.analysis_json IS NOT NULL AND NOT EXISTS (SELECT 1 FROM story_items s WHERE s.item_id = i.id)
            ORDER BY COALESCE(i.published_utc, i.first_seen_utc), i.id
            LIMIT @limit;
            """);
        cmd.Param("limit", NpgsqlDbType.Integer, limit);
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
        await using (var cmd = Command(c, null, $"{StoryColumns} WHERE (participants_key = ANY(@keys) AND span_end >= @from) OR id = ANY(@ids);"))
        {
            cmd.Param("keys", NpgsqlDbType.Array | NpgsqlDbType.Text, keys.ToArray());
            cmd.Param("from", NpgsqlDbType.Date, spanEndFrom);
            cmd.Param("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint, ids.ToArray());
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
        // The stories' new ids are given them only once the transaction is committed (it may be run again, or refused).
        var newIds = new Dictionary<Story, long>();
        var saved = await InTransactionAsync(async (c, tx) =>
        {
            newIds.Clear();
            // Another process may be folding the same items now. Each item is marked folded once: an insert that
            // meets another transaction's mark waits for it and then does nothing. Anything less than all of them
            // marked here means another process folded first: nothing of this fold is written (load and fold again).
            var items = foldedItems.OrderBy(f => f.Key).ToArray();
            await using (var mark = Command(c, tx, """
                INSERT INTO story_items (item_id, folded_utc, fingerprint)
                SELECT u.item_id, @now, u.fingerprint FROM unnest(@items, @fingerprints) AS u(item_id, fingerprint) ORDER BY u.item_id
                ON CONFLICT (item_id) DO NOTHING;
                """))
            {
                mark.Param("now", NpgsqlDbType.TimestampTz, now.UtcDateTime);
                mark.Param("items", NpgsqlDbType.Array | NpgsqlDbType.Bigint, items.Select(f => f.Key).ToArray());
                mark.Param("fingerprints", NpgsqlDbType.Array | NpgsqlDbType.Text, items.Select(f => f.Value?.ToString()).ToArray());
                if (await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != items.Length) return false;
            }
            foreach (var story in changed)
            {
                if (story.Reports.Count == 0)
                {
                    // Every report went elsewhere after a reanalysis: the story is gone.
                    if (story.Id == 0) continue;
                    await using var delete = Command(c, tx, "DELETE FROM story_reports WHERE story_id = @id; DELETE FROM stories WHERE id = @id;");
                    delete.Param("id", NpgsqlDbType.Bigint, story.Id);
                    await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
                long id;
                await using (var write = Command(c, tx, story.Id == 0
                    ? """
                      INSERT INTO stories (participants_key, participants, status, parties, where_text, event_text, when_text, date_range, span_start, span_end, created_utc, updated_utc)
                      VALUES (@key, @participants, @status, @parties, @where, @event, @when, @date, @start, @end, @created, @updated) RETURNING id;
                      """
                    : """
                      UPDATE stories SET status = @status, parties = @parties, where_text = @where, event_text = @event, when_text = @when,
                          date_range = @date, span_start = @start, span_end = @end, updated_utc = @updated
                      WHERE id = @id RETURNING id;
                      """))
                {
                    write.Param("id", NpgsqlDbType.Bigint, story.Id);
                    write.Param("key", NpgsqlDbType.Text, story.Key);
                    write.Param("participants", NpgsqlDbType.Text, JsonSerializer.Serialize(story.Participants));
                    write.Param("status", NpgsqlDbType.Text, StatusNames.Of(story.Status));
                    write.Param("parties", NpgsqlDbType.Text, JsonSerializer.Serialize(story.Parties));
                    write.Param("where", NpgsqlDbType.Text, story.Where);
                    write.Param("event", NpgsqlDbType.Text, story.Event);
                    write.Param("when", NpgsqlDbType.Text, story.When);
                    write.Param("date", NpgsqlDbType.Text, story.Date?.ToString());
                    write.Param("start", NpgsqlDbType.Date, story.SpanStart);
                    write.Param("end", NpgsqlDbType.Date, story.SpanEnd);
                    write.Param("created", NpgsqlDbType.TimestampTz, story.CreatedUtc.UtcDateTime);
                    write.Param("updated", NpgsqlDbType.TimestampTz, story.UpdatedUtc.UtcDateTime);
                    // A story another process removed meanwhile (a reanalysis emptied it): this fold is out of date.
                    if (await write.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not long written) return false;
                    id = written;
                }
                if (story.Id == 0) newIds[story] = id;
                await using var report = Command(c, tx, """
                    INSERT INTO story_reports (item_id, ordinal, story_id, duplicate_of, announced_digest_id) VALUES (@item, @ordinal, @story, @dup, @announced)
                    ON CONFLICT (item_id, ordinal) DO NOTHING;
                    """);
                report.Param("story", NpgsqlDbType.Bigint, id);
                var rItem = report.Param("item", NpgsqlDbType.Bigint);
                var rOrdinal = report.Param("ordinal", NpgsqlDbType.Integer);
                var rDup = report.Param("dup", NpgsqlDbType.Bigint);
                var rAnnounced = report.Param("announced", NpgsqlDbType.Bigint);
                foreach (var r in story.Reports)
                {
                    rItem.Value = r.ItemId;
                    rOrdinal.Value = r.Ordinal;
                    rDup.Value = Db(r.DuplicateOf);
                    rAnnounced.Value = Db(r.AnnouncedDigestId);
                    await report.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            return true;
        }, cancellationToken, commitIf: ok => ok).ConfigureAwait(false);
        if (!saved) return false;
        foreach (var (story, id) in newIds) story.Id = id;
        foreach (var story in changed.Where(s => s.Reports.Count > 0)) story.Dirty = false;
        return true;
    }

    public async Task<IReadOnlyList<FeedActivity>> GetFeedActivityAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var feeds = await QueryFeedsAsync(c, null, cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, FeedActivityQuery);
        return await ReadFeedActivityAsync(feeds, cmd, cancellationToken).ConfigureAwait(false);
    }

    public async Task<(IReadOnlyList<StoredArticle> Articles, int WithoutText)> GetStoredArticlesAsync(DateTimeOffset? since, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<StoredArticle>();
        await using (var cmd = Command(c, null, $"""
            {ArticleQuery}
            WHERE i.reported AND (@since IS NULL OR COALESCE(i.published_utc, i.first_seen_utc) >= @since)
            ORDER BY COALESCE(i.published_utc, i.first_seen_utc), i.id;
            """))
        {
            cmd.Param("since", NpgsqlDbType.TimestampTz, since?.UtcDateTime);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(ReadArticle(r));
        }
        await using var count = Command(c, null, """
            SELECT COUNT(*) FROM items i
            WHERE i.reported AND NOT EXISTS (SELECT 1 FROM item_texts t WHERE t.item_id = i.id)
              AND (@since IS NULL OR COALESCE(i.published_utc, i.first_seen_utc) >= @since);
            """);
        count.Param("since", NpgsqlDbType.TimestampTz, since?.UtcDateTime);
        return (list, (int)(long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
    }

    public Task<IReadOnlyList<RefoldHint>> ReplaceAnalysisAsync(long itemId, AnalysisResult analysis, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return InTransactionAsync<IReadOnlyList<RefoldHint>>(async (c, tx) =>
        {
            await using (var update = Command(c, tx, """
                UPDATE items SET analysis_json = @analysis, relevant = @relevant WHERE id = @id;
                DELETE FROM reports WHERE item_id = @id;
                """))
            {
                update.Param("id", NpgsqlDbType.Bigint, itemId);
                update.Param("analysis", NpgsqlDbType.Text, AnalysisJson(analysis));
                update.Param("relevant", NpgsqlDbType.Boolean, analysis.Relevant);
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using (var reports = new ReportInserter(c, tx))
            {
                await reports.InsertAsync(itemId, analysis, cancellationToken).ConfigureAwait(false);
            }
            // The item and every copy counted through it come out of their stories, to be folded again.
            var items = new List<long> { itemId };
            await using (var copies = Command(c, tx, "SELECT DISTINCT item_id FROM story_reports WHERE duplicate_of = @id AND item_id <> @id;"))
            {
                copies.Param("id", NpgsqlDbType.Bigint, itemId);
                await using var r = await copies.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) items.Add(r.GetInt64(0));
            }
            var hints = new List<RefoldHint>();
            foreach (var item in items)
            {
                var stories = new List<long>();
                long? announced = null;
                await using (var find = Command(c, tx, "SELECT story_id, announced_digest_id FROM story_reports WHERE item_id = @id ORDER BY ordinal;"))
                {
                    find.Param("id", NpgsqlDbType.Bigint, item);
                    await using var r = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        if (!stories.Contains(r.GetInt64(0))) stories.Add(r.GetInt64(0));
                        announced ??= LongOrNull(r, 1);
                    }
                }
                await using (var unfold = Command(c, tx, "DELETE FROM story_reports WHERE item_id = @id; DELETE FROM story_items WHERE item_id = @id;"))
                {
                    unfold.Param("id", NpgsqlDbType.Bigint, item);
                    await unfold.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                hints.Add(new RefoldHint(item, stories, announced));
            }
            return hints;
        }, cancellationToken);
    }

    /// <summary>Fills in the stories' reports (with the claims from their items' analyses) and recomputes each story from them.</summary>
    private static async Task ReadStoryReportsAsync(NpgsqlConnection c, Dictionary<long, Story> stories, CancellationToken cancellationToken)
    {
        if (stories.Count > 0)
        {
            var meetingsOfItem = new Dictionary<long, IReadOnlyList<MeetingReport>>();
            await using var cmd = Command(c, null, $"SELECT {StoryReportColumns} {StoryReportJoins} WHERE sr.story_id = ANY(@stories) {StoryReportOrder};");
            cmd.Param("stories", NpgsqlDbType.Array | NpgsqlDbType.Bigint, stories.Keys.ToArray());
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) AddStoryReport(r, stories, meetingsOfItem);
        }
        Recompute(stories.Values);
    }
}
