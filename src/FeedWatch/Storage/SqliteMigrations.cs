namespace FeedWatch.Storage;

/// <summary>
/// The schema, one numbered step at a time. A step is never edited once released: a change is a new step.
/// Times are ISO 8601 UTC text ("2026-11-24T07:00:00.0000000Z"), which sorts as it reads.
/// </summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<(int Version, string Name, string Sql)> Steps =
    [
        (1, "feeds, items, reports, digests", """
            CREATE TABLE feeds (
                id               INTEGER PRIMARY KEY,
                name             TEXT NOT NULL UNIQUE COLLATE NOCASE,
                configured_url   TEXT NOT NULL,
                url              TEXT NOT NULL,          -- where it is fetched now (a permanent redirect moves it)
                etag             TEXT,
                last_modified    TEXT,
                title            TEXT,
                created_utc      TEXT NOT NULL,
                first_polled_utc TEXT,                   -- null until a poll has read the feed once
                last_polled_utc  TEXT,
                last_success_utc TEXT,
                error_count      INTEGER NOT NULL DEFAULT 0,
                last_error       TEXT,
                last_error_utc   TEXT,
                last_warning     TEXT,
                next_attempt_utc TEXT,                   -- backoff or Retry-After: not polled before this
                gone_utc         TEXT                    -- answered 410: not polled until its URL changes
            );

            CREATE TABLE items (
                id             INTEGER PRIMARY KEY,
                feed_id        INTEGER NOT NULL REFERENCES feeds(id),
                identity       TEXT NOT NULL,            -- guid:…, link:… (canonical) or hash:…
                guid           TEXT,
                link           TEXT,
                title          TEXT NOT NULL,
                published_utc  TEXT,
                content_hash   TEXT NOT NULL,
                first_seen_utc TEXT NOT NULL,
                reported       INTEGER NOT NULL,         -- 0: stored as seen on the feed's first poll, never analysed
                relevant       INTEGER,                  -- the analyser's verdict (null when not analysed)
                analysis_json  TEXT,
                UNIQUE (feed_id, identity)
            );

            CREATE TABLE digests (
                id               INTEGER PRIMARY KEY,
                created_utc      TEXT NOT NULL,
                message_id       TEXT NOT NULL UNIQUE,
                subject          TEXT NOT NULL,
                delivered_utc    TEXT,                   -- null: recorded, not yet delivered (the outbox)
                delivery         TEXT,
                attempts         INTEGER NOT NULL DEFAULT 0,
                last_error       TEXT
            );

            CREATE TABLE reports (
                id           INTEGER PRIMARY KEY,
                item_id      INTEGER NOT NULL REFERENCES items(id),
                ordinal      INTEGER NOT NULL,
                participants TEXT NOT NULL,              -- "A; B", for reading the table by hand
                statuses     TEXT NOT NULL,
                report_json  TEXT NOT NULL,
                digest_id    INTEGER REFERENCES digests(id),
                UNIQUE (item_id, ordinal)
            );

            CREATE INDEX reports_by_digest ON reports(digest_id);
            """),
        (2, "article pages", """
            -- A page linked from feed items, fetched and extracted once (two feeds linking it share it).
            CREATE TABLE pages (
                url           TEXT PRIMARY KEY,          -- the link as the item gives it, canonical form
                final_url     TEXT NOT NULL,             -- where the page was read, after redirects
                fetched_utc   TEXT NOT NULL,
                title         TEXT,
                published_utc TEXT,
                site          TEXT,
                paragraphs    TEXT NOT NULL              -- JSON array of the story's paragraphs
            );

            ALTER TABLE items ADD COLUMN article_url TEXT;    -- the page the item was analysed from, if any
            ALTER TABLE items ADD COLUMN article_error TEXT;  -- why the page could not be used (the feed's text was)
            """),
        (3, "item texts, stories, digest messages", """
            CREATE TABLE item_texts (
                item_id  INTEGER PRIMARY KEY REFERENCES items(id),
                text     TEXT NOT NULL               -- the text the analyser read besides the title: for reanalyze and syndicated copies
            );

            CREATE TABLE stories (
                id                  INTEGER PRIMARY KEY,
                participants_key    TEXT NOT NULL,   -- folded names, sorted, '|'-joined
                participants        TEXT NOT NULL,   -- JSON array, as first reported
                status              TEXT NOT NULL,   -- planned, possible, denied, cancelled, held, contested
                parties             TEXT NOT NULL,   -- JSON array of the sides heard
                where_text          TEXT,
                event_text          TEXT,
                when_text           TEXT,
                date_range          TEXT,            -- "2017-05-21/2017-05-31"
                span_start          TEXT NOT NULL,   -- the days the story speaks of (yyyy-MM-dd): first report through the meeting
                span_end            TEXT NOT NULL,
                created_utc         TEXT NOT NULL,
                updated_utc         TEXT NOT NULL,
                announced_digest_id INTEGER REFERENCES digests(id),  -- the last digest that showed it; null: never shown
                announced_status    TEXT,            -- what that digest said, so the next one can say what changed
                announced_parties   TEXT,
                announced_utc       TEXT
            );
            CREATE INDEX stories_by_participants ON stories(participants_key, span_end);

            CREATE TABLE story_items (
                item_id     INTEGER PRIMARY KEY REFERENCES items(id),   -- folded: its reports are in stories (or background)
                folded_utc  TEXT NOT NULL,
                fingerprint TEXT                      -- MinHash of the text, hex
            );

            CREATE TABLE story_reports (
                item_id             INTEGER NOT NULL REFERENCES items(id),
                ordinal             INTEGER NOT NULL,      -- the meeting's place in the item's analysis, from 1
                story_id            INTEGER NOT NULL REFERENCES stories(id),
                duplicate_of        INTEGER REFERENCES items(id),   -- a copy of that item's article: counted once
                announced_digest_id INTEGER REFERENCES digests(id), -- the digest that first showed it
                PRIMARY KEY (item_id, ordinal)
            );
            CREATE INDEX story_reports_by_story ON story_reports(story_id);

            CREATE TABLE digest_messages (
                id               INTEGER PRIMARY KEY,
                digest_id        INTEGER NOT NULL REFERENCES digests(id),
                recipient        TEXT NOT NULL,         -- the address; '' for the pickup folder's copy when no one is configured
                message_id       TEXT NOT NULL UNIQUE,  -- fixed when recorded: a resend after a crash carries the same one
                subject          TEXT NOT NULL,
                stories          INTEGER NOT NULL,
                mime             BLOB NOT NULL,         -- the message as it is sent, every time it is sent
                html             TEXT NOT NULL,
                created_utc      TEXT NOT NULL,
                sent_utc         TEXT,                  -- null: in the outbox
                delivery         TEXT,
                attempts         INTEGER NOT NULL DEFAULT 0,
                last_error       TEXT,
                next_attempt_utc TEXT
            );
            CREATE INDEX digest_messages_unsent ON digest_messages(sent_utc, id);

            -- Items whose reports a digest of version 1 delivered were told already: folded without a story, so the
            -- first digest after the upgrade does not tell them again.
            INSERT INTO story_items (item_id, folded_utc)
            SELECT DISTINCT r.item_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
            FROM reports r JOIN digests d ON d.id = r.digest_id
            WHERE d.delivered_utc IS NOT NULL;
            """),
        (4, "job runs", """
            -- The latest run of each scheduled job that is not a feed poll, and each worker's latest start: health reads them.
            CREATE TABLE job_runs (
                job          TEXT PRIMARY KEY,       -- "digest"; "start": the latest start of a worker
                instance     TEXT NOT NULL,          -- the worker that ran it
                started_utc  TEXT NOT NULL,
                finished_utc TEXT NOT NULL,
                outcome      TEXT NOT NULL           -- "ok", or what went wrong
            );
            """),
    ];
}
