-- Which CollabScreen produced a run, so a diff can tell a tool change from a data change.
ALTER TABLE runs ADD COLUMN tool_version TEXT;

-- Counts per severity for `runs` without scanning documents.
CREATE INDEX findings_run_severity ON findings (run_id, severity);
