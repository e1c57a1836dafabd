-- What a person corrected, applied over the extraction in every view. Keyed by the task key, so a
-- correction outlives re-extraction (a newer extractor) and new versions of the document.
-- `load_seq` numbers the rows like the other append-only tables, so publishing to the analysts can
-- pick up new corrections by number (the same sequence the loads draw from).
CREATE SEQUENCE corrections_seq;
CREATE SEQUENCE IF NOT EXISTS load_seq START 1;
CREATE TABLE corrections (
    id           BIGINT PRIMARY KEY DEFAULT nextval('corrections_seq'),
    task_key     VARCHAR NOT NULL,
    doc_id       VARCHAR,                  -- the version the person looked at (provenance only)
    ob_no        INTEGER,
    field        VARCHAR NOT NULL,         -- status | deadline | responsible | review
    old_value    VARCHAR,
    new_value    VARCHAR,                  -- status: done | extended | cancelled | not_task | pending;
                                           -- deadline: ISO date; responsible: a body's name; review: accepted
    region       VARCHAR,                  -- responsible: the place the new body's name gives, if any
    municipality VARCHAR,
    why          VARCHAR,
    who          VARCHAR NOT NULL,
    made_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    load_seq     BIGINT NOT NULL DEFAULT nextval('load_seq')
);
