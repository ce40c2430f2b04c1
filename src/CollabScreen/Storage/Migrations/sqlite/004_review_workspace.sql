-- The review workspace (issue 15): accounts, API tokens, one review item per stable finding key, which
-- run's finding is which item, comments, and the append-only, hash-chained audit log.
CREATE TABLE review_users (
    name          TEXT PRIMARY KEY,
    role          TEXT NOT NULL,                 -- admin | reviewer | viewer
    password_hash TEXT,                          -- ASP.NET Core Identity's PasswordHasher format; null: token only
    disabled      INTEGER NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT,
    created       TEXT NOT NULL
);

CREATE TABLE review_tokens (
    token_hash TEXT PRIMARY KEY,                 -- SHA-256 of the token; the token itself is printed once
    user_name  TEXT NOT NULL REFERENCES review_users (name),
    created    TEXT NOT NULL
);

CREATE TABLE review_items (
    finding_key TEXT PRIMARY KEY,                -- work (DOI or id) | institution | rule family
    work_id     TEXT NOT NULL,
    status      TEXT NOT NULL,                   -- open, confirmed, dismissed, dismiss-pending, escalated, needs-info, reopened
    severity    TEXT NOT NULL,                   -- of the latest run's finding
    evidence    TEXT NOT NULL,                   -- JSON: what the current status was decided on
    reason      TEXT,
    note        TEXT,
    assignee    TEXT,
    pending_by  TEXT,                            -- who proposed a dismissal awaiting a second reviewer
    last_run_id INTEGER,
    updated     TEXT NOT NULL
);

CREATE TABLE review_links (
    run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    work_id     TEXT NOT NULL,
    finding_key TEXT NOT NULL,
    rank        INTEGER NOT NULL,                -- 0 critical .. 4 none: the queue's order
    PRIMARY KEY (run_id, work_id)
);
CREATE INDEX review_links_queue ON review_links (run_id, rank, work_id);
CREATE INDEX review_links_key ON review_links (finding_key);

CREATE TABLE review_synced (
    run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    synced TEXT NOT NULL
);

CREATE TABLE review_comments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    finding_key TEXT NOT NULL,
    author      TEXT NOT NULL,
    at          TEXT NOT NULL,
    body        TEXT NOT NULL
);
CREATE INDEX review_comments_key ON review_comments (finding_key, id);

CREATE TABLE audit_log (
    seq          INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    finding_key  TEXT,
    before_state TEXT,
    after_state  TEXT,
    reason       TEXT,
    client       TEXT,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL                  -- SHA-256 over prev_hash and this row: tampering breaks the chain
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
