-- Runs and their findings. Times are ISO 8601 UTC text; JSON columns hold text that the store validates.
CREATE TABLE runs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, so a deleted run's id stays unambiguous
    started       TEXT NOT NULL,
    finished      TEXT,
    command       TEXT NOT NULL,
    options       TEXT NOT NULL DEFAULT '{}',   -- JSON object
    inputs        TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
    list_versions TEXT NOT NULL DEFAULT '{}',   -- JSON object: list id -> version
    works_read    INTEGER,
    works_skipped INTEGER
);

CREATE TABLE findings (
    run_id   INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    work_id  TEXT NOT NULL,
    doi      TEXT,
    title    TEXT,
    year     INTEGER,
    severity TEXT NOT NULL,
    rules    TEXT NOT NULL DEFAULT '[]',        -- JSON array of rule ids
    document TEXT NOT NULL,                     -- the finding as the screen command's JSONL object
    PRIMARY KEY (run_id, work_id)               -- one finding per work per run; also the diff's merge order
);
