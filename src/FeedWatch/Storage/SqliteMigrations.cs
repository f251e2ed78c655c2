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
    ];
}
