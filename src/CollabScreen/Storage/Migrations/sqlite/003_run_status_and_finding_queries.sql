-- Run status: a run is `running` from BeginRun until EndRun marks it `finished`, `failed` or `cancelled`.
-- Only finished runs are `latest`/`previous` and diffed, so a crash never looks like "everything is gone".
-- Back-fill: a run with an end time finished; one without was interrupted (the program before this schema
-- had no way to record a failure, and its crashed runs never got an end time), so it is `failed`.
ALTER TABLE runs ADD COLUMN status TEXT NOT NULL DEFAULT 'running'
    CHECK (status IN ('running', 'finished', 'failed', 'cancelled'));
-- Why a run failed or was cancelled, for people (null for a finished run).
ALTER TABLE runs ADD COLUMN status_message TEXT;
UPDATE runs SET status = CASE WHEN finished IS NOT NULL THEN 'finished' ELSE 'failed' END;
CREATE INDEX runs_status ON runs (status, id);

-- The values a finding can be filtered by, one row each: list ids of its institutions' listings
-- (kind 'list'), its institutions' ROR ids and names ('institution'), topic ids ('topic'), dataset ids
-- ('dataset'). Verbatim, compared exactly. The primary key serves "findings of run R with term T, after
-- work W" as one index range, and "run R's terms of kind K" (text search, facets) as its prefix. One index
-- only, since every stored finding adds several rows: rows go with their run (the key's prefix), not
-- with each finding.
CREATE TABLE finding_terms (
    run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    term    TEXT NOT NULL,
    work_id TEXT NOT NULL,
    PRIMARY KEY (run_id, kind, term, work_id)
) WITHOUT ROWID;

-- Keyset pages filtered by severity, in work order.
CREATE INDEX findings_run_severity_work ON findings (run_id, severity, work_id);

-- Terms of the findings stored before this migration, from their documents (the store extracts the same
-- values when it stores a finding: FindingTerms.Of).
-- Paths from the document itself (fullkey), so an element that is not an object yields nothing, not an error.
INSERT OR IGNORE INTO finding_terms (run_id, kind, term, work_id)
SELECT f.run_id, 'list', json_extract(f.document, l.fullkey || '.list'), f.work_id
FROM findings f, json_each(f.document, '$.institutions') i, json_each(f.document, i.fullkey || '.listings') l
WHERE json_type(f.document, '$.institutions') = 'array' AND json_type(f.document, i.fullkey || '.listings') = 'array'
  AND json_type(f.document, l.fullkey || '.list') = 'text';
INSERT OR IGNORE INTO finding_terms (run_id, kind, term, work_id)
SELECT f.run_id, 'institution', json_extract(f.document, i.fullkey || '.' || k.key), f.work_id
FROM findings f, json_each(f.document, '$.institutions') i, (SELECT 'ror' AS key UNION ALL SELECT 'name') k
WHERE json_type(f.document, '$.institutions') = 'array' AND json_type(f.document, i.fullkey || '.' || k.key) = 'text';
INSERT OR IGNORE INTO finding_terms (run_id, kind, term, work_id)
SELECT f.run_id, 'topic', json_extract(f.document, t.fullkey || '.topic'), f.work_id
FROM findings f, json_each(f.document, '$.topics') t
WHERE json_type(f.document, '$.topics') = 'array' AND json_type(f.document, t.fullkey || '.topic') = 'text';
INSERT OR IGNORE INTO finding_terms (run_id, kind, term, work_id)
SELECT f.run_id, 'dataset', json_extract(f.document, d.fullkey || '.dataset'), f.work_id
FROM findings f, json_each(f.document, '$.datasets') d
WHERE json_type(f.document, '$.datasets') = 'array' AND json_type(f.document, d.fullkey || '.dataset') = 'text';
