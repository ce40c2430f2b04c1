-- Review suppressions (issue 15): "affiliation string S is not institution X", decided once and honoured by
-- every later screen of this store. Lifting one keeps the row (lifted, lifted_by) so history stays readable.
CREATE TABLE review_suppressions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    affiliation  TEXT NOT NULL,                  -- as the reviewer saw it
    match_key    TEXT NOT NULL,                  -- normalised affiliation | ror:ID or name:NAME
    ror          TEXT,
    institution  TEXT NOT NULL,
    finding_key  TEXT,                           -- the finding it was decided on
    note         TEXT,
    created_by   TEXT NOT NULL,
    created      TEXT NOT NULL,
    lifted_by    TEXT,
    lifted       TEXT
);
CREATE UNIQUE INDEX review_suppressions_active ON review_suppressions (match_key) WHERE lifted IS NULL;
