using System.Text.Json;
using FeedWatch.Stories;
using Npgsql;
using NpgsqlTypes;
using static FeedWatch.Storage.StoreRows;

namespace FeedWatch.Storage;

/// <summary>The digest outbox: digests and their messages, recorded before sending and marked after the server accepted them.</summary>
public sealed partial class PostgresFeedStore
{
    public Task<long> RecordDigestAsync(DigestDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return InTransactionAsync(async (c, tx) =>
        {
            long digestId;
            await using (var insert = Command(c, tx, "INSERT INTO digests (created_utc, message_id, subject) VALUES (@now, @mid, @subject) RETURNING id;"))
            {
                insert.Param("now", NpgsqlDbType.TimestampTz, draft.CreatedUtc.UtcDateTime);
                insert.Param("mid", NpgsqlDbType.Text, DigestMessageId(draft.CreatedUtc));
                insert.Param("subject", NpgsqlDbType.Text, draft.Summary);
                digestId = (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
            await using (var message = Command(c, tx, """
                INSERT INTO digest_messages (digest_id, recipient, message_id, subject, stories, mime, html, created_utc)
                VALUES (@digest, @recipient, @mid, @subject, @stories, @mime, @html, @now);
                """))
            {
                message.Param("digest", NpgsqlDbType.Bigint, digestId);
                message.Param("now", NpgsqlDbType.TimestampTz, draft.CreatedUtc.UtcDateTime);
                var pRecipient = message.Param("recipient", NpgsqlDbType.Text);
                var pMid = message.Param("mid", NpgsqlDbType.Text);
                var pSubject = message.Param("subject", NpgsqlDbType.Text);
                var pStories = message.Param("stories", NpgsqlDbType.Integer);
                var pMime = message.Param("mime", NpgsqlDbType.Bytea);
                var pHtml = message.Param("html", NpgsqlDbType.Text);
                foreach (var m in draft.Messages)
                {
                    pRecipient.Value = m.Recipient;
                    pMid.Value = m.MessageId;
                    pSubject.Value = m.Subject;
                    pStories.Value = m.Stories;
                    pMime.Value = m.Mime;
                    pHtml.Value = m.Html;
                    await message.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            await using (var announce = Command(c, tx, """
                UPDATE stories SET announced_digest_id = @digest, announced_status = @status, announced_parties = @parties, announced_utc = @now
                WHERE id = @id;
                """))
            await using (var shown = Command(c, tx, "UPDATE story_reports SET announced_digest_id = @digest WHERE item_id = @item AND ordinal = @ordinal AND announced_digest_id IS NULL;"))
            {
                announce.Param("digest", NpgsqlDbType.Bigint, digestId);
                announce.Param("now", NpgsqlDbType.TimestampTz, draft.CreatedUtc.UtcDateTime);
                var aStatus = announce.Param("status", NpgsqlDbType.Text);
                var aParties = announce.Param("parties", NpgsqlDbType.Text);
                var aId = announce.Param("id", NpgsqlDbType.Bigint);
                shown.Param("digest", NpgsqlDbType.Bigint, digestId);
                var sItem = shown.Param("item", NpgsqlDbType.Bigint);
                var sOrdinal = shown.Param("ordinal", NpgsqlDbType.Integer);
                // In one order in every process, so two digests recorded at once never wait on each other crosswise.
                foreach (var story in draft.Stories.OrderBy(s => s.StoryId))
                {
                    aStatus.Value = StatusNames.Of(story.Status);
                    aParties.Value = JsonSerializer.Serialize(story.Parties);
                    aId.Value = story.StoryId;
                    await announce.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    foreach (var (item, ordinal) in story.Reports)
                    {
                        sItem.Value = item;
                        sOrdinal.Value = ordinal;
                        await shown.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            if (draft.Messages.Count == 0)
            {
                // Nothing to send (no recipient wanted any of it): the digest is complete as recorded.
                await using var done = Command(c, tx, "UPDATE digests SET delivered_utc = @now, delivery = 'no recipient' WHERE id = @id;");
                done.Param("now", NpgsqlDbType.TimestampTz, draft.CreatedUtc.UtcDateTime);
                done.Param("id", NpgsqlDbType.Bigint, digestId);
                await done.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return digestId;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxMessage>> GetUnsentMessagesAsync(DateTimeOffset now, bool includeBackingOff, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, $"{MessageColumns} WHERE sent_utc IS NULL AND (@all OR next_attempt_utc IS NULL OR next_attempt_utc <= @now) ORDER BY id;");
        cmd.Param("all", NpgsqlDbType.Boolean, includeBackingOff);
        cmd.Param("now", NpgsqlDbType.TimestampTz, now.UtcDateTime);
        return await ReadMessagesAsync(cmd, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ListMessagesAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, $"{MessageColumns} ORDER BY id;");
        return await ReadMessagesAsync(cmd, cancellationToken).ConfigureAwait(false);
    }

    public Task MarkMessageSentAsync(long messageId, string delivery, DateTimeOffset now, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) =>
        {
            // The digest's row is locked first: two processes marking the last two messages of one digest at once
            // take turns, and the second sees the first's message sent, so the digest is marked delivered once all are.
            await using var cmd = Command(c, tx, """
                SELECT 1 FROM digests WHERE id = (SELECT digest_id FROM digest_messages WHERE id = @id) FOR UPDATE;
                UPDATE digest_messages SET sent_utc = @now, delivery = @d, attempts = attempts + 1, last_error = NULL, next_attempt_utc = NULL WHERE id = @id;
                UPDATE digests SET delivered_utc = @now, delivery = @d, attempts = attempts + 1, last_error = NULL
                WHERE id = (SELECT digest_id FROM digest_messages WHERE id = @id)
                  AND NOT EXISTS (SELECT 1 FROM digest_messages m WHERE m.digest_id = digests.id AND m.sent_utc IS NULL);
                """);
            cmd.Param("id", NpgsqlDbType.Bigint, messageId);
            cmd.Param("d", NpgsqlDbType.Text, delivery);
            cmd.Param("now", NpgsqlDbType.TimestampTz, now.UtcDateTime);
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task RecordSendFailureAsync(long messageId, string failure, DateTimeOffset nextAttemptUtc, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) =>
        {
            await using var cmd = Command(c, tx, """
                UPDATE digest_messages SET attempts = attempts + 1, last_error = @e, next_attempt_utc = @next WHERE id = @id;
                UPDATE digests SET attempts = attempts + 1, last_error = @e WHERE id = (SELECT digest_id FROM digest_messages WHERE id = @id);
                """);
            cmd.Param("id", NpgsqlDbType.Bigint, messageId);
            cmd.Param("e", NpgsqlDbType.Text, failure);
            cmd.Param("next", NpgsqlDbType.TimestampTz, nextAttemptUtc.UtcDateTime);
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
}
