-- The archive's tables, indexes, full-text search and views.
--
-- Applied by archive.store.open_db on every open, so every statement must be
-- safe to run again: tables and indexes use IF NOT EXISTS; views and triggers
-- are dropped and recreated so that a newer schema.sql replaces older ones.
-- PRAGMA user_version is set by store.py after this script has run.
-- Offsets (start, "end") are character offsets into articles.body, end exclusive.

-- countries: ISO 3166-1 countries (filled from pycountry, plus XK Kosovo).
CREATE TABLE IF NOT EXISTS countries (
    iso2 TEXT PRIMARY KEY,
    iso3 TEXT,
    name TEXT NOT NULL
);

-- articles: one row per loaded article; path is its identity across reloads.
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    path TEXT NOT NULL UNIQUE,
    title TEXT,
    published TEXT,
    url TEXT,
    source TEXT,
    license TEXT,
    format TEXT,
    sha256 TEXT NOT NULL,
    body TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS idx_articles_source ON articles(source);

-- people: one person across the whole archive (see archive/resolve.py).
-- name_norm/surname_norm are accent-free casefolded keys for matching.
-- curated (here and in organisations, places, meetings, statements): a JSON array
-- of what the analyst's curation file set on the row ("name", "country", "date",
-- "speaker", "participants", ...); '[]' when nothing (archive/corrections.py).
CREATE TABLE IF NOT EXISTS people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    country TEXT REFERENCES countries(iso2),
    role TEXT,
    roles TEXT NOT NULL DEFAULT '[]',
    article_count INTEGER NOT NULL DEFAULT 0,
    mention_count INTEGER NOT NULL DEFAULT 0,
    name_norm TEXT NOT NULL,
    surname_norm TEXT NOT NULL,
    curated TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS idx_people_country ON people(country);
CREATE INDEX IF NOT EXISTS idx_people_role ON people(role);
CREATE INDEX IF NOT EXISTS idx_people_name_norm ON people(name_norm);
CREATE INDEX IF NOT EXISTS idx_people_surname_norm ON people(surname_norm);

-- person_aliases: other names a person was reported under. kind 'name' is a
-- form of the name (surname, variant, nickname) and links articles; kind
-- 'title' ("Russian Foreign Minister") is kept for reading but never used to
-- match people across articles, because a title changes holder.
CREATE TABLE IF NOT EXISTS person_aliases (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    alias_norm TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'name' CHECK (kind IN ('name', 'title')),
    PRIMARY KEY (person_id, alias)
);
CREATE INDEX IF NOT EXISTS idx_person_aliases_alias_norm ON person_aliases(alias_norm);

-- person_keys: match keys of each person's name and name aliases, made of
-- transliteration-folded words (archive.resolve.match_keys): every word, each
-- last word ("lavrov$"), each other word with the start of the last
-- ("sergei|la"); a name finds the few people it can match through them.
CREATE TABLE IF NOT EXISTS person_keys (
    key TEXT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (key, person_id)
);
CREATE INDEX IF NOT EXISTS idx_person_keys_person_id ON person_keys(person_id);

-- person_roles: the roles each article gives a person, dated by the article
-- (people.role is the role of the most recent one).
CREATE TABLE IF NOT EXISTS person_roles (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    date TEXT,
    PRIMARY KEY (person_id, role, article_id)
);
CREATE INDEX IF NOT EXISTS idx_person_roles_role ON person_roles(role);
CREATE INDEX IF NOT EXISTS idx_person_roles_article_id ON person_roles(article_id);

-- article_people: who appears in which article, with the roles given there
-- (people.role is the most recent of these).
CREATE TABLE IF NOT EXISTS article_people (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    role TEXT,
    roles TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (article_id, person_id)
);
CREATE INDEX IF NOT EXISTS idx_article_people_person_id ON article_people(person_id);

-- organisations: ministries, agencies, international bodies, parties, ...
CREATE TABLE IF NOT EXISTS organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    country TEXT REFERENCES countries(iso2),
    kind TEXT,
    name_norm TEXT NOT NULL,
    curated TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS idx_organisations_country ON organisations(country);
CREATE INDEX IF NOT EXISTS idx_organisations_kind ON organisations(kind);
CREATE INDEX IF NOT EXISTS idx_organisations_name_norm ON organisations(name_norm);

-- organisation_aliases: other names an organisation was reported under.
CREATE TABLE IF NOT EXISTS organisation_aliases (
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    alias_norm TEXT NOT NULL,
    PRIMARY KEY (organisation_id, alias)
);
CREATE INDEX IF NOT EXISTS idx_organisation_aliases_alias_norm ON organisation_aliases(alias_norm);

-- places: cities and venues, snapped to a GeoNames settlement when possible;
-- resolved = 1 once coordinates are known, 0 flags a place kept as text only.
CREATE TABLE IF NOT EXISTS places (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    country TEXT REFERENCES countries(iso2),
    latitude REAL,
    longitude REAL,
    geonames_id INTEGER,
    resolved INTEGER NOT NULL DEFAULT 0,
    name_norm TEXT NOT NULL,
    curated TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS idx_places_country ON places(country);
CREATE INDEX IF NOT EXISTS idx_places_name_norm ON places(name_norm);
CREATE INDEX IF NOT EXISTS idx_places_geonames_id ON places(geonames_id);
CREATE INDEX IF NOT EXISTS idx_places_resolved ON places(resolved);

-- place_aliases: spelling variants of a place name.
CREATE TABLE IF NOT EXISTS place_aliases (
    place_id INTEGER NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    alias_norm TEXT NOT NULL,
    PRIMARY KEY (place_id, alias)
);
CREATE INDEX IF NOT EXISTS idx_place_aliases_alias_norm ON place_aliases(alias_norm);

-- meetings: meetings, talks, visits, calls reported in an article: one row per
-- meeting an article tells (a report), however often the article mentions it.
-- key ("article name@start-end") survives reloads; curation.yml rejects by key
-- and rejected = 1 hides the row from the views.
-- status is held, planned (a future meeting) or cancelled (kept, never counted).
-- spans: every sentence of the article that tells this meeting, as a JSON
-- array of [start, end]; start/end is the one that reports it (the evidence).
-- event_id: the archive-level meeting (events) this report tells, NULL for a
-- rejected or cancelled report.
-- participants / participant_names duplicate the join tables as JSON arrays
-- because Datasette can facet arrays but not many-to-many tables.
CREATE TABLE IF NOT EXISTS meetings (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT,
    date TEXT,
    date_precision TEXT,
    planned INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'held',
    place_id INTEGER REFERENCES places(id),
    chair_id INTEGER REFERENCES people(id),
    evidence TEXT,
    start INTEGER,
    "end" INTEGER,
    spans TEXT NOT NULL DEFAULT '[]',
    participants TEXT NOT NULL DEFAULT '[]',
    participant_names TEXT NOT NULL DEFAULT '[]',
    key TEXT,
    rejected INTEGER NOT NULL DEFAULT 0,
    curated TEXT NOT NULL DEFAULT '[]',
    event_id INTEGER REFERENCES events(id) ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS idx_meetings_article_id ON meetings(article_id);
CREATE INDEX IF NOT EXISTS idx_meetings_place_id ON meetings(place_id);
CREATE INDEX IF NOT EXISTS idx_meetings_chair_id ON meetings(chair_id);
CREATE INDEX IF NOT EXISTS idx_meetings_date ON meetings(date);
CREATE INDEX IF NOT EXISTS idx_meetings_kind ON meetings(kind);
CREATE INDEX IF NOT EXISTS idx_meetings_key ON meetings(key);
CREATE INDEX IF NOT EXISTS idx_meetings_event_id ON meetings(event_id);
CREATE INDEX IF NOT EXISTS idx_meetings_status ON meetings(status);

-- meeting_countries: the countries taking part in a meeting; start/end are the
-- characters of the article that name the country (or the person, place or
-- group of countries that brings it in).
CREATE TABLE IF NOT EXISTS meeting_countries (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    iso2 TEXT NOT NULL REFERENCES countries(iso2),
    start INTEGER,
    "end" INTEGER,
    PRIMARY KEY (meeting_id, iso2)
);
CREATE INDEX IF NOT EXISTS idx_meeting_countries_iso2 ON meeting_countries(iso2);

-- meeting_people: the people taking part in a meeting; start/end are the
-- characters of the article that name or refer to the person.
CREATE TABLE IF NOT EXISTS meeting_people (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    start INTEGER,
    "end" INTEGER,
    PRIMARY KEY (meeting_id, person_id)
);
CREATE INDEX IF NOT EXISTS idx_meeting_people_person_id ON meeting_people(person_id);

-- events: one row per meeting across the archive (an archive meeting), made of
-- the reports (meetings rows, through meetings.event_id) that tell it; see
-- archive/events.py and docs/meetings.md for the linking rule. Rebuilt after
-- every load and curation; key is the key of its first report and keeps the
-- row's id across rebuilds. date and place are the most precise its reports
-- give; sources is the number of reports (one per article). Derived data: a
-- person or place merged away by curation leaves it until the next rebuild.
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT,
    status TEXT NOT NULL DEFAULT 'held',
    date TEXT,
    date_precision TEXT,
    place_id INTEGER REFERENCES places(id) ON DELETE SET NULL,
    chair_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    sources INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS idx_events_date ON events(date);
CREATE INDEX IF NOT EXISTS idx_events_place_id ON events(place_id);

-- event_countries / event_people: the union of the participants of an archive
-- meeting's reports, with how many reports name each (sources).
CREATE TABLE IF NOT EXISTS event_countries (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    iso2 TEXT NOT NULL REFERENCES countries(iso2),
    sources INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (event_id, iso2)
);
CREATE INDEX IF NOT EXISTS idx_event_countries_iso2 ON event_countries(iso2);
CREATE TABLE IF NOT EXISTS event_people (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    sources INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (event_id, person_id)
);
CREATE INDEX IF NOT EXISTS idx_event_people_person_id ON event_people(person_id);

-- report_windows: the days each linked report's meeting may fall on (archive/events.py, window;
-- NULL when any), written when reports are linked; a load relinks only the reports that share a
-- country, person or place with what it changed and whose windows meet (events.relink).
CREATE TABLE IF NOT EXISTS report_windows (
    meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
    first TEXT,
    last TEXT
);

-- event_links: the analyst's decisions on archive meetings (curation.yml):
-- reports a and b (meeting keys) tell the same meeting (same = 1, `archive
-- merge meeting`) or different ones (same = 0, `archive split meeting`).
CREATE TABLE IF NOT EXISTS event_links (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    same INTEGER NOT NULL,
    PRIMARY KEY (a, b)
);

-- statements: what a person or organisation said, directly or reported.
-- key and rejected work as for meetings.
-- speaker_name keeps the speaker as extracted, also when it was not resolved.
CREATE TABLE IF NOT EXISTS statements (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    speaker_id INTEGER REFERENCES people(id),
    organisation_id INTEGER REFERENCES organisations(id),
    speaker_name TEXT,
    text TEXT NOT NULL,
    kind TEXT,
    date TEXT,
    date_precision TEXT,
    cue TEXT,
    start INTEGER,
    "end" INTEGER,
    countries TEXT NOT NULL DEFAULT '[]',
    key TEXT,
    rejected INTEGER NOT NULL DEFAULT 0,
    curated TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS idx_statements_article_id ON statements(article_id);
CREATE INDEX IF NOT EXISTS idx_statements_speaker_id ON statements(speaker_id);
CREATE INDEX IF NOT EXISTS idx_statements_organisation_id ON statements(organisation_id);
CREATE INDEX IF NOT EXISTS idx_statements_kind ON statements(kind);
CREATE INDEX IF NOT EXISTS idx_statements_date ON statements(date);
CREATE INDEX IF NOT EXISTS idx_statements_key ON statements(key);
-- Statements whose speaker is only a name (archive.resolve.link_speakers reads these after each load).
CREATE INDEX IF NOT EXISTS idx_statements_unlinked ON statements(id)
    WHERE speaker_id IS NULL AND organisation_id IS NULL AND speaker_name IS NOT NULL;

-- statement_countries: the countries a statement is about.
CREATE TABLE IF NOT EXISTS statement_countries (
    statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    iso2 TEXT NOT NULL REFERENCES countries(iso2),
    PRIMARY KEY (statement_id, iso2)
);
CREATE INDEX IF NOT EXISTS idx_statement_countries_iso2 ON statement_countries(iso2);

-- article_countries: countries referred to in an article, with mention counts.
CREATE TABLE IF NOT EXISTS article_countries (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    iso2 TEXT NOT NULL REFERENCES countries(iso2),
    count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, iso2)
);
CREATE INDEX IF NOT EXISTS idx_article_countries_iso2 ON article_countries(iso2);

-- mentions: every span of text that names an entity. entity_id is text
-- because it points at different tables: people.id, organisations.id,
-- places.id (as text), countries.iso2, or an ISO date value.
CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_type TEXT NOT NULL
        CHECK (entity_type IN ('person', 'organisation', 'country', 'place', 'date')),
    entity_id TEXT,
    surface TEXT NOT NULL,
    start INTEGER,
    "end" INTEGER
);
CREATE INDEX IF NOT EXISTS idx_mentions_article_id ON mentions(article_id);
CREATE INDEX IF NOT EXISTS idx_mentions_entity ON mentions(entity_type, entity_id);

-- distinct_pairs: people (or places, organisations) that curation.yml says are
-- two, never to be merged (`archive distinct`); rebuilt each time the file is
-- applied, so the ids are those of the current rows. confirmed is internal.
CREATE TABLE IF NOT EXISTS distinct_pairs (
    kind TEXT NOT NULL CHECK (kind IN ('person', 'place', 'organisation')),
    a INTEGER NOT NULL,
    b INTEGER NOT NULL,
    confirmed INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (kind, a, b)
);

-- curation_problems: the decisions of curation.yml that no longer apply (they
-- name nothing, or lead in a circle), as of the last time the file was applied.
CREATE TABLE IF NOT EXISTS curation_problems (
    position INTEGER PRIMARY KEY,
    problem TEXT NOT NULL
);

-- review_items: `archive review`'s list (archive/review.py), stored at the end of every load and
-- curation that changed something, so /-/review reads it instead of computing it; most impactful first
-- is ORDER BY impact DESC, kind, summary (the order of review.review). details is the item's JSON (ids,
-- rows, commands). ref_*: the row an item is about (ref_table 'meetings', 'statements' or 'people', its id,
-- the other person of a duplicate pair, the article of a meeting or statement), so that a load redoes only
-- the items of what it touched (review.update); NULL for the checks redone whole. review_state says when it
-- was stored (no row: never, and the page computes the list itself) and whether its items carry their rows
-- (incremental = review.REFS; else the next load recomputes the whole list).
CREATE TABLE IF NOT EXISTS review_items (
    position INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    impact REAL NOT NULL,
    summary TEXT NOT NULL,
    suggestion TEXT,
    details TEXT NOT NULL DEFAULT '{}',
    ref_table TEXT,
    ref_id INTEGER,
    ref_other INTEGER,
    ref_article INTEGER
);
DROP INDEX IF EXISTS idx_review_items_kind;
CREATE INDEX IF NOT EXISTS idx_review_items_order ON review_items(impact DESC, kind, summary);
CREATE INDEX IF NOT EXISTS idx_review_items_kind_order ON review_items(kind, impact DESC, summary);
-- The number of each kind (review.stored_kinds) from a narrow index: the order's ones hold every summary.
CREATE INDEX IF NOT EXISTS idx_review_items_kinds ON review_items(kind);
CREATE INDEX IF NOT EXISTS idx_review_items_ref ON review_items(ref_table, ref_id);
CREATE INDEX IF NOT EXISTS idx_review_items_other ON review_items(ref_other) WHERE ref_other IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_review_items_article ON review_items(ref_table, ref_article)
    WHERE ref_article IS NOT NULL;
CREATE TABLE IF NOT EXISTS review_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    built_at TEXT NOT NULL,
    items INTEGER NOT NULL,
    incremental INTEGER NOT NULL DEFAULT 0
);

-- Full-text search: external-content FTS5 tables kept in sync by triggers,
-- so the text is stored once and search survives reloads and replaces.
-- Update triggers fire only when the indexed text changes (not for flags or links).
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, body,
    content=[articles], content_rowid=[id],
    tokenize='porter unicode61 remove_diacritics 2'
);
DROP TRIGGER IF EXISTS articles_ai;
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
DROP TRIGGER IF EXISTS articles_ad;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
END;
DROP TRIGGER IF EXISTS articles_au;
CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE VIRTUAL TABLE IF NOT EXISTS statements_fts USING fts5(
    text,
    content=[statements], content_rowid=[id],
    tokenize='porter unicode61 remove_diacritics 2'
);
DROP TRIGGER IF EXISTS statements_ai;
CREATE TRIGGER statements_ai AFTER INSERT ON statements BEGIN
    INSERT INTO statements_fts (rowid, text) VALUES (new.id, new.text);
END;
DROP TRIGGER IF EXISTS statements_ad;
CREATE TRIGGER statements_ad AFTER DELETE ON statements BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
DROP TRIGGER IF EXISTS statements_au;
CREATE TRIGGER statements_au AFTER UPDATE OF text ON statements BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO statements_fts (rowid, text) VALUES (new.id, new.text);
END;

-- meetings_view: one flat row per meeting an article reports (a report), for
-- browsing, faceting and reading; event_id is the archive meeting it tells.
DROP VIEW IF EXISTS meetings_view;
CREATE VIEW meetings_view AS
SELECT
    m.id,
    a.title AS article,
    m.date,
    m.kind,
    m.planned,
    pl.name AS place,
    pl.country AS place_country,
    pl.latitude,
    pl.longitude,
    ch.name AS chair,
    m.participants,
    m.participant_names,
    m.evidence,
    m.article_id,
    m.curated,
    m.status,
    m.event_id
FROM meetings m
JOIN articles a ON a.id = m.article_id
LEFT JOIN places pl ON pl.id = m.place_id
LEFT JOIN people ch ON ch.id = m.chair_id
WHERE NOT m.rejected;

-- archive_meetings: one row per meeting across the archive (events), held or
-- planned, however many articles report it: every count of meetings, map point,
-- matrix cell and timeline bar reads this view.
--   date, date_precision  the most precise date its reports give, else the
--                publication date of its first article
--   dated_by     'meeting', 'article' or NULL (undated)
--   host_country where it was held: the place's country, else the chair's,
--                else the only participating country (NULL when unknown)
--   countries    participating countries (JSON array of ISO alpha-2 codes),
--                the union over its reports
--   person_ids, people  participants and chair, ids (as text, so Datasette's
--                arraycontains filter matches them) and names in the same order
--   sources      how many reports (articles) tell it; report_ids, article_ids
--                list them (JSON arrays); evidence, article_id and article are
--                those of its first report
DROP VIEW IF EXISTS archive_meetings;
CREATE VIEW archive_meetings AS
WITH first_report AS (
    SELECT m.event_id, m.id, m.evidence, m.article_id, a.published, COALESCE(a.title, a.name) AS article,
           ROW_NUMBER() OVER (PARTITION BY m.event_id ORDER BY a.published NULLS LAST, m.key) AS n
    FROM meetings m JOIN articles a ON a.id = m.article_id
    WHERE m.event_id IS NOT NULL
)
SELECT
    e.id,
    e.key,
    COALESCE(e.date, f.published) AS date,
    CASE WHEN e.date IS NOT NULL THEN e.date_precision WHEN f.published IS NOT NULL THEN 'day' END
        AS date_precision,
    CASE WHEN e.date IS NOT NULL THEN 'meeting' WHEN f.published IS NOT NULL THEN 'article' END AS dated_by,
    e.kind,
    e.status = 'planned' AS planned,
    e.status,
    e.place_id,
    pl.name AS place,
    pl.country AS place_country,
    pl.latitude,
    pl.longitude,
    COALESCE(pl.country, ch.country,
             (SELECT min(iso2) FROM event_countries WHERE event_id = e.id
              HAVING count(*) = 1)) AS host_country,
    e.chair_id,
    ch.name AS chair,
    (SELECT json_group_array(iso2) FROM (
        SELECT iso2 FROM event_countries WHERE event_id = e.id ORDER BY iso2)) AS countries,
    (SELECT count(*) FROM event_countries WHERE event_id = e.id) AS country_count,
    (SELECT json_group_array(CAST(id AS TEXT)) FROM (
        SELECT p.id FROM people p WHERE p.id = e.chair_id
            OR p.id IN (SELECT person_id FROM event_people WHERE event_id = e.id)
        ORDER BY p.name, p.id)) AS person_ids,
    (SELECT json_group_array(name) FROM (
        SELECT p.name FROM people p WHERE p.id = e.chair_id
            OR p.id IN (SELECT person_id FROM event_people WHERE event_id = e.id)
        ORDER BY p.name, p.id)) AS people,
    e.sources,
    (SELECT json_group_array(id) FROM (
        SELECT id FROM meetings WHERE event_id = e.id ORDER BY id)) AS report_ids,
    (SELECT json_group_array(article_id) FROM (
        SELECT DISTINCT article_id FROM meetings WHERE event_id = e.id ORDER BY article_id)) AS article_ids,
    f.evidence,
    f.article_id,
    f.article,
    (SELECT json_group_array(DISTINCT c.value) FROM meetings mm, json_each(mm.curated) c
     WHERE mm.event_id = e.id) AS curated
FROM events e
JOIN first_report f ON f.event_id = e.id AND f.n = 1
LEFT JOIN places pl ON pl.id = e.place_id
LEFT JOIN people ch ON ch.id = e.chair_id;

-- statements_view: one flat row per statement. date falls back to the
-- article's publication date when the statement itself carries none.
DROP VIEW IF EXISTS statements_view;
CREATE VIEW statements_view AS
SELECT
    s.id,
    a.title AS article,
    COALESCE(p.name, o.name, s.speaker_name) AS speaker,
    COALESCE(p.country, o.country) AS speaker_country,
    o.name AS organisation,
    s.kind,
    COALESCE(s.date, a.published) AS date,
    s.text,
    s.countries,
    s.article_id,
    s.speaker_id,
    s.organisation_id,
    s.curated
FROM statements s
JOIN articles a ON a.id = s.article_id
LEFT JOIN people p ON p.id = s.speaker_id
LEFT JOIN organisations o ON o.id = s.organisation_id
WHERE NOT s.rejected;

-- Summary tables ---------------------------------------------------------------
-- Rebuilt from the views above at the end of every load and curation
-- (archive/summaries.py), so that the pages of a million-statement archive read
-- indexed tables and a few precomputed counts instead of computing the views on
-- every request. They follow any new definition of archive_meetings or
-- statements_view at the next load.

-- meeting_rows: archive_meetings as an indexed table, with the place's coordinates and
-- search_text, everything a meeting can be found by, lower-cased (evidence, people,
-- place, country names).
CREATE TABLE IF NOT EXISTS meeting_rows (
    id INTEGER PRIMARY KEY,
    key TEXT,
    date TEXT,
    date_precision TEXT,
    dated_by TEXT,
    kind TEXT,
    planned INTEGER,
    status TEXT,
    place_id INTEGER,
    place TEXT,
    place_country TEXT,
    host_country TEXT,
    chair_id INTEGER,
    chair TEXT,
    countries TEXT NOT NULL DEFAULT '[]',
    country_count INTEGER NOT NULL DEFAULT 0,
    person_ids TEXT NOT NULL DEFAULT '[]',
    people TEXT NOT NULL DEFAULT '[]',
    sources INTEGER NOT NULL DEFAULT 1,
    report_ids TEXT NOT NULL DEFAULT '[]',
    article_ids TEXT NOT NULL DEFAULT '[]',
    evidence TEXT,
    article_id INTEGER,
    article TEXT,
    latitude REAL,
    longitude REAL,
    curated TEXT NOT NULL DEFAULT '[]',
    search_text TEXT
);
CREATE INDEX IF NOT EXISTS idx_meeting_rows_date ON meeting_rows(date, id);
CREATE INDEX IF NOT EXISTS idx_meeting_rows_place_id ON meeting_rows(place_id, date);
CREATE INDEX IF NOT EXISTS idx_meeting_rows_host_country ON meeting_rows(host_country, latitude, date);
CREATE INDEX IF NOT EXISTS idx_meeting_rows_unplaced ON meeting_rows(date) WHERE latitude IS NULL;
CREATE INDEX IF NOT EXISTS idx_meeting_rows_kind ON meeting_rows(kind);
CREATE INDEX IF NOT EXISTS idx_meeting_rows_dated_by ON meeting_rows(dated_by);
CREATE INDEX IF NOT EXISTS idx_meeting_rows_article_id ON meeting_rows(article_id);
-- meeting_rows_fts: a trigram index of meeting_rows.search_text, so that search's
-- LIKE '%word%' reads the index, not every meeting (rebuilt with meeting_rows).
CREATE VIRTUAL TABLE IF NOT EXISTS meeting_rows_fts USING fts5(
    search_text, content='meeting_rows', content_rowid='id', tokenize='trigram', detail='none'
);

-- meeting_members: who took part in each meeting of meeting_rows, one row per
-- country (kind 'country', member an ISO code) or person (kind 'person', member
-- the id as text), with the meeting's date and size for selections.
CREATE TABLE IF NOT EXISTS meeting_members (
    kind TEXT NOT NULL CHECK (kind IN ('country', 'person')),
    member TEXT NOT NULL,
    date TEXT,
    meeting_id INTEGER NOT NULL,
    country_count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_meeting_members ON meeting_members(kind, member, date, meeting_id, country_count);
CREATE INDEX IF NOT EXISTS idx_meeting_members_meeting_id ON meeting_members(meeting_id, kind, member);

-- statement_rows: statements_view as an indexed table. search_id is the id again, without an
-- index: Datasette's full-text search (?_search=, statements_fts) matches on it, so SQLite reads
-- the rows newest first through the date index and stops at the page, instead of fetching every
-- match by id and sorting them all.
CREATE TABLE IF NOT EXISTS statement_rows (
    id INTEGER PRIMARY KEY,
    article TEXT,
    speaker TEXT,
    speaker_country TEXT,
    organisation TEXT,
    kind TEXT,
    date TEXT,
    text TEXT,
    countries TEXT NOT NULL DEFAULT '[]',
    article_id INTEGER,
    speaker_id INTEGER,
    organisation_id INTEGER,
    curated TEXT NOT NULL DEFAULT '[]',
    search_id INTEGER
);
CREATE INDEX IF NOT EXISTS idx_statement_rows_date ON statement_rows(date, id);
CREATE INDEX IF NOT EXISTS idx_statement_rows_speaker_id ON statement_rows(speaker_id, date);
CREATE INDEX IF NOT EXISTS idx_statement_rows_organisation_id ON statement_rows(organisation_id, date);
CREATE INDEX IF NOT EXISTS idx_statement_rows_article_id ON statement_rows(article_id);
CREATE INDEX IF NOT EXISTS idx_statement_rows_speaker_country ON statement_rows(speaker_country);
CREATE INDEX IF NOT EXISTS idx_statement_rows_kind ON statement_rows(kind);
CREATE INDEX IF NOT EXISTS idx_statement_rows_speaker ON statement_rows(speaker);
CREATE INDEX IF NOT EXISTS idx_statement_rows_unknown_speaker ON statement_rows(speaker)
    WHERE speaker_id IS NULL AND organisation_id IS NULL;

-- statement_members: the countries of each statement of statement_rows: those
-- it is about and its speaker's.
CREATE TABLE IF NOT EXISTS statement_members (
    member TEXT NOT NULL,
    date TEXT,
    statement_id INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_statement_members ON statement_members(member, date, statement_id);
CREATE INDEX IF NOT EXISTS idx_statement_members_statement_id ON statement_members(statement_id);

-- member_counts: meetings per country or person, per month (period YYYY-MM,
-- YYYY for a date known to the year, NULL undated) and meeting size.
CREATE TABLE IF NOT EXISTS member_counts (
    kind TEXT NOT NULL,
    member TEXT NOT NULL,
    period TEXT,
    country_count INTEGER NOT NULL,
    n INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_member_counts ON member_counts(kind, period, country_count, member, n);

-- member_totals: meetings per country ('country') and person ('person'),
-- statements per country they are about or by ('statement country') and per
-- speaker ('speaker'); the choices of the pages' forms.
CREATE TABLE IF NOT EXISTS member_totals (
    kind TEXT NOT NULL,
    member TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (kind, member)
);
CREATE INDEX IF NOT EXISTS idx_member_totals_top ON member_totals(kind, n DESC, member);

-- pair_totals: meetings shared by two countries or two people (a < b), in all.
CREATE TABLE IF NOT EXISTS pair_totals (
    kind TEXT NOT NULL,
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (kind, a, b)
);
CREATE INDEX IF NOT EXISTS idx_pair_totals_top ON pair_totals(kind, n DESC, a, b);
CREATE INDEX IF NOT EXISTS idx_pair_totals_b ON pair_totals(kind, b);

-- pair_counts: meetings shared by two countries or two people (a < b), per month and meeting size.
CREATE TABLE IF NOT EXISTS pair_counts (
    kind TEXT NOT NULL,
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    period TEXT,
    country_count INTEGER NOT NULL,
    n INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_pair_counts ON pair_counts(kind, period, country_count, a, b, n);

-- member_years, pair_years: member_counts and pair_counts summed per year ('2004'; NULL: undated), so that a
-- range of whole years sums a row per year instead of twelve (who meets whom, archive/publish/pairs.py).
CREATE TABLE IF NOT EXISTS member_years (
    kind TEXT NOT NULL,
    member TEXT NOT NULL,
    year TEXT,
    country_count INTEGER NOT NULL,
    n INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_member_years ON member_years(kind, year, country_count, member, n);
CREATE TABLE IF NOT EXISTS pair_years (
    kind TEXT NOT NULL,
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    year TEXT,
    country_count INTEGER NOT NULL,
    n INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_pair_years ON pair_years(kind, year, country_count, a, b, n);

-- period_counts: meetings and statements per month (as member_counts), for the timeline.
CREATE TABLE IF NOT EXISTS period_counts (
    series TEXT NOT NULL CHECK (series IN ('meetings', 'statements')),
    period TEXT,
    country_count INTEGER,
    n INTEGER NOT NULL
);

-- archive_summary: the counts of the index page, one row.
CREATE TABLE IF NOT EXISTS archive_summary (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    articles INTEGER, statements INTEGER, meetings INTEGER, people INTEGER, organisations INTEGER,
    meeting_countries INTEGER, mapped_places INTEGER, published INTEGER,
    first_published TEXT, last_published TEXT,
    undated_articles INTEGER, undated_statements INTEGER, undated_meetings INTEGER,
    unmapped_meetings INTEGER, unresolved_places INTEGER, unknown_speakers INTEGER,
    built_at TEXT,
    version INTEGER
);
