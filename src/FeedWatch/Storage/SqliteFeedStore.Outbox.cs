using System.Globalization;
using System.Text.Json;
using FeedWatch.Stories;
using Microsoft.Data.Sqlite;
using static FeedWatch.Storage.StoreRows;

namespace FeedWatch.Storage;

/// <summary>The digest outbox: digests and their messages, recorded before sending and marked after the server accepted them.</summary>
public sealed partial class SqliteFeedStore
{
    public async Task<long> RecordDigestAsync(DigestDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var c = await WriterAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            long digestId;
            await using (var insert = Command(c, tx, "INSERT INTO digests (created_utc, message_id, subject) VALUES ($now, $mid, $subject) RETURNING id;"))
            {
                insert.Parameters.AddWithValue("$now", Time(draft.CreatedUtc));
                insert.Parameters.AddWithValue("$mid", DigestMessageId(draft.CreatedUtc));
                insert.Parameters.AddWithValue("$subject", draft.Summary);
                digestId = (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
            await using (var message = Command(c, tx, """
                INSERT INTO digest_messages (digest_id, recipient, message_id, subject, stories, mime, html, created_utc)
                VALUES ($digest, $recipient, $mid, $subject, $stories, $mime, $html, $now);
                """))
            {
                foreach (var m in draft.Messages)
                {
                    message.Parameters.Clear();
                    message.Parameters.AddWithValue("$digest", digestId);
                    message.Parameters.AddWithValue("$recipient", m.Recipient);
                    message.Parameters.AddWithValue("$mid", m.MessageId);
                    message.Parameters.AddWithValue("$subject", m.Subject);
                    message.Parameters.AddWithValue("$stories", m.Stories);
                    message.Parameters.AddWithValue("$mime", m.Mime);
                    message.Parameters.AddWithValue("$html", m.Html);
                    message.Parameters.AddWithValue("$now", Time(draft.CreatedUtc));
                    await message.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            foreach (var story in draft.Stories)
            {
                await using (var announce = Command(c, tx, """
                    UPDATE stories SET announced_digest_id = $digest, announced_status = $status, announced_parties = $parties, announced_utc = $now
                    WHERE id = $id;
                    """))
                {
                    announce.Parameters.AddWithValue("$digest", digestId);
                    announce.Parameters.AddWithValue("$status", StatusNames.Of(story.Status));
                    announce.Parameters.AddWithValue("$parties", JsonSerializer.Serialize(story.Parties));
                    announce.Parameters.AddWithValue("$now", Time(draft.CreatedUtc));
                    announce.Parameters.AddWithValue("$id", story.StoryId);
                    await announce.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                await using var shown = Command(c, tx, "UPDATE story_reports SET announced_digest_id = $digest WHERE item_id = $item AND ordinal = $ordinal AND announced_digest_id IS NULL;");
                var pItem = shown.Parameters.Add("$item", SqliteType.Integer);
                var pOrdinal = shown.Parameters.Add("$ordinal", SqliteType.Integer);
                shown.Parameters.AddWithValue("$digest", digestId);
                foreach (var (item, ordinal) in story.Reports)
                {
                    pItem.Value = item;
                    pOrdinal.Value = ordinal;
                    await shown.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            if (draft.Messages.Count == 0)
            {
                // Nothing to send (no recipient wanted any of it): the digest is complete as recorded.
                await using var done = Command(c, tx, "UPDATE digests SET delivered_utc = $now, delivery = 'no recipient' WHERE id = $id;");
                done.Parameters.AddWithValue("$now", Time(draft.CreatedUtc));
                done.Parameters.AddWithValue("$id", digestId);
                await done.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return digestId;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<IReadOnlyList<OutboxMessage>> GetUnsentMessagesAsync(DateTimeOffset now, bool includeBackingOff, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, $"{MessageColumns} WHERE sent_utc IS NULL AND ($all OR next_attempt_utc IS NULL OR next_attempt_utc <= $now) ORDER BY id;");
        cmd.Parameters.AddWithValue("$all", includeBackingOff);
        cmd.Parameters.AddWithValue("$now", Time(now));
        return await ReadMessagesAsync(cmd, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ListMessagesAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, $"{MessageColumns} ORDER BY id;");
        return await ReadMessagesAsync(cmd, cancellationToken).ConfigureAwait(false);
    }

    public async Task MarkMessageSentAsync(long messageId, string delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var c = await WriterAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var cmd = Command(c, tx, """
                UPDATE digest_messages SET sent_utc = $now, delivery = $d, attempts = attempts + 1, last_error = NULL, next_attempt_utc = NULL WHERE id = $id;
                UPDATE digests SET delivered_utc = $now, delivery = $d, attempts = attempts + 1, last_error = NULL
                WHERE id = (SELECT digest_id FROM digest_messages WHERE id = $id)
                  AND NOT EXISTS (SELECT 1 FROM digest_messages m WHERE m.digest_id = digests.id AND m.sent_utc IS NULL);
                """);
            cmd.Parameters.AddWithValue("$id", messageId);
            cmd.Parameters.AddWithValue("$d", delivery);
            cmd.Parameters.AddWithValue("$now", Time(now));
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task RecordSendFailureAsync(long messageId, string failure, DateTimeOffset nextAttemptUtc, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var c = await WriterAsync(cancellationToken).ConfigureAwait(false);
            await using var cmd = Command(c, null, """
                UPDATE digest_messages SET attempts = attempts + 1, last_error = $e, next_attempt_utc = $next WHERE id = $id;
                UPDATE digests SET attempts = attempts + 1, last_error = $e WHERE id = (SELECT digest_id FROM digest_messages WHERE id = $id);
                """);
            cmd.Parameters.AddWithValue("$id", messageId);
            cmd.Parameters.AddWithValue("$e", failure);
            cmd.Parameters.AddWithValue("$next", Time(nextAttemptUtc));
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }
}
