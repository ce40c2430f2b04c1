-- Monitoring (issue #16): watches, their runs, their alerts, and a lock row per watch.
-- Self-contained: nothing here alters the tables of 001-003 (the lead renumbers this file at merge).

-- A watch: an institution screened again and again from the same source, with whom to tell.
-- source: JSON object, {"inputs": [paths]} or {"openalex": {...query...}}; notify: JSON array of targets
-- ("webhook:URL", "email:ADDRESS"); secret: the HMAC-SHA256 key of its webhook signatures.
CREATE TABLE watches (
    name             TEXT PRIMARY KEY,
    institution      TEXT NOT NULL,
    source           TEXT NOT NULL,
    policy           TEXT,
    lists_dir        TEXT,
    notify           TEXT NOT NULL,
    schedule         TEXT,
    secret           TEXT NOT NULL,
    created          TEXT NOT NULL,
    next_due         TEXT,
    last_success_run INTEGER REFERENCES runs (id),
    last_success_at  TEXT,
    input_digest     TEXT
);

-- One attempt of a watch: baseline, screened (works read) or re-evaluated (stored evidence, no work read).
CREATE TABLE watch_runs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    watch         TEXT NOT NULL REFERENCES watches (name) ON DELETE CASCADE,
    started       TEXT NOT NULL,
    finished      TEXT,
    status        TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
    message       TEXT,
    mode          TEXT,
    run_id        INTEGER REFERENCES runs (id),
    baseline_run  INTEGER REFERENCES runs (id),
    works_read    INTEGER,
    changes       INTEGER
);
CREATE INDEX watch_runs_watch ON watch_runs (watch, id);

-- One alert per (diff, target): the idempotency key is unique, so an alert is created once and, delivered, never again.
CREATE TABLE watch_alerts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    watch           TEXT NOT NULL REFERENCES watches (name) ON DELETE CASCADE,
    watch_run       INTEGER NOT NULL REFERENCES watch_runs (id) ON DELETE CASCADE,
    target          TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    created         TEXT NOT NULL,
    delivered       TEXT
);
CREATE INDEX watch_alerts_pending ON watch_alerts (watch, status, id);

-- Who runs a watch now. A holder that died leaves a row that expires.
CREATE TABLE watch_locks (
    watch    TEXT PRIMARY KEY,
    holder   TEXT NOT NULL,
    acquired TEXT NOT NULL,
    expires  TEXT NOT NULL
);
