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
    run_id  BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    kind    TEXT COLLATE "C" NOT NULL,
    term    TEXT COLLATE "C" NOT NULL,
    work_id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (run_id, kind, term, work_id)
);

-- Keyset pages filtered by severity, in work order.
CREATE INDEX findings_run_severity_work ON findings (run_id, severity, work_id);

-- Terms of the findings stored before this migration, from their documents (the store extracts the same
-- values when it stores a finding: FindingTerms.Of).
INSERT INTO finding_terms (run_id, kind, term, work_id)
SELECT DISTINCT f.run_id, x.kind, x.term, f.work_id
FROM findings f
CROSS JOIN LATERAL (
    SELECT 'list' AS kind, l ->> 'list' AS term
    FROM json_array_elements(CASE WHEN json_typeof(f.document -> 'institutions') = 'array' THEN f.document -> 'institutions' ELSE '[]'::json END) i,
         json_array_elements(CASE WHEN json_typeof(i -> 'listings') = 'array' THEN i -> 'listings' ELSE '[]'::json END) l
    WHERE json_typeof(l -> 'list') = 'string'
    UNION
    SELECT 'institution', i ->> 'ror'
    FROM json_array_elements(CASE WHEN json_typeof(f.document -> 'institutions') = 'array' THEN f.document -> 'institutions' ELSE '[]'::json END) i
    WHERE json_typeof(i -> 'ror') = 'string'
    UNION
    SELECT 'institution', i ->> 'name'
    FROM json_array_elements(CASE WHEN json_typeof(f.document -> 'institutions') = 'array' THEN f.document -> 'institutions' ELSE '[]'::json END) i
    WHERE json_typeof(i -> 'name') = 'string'
    UNION
    SELECT 'topic', t ->> 'topic'
    FROM json_array_elements(CASE WHEN json_typeof(f.document -> 'topics') = 'array' THEN f.document -> 'topics' ELSE '[]'::json END) t
    WHERE json_typeof(t -> 'topic') = 'string'
    UNION
    SELECT 'dataset', d ->> 'dataset'
    FROM json_array_elements(CASE WHEN json_typeof(f.document -> 'datasets') = 'array' THEN f.document -> 'datasets' ELSE '[]'::json END) d
    WHERE json_typeof(d -> 'dataset') = 'string'
) x;
