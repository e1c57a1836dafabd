-- The register: documents, their obligations and responsible bodies, references, entities,
-- the gazetteer, every ingest attempt, and the digest's notifications.
CREATE TABLE documents (
    doc_id            VARCHAR PRIMARY KEY,      -- sha256 of the file's bytes
    file_name         VARCHAR NOT NULL,
    path              VARCHAR,
    format            VARCHAR NOT NULL,
    doc_type          VARCHAR NOT NULL,
    title             VARCHAR,
    reg_number        VARCHAR,
    reg_date          DATE,
    sender_name       VARCHAR,
    region            VARCHAR,
    municipality      VARCHAR,
    parts             INTEGER NOT NULL DEFAULT 1,
    extractor_version VARCHAR NOT NULL,
    ingested_at       TIMESTAMP NOT NULL DEFAULT current_timestamp,
    superseded_by     VARCHAR                   -- a later version: same reg number, date and sender, other bytes
);

CREATE TABLE obligations (
    doc_id         VARCHAR NOT NULL,
    ob_no          INTEGER NOT NULL,
    number         VARCHAR,
    text           VARCHAR NOT NULL,
    deadline_raw   VARCHAR,
    deadline_start DATE,
    deadline_end   DATE,
    deadline_kind  VARCHAR,
    recurrence     VARCHAR,
    status         VARCHAR NOT NULL,           -- as the document states it: pending | done
    confidence     DOUBLE NOT NULL,
    reasons        VARCHAR[],
    part           INTEGER NOT NULL DEFAULT 1,
    locator        VARCHAR,
    span_start     INTEGER NOT NULL,
    span_end       INTEGER NOT NULL,
    PRIMARY KEY (doc_id, ob_no)
);

CREATE TABLE obligation_responsible (
    doc_id       VARCHAR NOT NULL,
    ob_no        INTEGER NOT NULL,
    body_no      INTEGER NOT NULL,
    name         VARCHAR NOT NULL,
    scope        VARCHAR NOT NULL,             -- body | all_municipalities | all_regions | federal
    region       VARCHAR,
    municipality VARCHAR,
    source       VARCHAR,
    PRIMARY KEY (doc_id, ob_no, body_no)
);

CREATE TABLE doc_references (
    doc_id       VARCHAR NOT NULL,
    ref_no       INTEGER NOT NULL,
    kind         VARCHAR,
    issuer       VARCHAR,
    number       VARCHAR NOT NULL,
    date         DATE,
    in_reply     BOOLEAN NOT NULL DEFAULT false,
    span_start   INTEGER,
    span_end     INTEGER,
    PRIMARY KEY (doc_id, ref_no)
);

CREATE TABLE entities (
    doc_id     VARCHAR NOT NULL,
    ent_no     INTEGER NOT NULL,
    type       VARCHAR NOT NULL,
    text       VARCHAR NOT NULL,
    normal     VARCHAR,
    span_start INTEGER NOT NULL,
    span_end   INTEGER NOT NULL,
    PRIMARY KEY (doc_id, ent_no)
);

CREATE TABLE regions (
    oktmo_prefix VARCHAR PRIMARY KEY,
    oktmo        VARCHAR,
    name         VARCHAR NOT NULL,
    type         VARCHAR
);

CREATE TABLE municipalities (
    oktmo      VARCHAR PRIMARY KEY,
    region     VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,
    type       VARCHAR,
    short_name VARCHAR NOT NULL
);

CREATE SEQUENCE ingest_log_seq;
CREATE TABLE ingest_log (
    id      BIGINT PRIMARY KEY DEFAULT nextval('ingest_log_seq'),
    attempted_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    file    VARCHAR NOT NULL,
    sha256  VARCHAR,
    outcome VARCHAR NOT NULL,                  -- loaded | duplicate | reloaded | new_version | failed
    reason  VARCHAR
);

CREATE TABLE notifications (
    recipient VARCHAR NOT NULL,
    doc_id    VARCHAR NOT NULL,
    ob_no     INTEGER NOT NULL,
    for_date  DATE NOT NULL,
    sent_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (recipient, doc_id, ob_no, for_date)
);
