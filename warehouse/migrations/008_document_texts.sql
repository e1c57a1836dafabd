-- A document's linear text, so a person can see a task in its place (spans index into it). Kept apart
-- from `documents` so that table stays narrow for the analysts' joins.
CREATE TABLE document_texts (
    doc_id VARCHAR PRIMARY KEY,
    text   VARCHAR NOT NULL,
    load_seq BIGINT NOT NULL DEFAULT 0    -- the load that wrote it, like the other per-document tables
);
