namespace FeedWatch.Storage;

/// <summary>
/// <see cref="SqliteMigrations"/> in PostgreSQL's dialect: the same versions and names, the same tables and columns.
/// A step is never edited once released: a change is a new step, in both lists. Ids are bigint identities, times
/// timestamptz (UTC), the days a story speaks of dates, flags booleans, the message bytes bytea; JSON stays text
/// (reanalyze compares an item's analysis as written). Feed names are unique ignoring case, as SQLite's NOCASE.
/// </summary>
internal static class PostgresMigrations
{
    public static readonly IReadOnlyList<(int Version, string Name, string Sql)> Steps =
    [
        (1, "feeds, items, reports, digests", """
            CREATE TABLE feeds (
                id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name             text NOT NULL,
                configured_url   text NOT NULL,
                url              text NOT NULL,          -- where it is fetched now (a permanent redirect moves it)
                etag             text,
                last_modified    text,
                title            text,
                created_utc      timestamptz NOT NULL,
                first_polled_utc timestamptz,            -- null until a poll has read the feed once
                last_polled_utc  timestamptz,
                last_success_utc timestamptz,
                error_count      integer NOT NULL DEFAULT 0,
                last_error       text,
                last_error_utc   timestamptz,
                last_warning     text,
                next_attempt_utc timestamptz,            -- backoff or Retry-After: not polled before this
                gone_utc         timestamptz             -- answered 410: not polled until its URL changes
            );
            CREATE UNIQUE INDEX feeds_name ON feeds (lower(name));

            CREATE TABLE items (
                id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                feed_id        bigint NOT NULL REFERENCES feeds(id),
                identity       text NOT NULL,            -- guid:…, link:… (canonical) or hash:…
                guid           text,
                link           text,
                title          text NOT NULL,
                published_utc  timestamptz,
                content_hash   text NOT NULL,
                first_seen_utc timestamptz NOT NULL,
                reported       boolean NOT NULL,         -- false: stored as seen on the feed's first poll, never analysed
                relevant       boolean,                  -- the analyser's verdict (null when not analysed)
                analysis_json  text,
                UNIQUE (feed_id, identity)
            );

            CREATE TABLE digests (
                id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                created_utc      timestamptz NOT NULL,
                message_id       text NOT NULL UNIQUE,
                subject          text NOT NULL,
                delivered_utc    timestamptz,            -- null: recorded, not yet delivered (the outbox)
                delivery         text,
                attempts         integer NOT NULL DEFAULT 0,
                last_error       text
            );

            CREATE TABLE reports (
                id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                item_id      bigint NOT NULL REFERENCES items(id),
                ordinal      integer NOT NULL,
                participants text NOT NULL,              -- "A; B", for reading the table by hand
                statuses     text NOT NULL,
                report_json  text NOT NULL,
                digest_id    bigint REFERENCES digests(id),
                UNIQUE (item_id, ordinal)
            );

            CREATE INDEX reports_by_digest ON reports(digest_id);
            """),
        (2, "article pages", """
            -- A page linked from feed items, fetched and extracted once (two feeds linking it share it).
            CREATE TABLE pages (
                url           text PRIMARY KEY,          -- the link as the item gives it, canonical form
                final_url     text NOT NULL,             -- where the page was read, after redirects
                fetched_utc   timestamptz NOT NULL,
                title         text,
                published_utc timestamptz,
                site          text,
                paragraphs    text NOT NULL              -- JSON array of the story's paragraphs
            );

            ALTER TABLE items ADD COLUMN article_url text;    -- the page the item was analysed from, if any
            ALTER TABLE items ADD COLUMN article_error text;  -- why the page could not be used (the feed's text was)
            """),
        (3, "item texts, stories, digest messages", """
            CREATE TABLE item_texts (
                item_id  bigint PRIMARY KEY REFERENCES items(id),
                text     text NOT NULL               -- the text the analyser read besides the title: for reanalyze and syndicated copies
            );

            CREATE TABLE stories (
                id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                participants_key    text NOT NULL,   -- folded names, sorted, '|'-joined
                participants        text NOT NULL,   -- JSON array, as first reported
                status              text NOT NULL,   -- planned, possible, denied, cancelled, held, contested
                parties             text NOT NULL,   -- JSON array of the sides heard
                where_text          text,
                event_text          text,
                when_text           text,
                date_range          text,            -- "2017-05-21/2017-05-31"
                span_start          date NOT NULL,   -- the days the story speaks of: first report through the meeting
                span_end            date NOT NULL,
                created_utc         timestamptz NOT NULL,
                updated_utc         timestamptz NOT NULL,
                announced_digest_id bigint REFERENCES digests(id),  -- the last digest that showed it; null: never shown
                announced_status    text,            -- what that digest said, so the next one can say what changed
                announced_parties   text,
                announced_utc       timestamptz
            );
            CREATE INDEX stories_by_participants ON stories(participants_key, span_end);

            CREATE TABLE story_items (
                item_id     bigint PRIMARY KEY REFERENCES items(id),   -- folded: its reports are in stories (or background)
                folded_utc  timestamptz NOT NULL,
                fingerprint text                      -- MinHash of the text, hex
            );

            CREATE TABLE story_reports (
                item_id             bigint NOT NULL REFERENCES items(id),
                ordinal             integer NOT NULL,      -- the meeting's place in the item's analysis, from 1
                story_id            bigint NOT NULL REFERENCES stories(id),
                duplicate_of        bigint REFERENCES items(id),   -- a copy of that item's article: counted once
                announced_digest_id bigint REFERENCES digests(id), -- the digest that first showed it
                PRIMARY KEY (item_id, ordinal)
            );
            CREATE INDEX story_reports_by_story ON story_reports(story_id);

            CREATE TABLE digest_messages (
                id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                digest_id        bigint NOT NULL REFERENCES digests(id),
                recipient        text NOT NULL,         -- the address; '' for the pickup folder's copy when no one is configured
                message_id       text NOT NULL UNIQUE,  -- fixed when recorded: a resend after a crash carries the same one
                subject          text NOT NULL,
                stories          integer NOT NULL,
                mime             bytea NOT NULL,        -- the message as it is sent, every time it is sent
                html             text NOT NULL,
                created_utc      timestamptz NOT NULL,
                sent_utc         timestamptz,           -- null: in the outbox
                delivery         text,
                attempts         integer NOT NULL DEFAULT 0,
                last_error       text,
                next_attempt_utc timestamptz
            );
            CREATE INDEX digest_messages_unsent ON digest_messages(sent_utc, id);

            -- Items whose reports a digest of version 1 delivered were told already: folded without a story, so the
            -- first digest after the upgrade does not tell them again.
            INSERT INTO story_items (item_id, folded_utc)
            SELECT DISTINCT r.item_id, now()
            FROM reports r JOIN digests d ON d.id = r.digest_id
            WHERE d.delivered_utc IS NOT NULL;
            """),
        (4, "job runs", """
            -- The latest run of each scheduled job that is not a feed poll, and each worker's latest start: health reads them.
            CREATE TABLE job_runs (
                job          text PRIMARY KEY,       -- "digest"; "start": the latest start of a worker
                instance     text NOT NULL,          -- the worker that ran it
                started_utc  timestamptz NOT NULL,
                finished_utc timestamptz NOT NULL,
                outcome      text NOT NULL           -- "ok", or what went wrong
            );
            """),
    ];
}
