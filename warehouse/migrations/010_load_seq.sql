-- Loads keyed by a monotonic number, so a document's rows lie together on disk: replacing a document
-- deletes by (load_seq, doc_id), which zone maps narrow to its own row groups, and publishing to the
-- analysts exports only rows above the last published number (warehouse/publish.py); append-only
-- tables (ingest_log, notifications) number their rows from the same sequence.
CREATE SEQUENCE IF NOT EXISTS load_seq START 1;
ALTER TABLE documents ADD COLUMN load_seq BIGINT NOT NULL DEFAULT 0;     -- the load that wrote its rows
ALTER TABLE documents ADD COLUMN changed_seq BIGINT NOT NULL DEFAULT 0;  -- the last load that changed this row
ALTER TABLE obligations ADD COLUMN load_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE obligation_responsible ADD COLUMN load_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE doc_references ADD COLUMN load_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN load_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ingest_log ADD COLUMN load_seq BIGINT NOT NULL DEFAULT nextval('load_seq');
ALTER TABLE notifications ADD COLUMN load_seq BIGINT NOT NULL DEFAULT nextval('load_seq');
