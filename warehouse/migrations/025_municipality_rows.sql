-- The municipality query reads only its municipality's rows. Before, v_municipality_obligations joined
-- every obligation to its bodies and the gazetteer: a full scan, 3.4 s at 10M obligations.
--
-- `municipality_obligations` is written by each load beside the document's other rows (same load_seq,
-- deleted and published like them): one row per task × body that binds a municipality, with what an
-- analyst reads, keyed by the OKTMO codes of the region and the municipality. A region-wide assignment
-- is one row (municipality NULL) that binds every municipality of its region. The writer keeps the
-- rows in runs sorted by those codes (warehouse.municipality_rows), so a filter on them skips whole row
-- groups. A body a person named replaces the extracted ones here too (the document's rows are written
-- again when a person does so: warehouse.load.renumber_task); versions and other corrections change
-- after the load, so the view applies them at query time, with the same rules as v_tasks (macros).

CREATE MACRO task_deadline_raw(deadline_set, deadline_raw) AS
    CASE WHEN deadline_set IS NULL THEN deadline_raw ELSE 'до ' || strftime(deadline_set::DATE, '%d.%m.%Y') END;
CREATE MACRO task_deadline_start(deadline_set, deadline_start) AS CASE WHEN deadline_set IS NULL THEN deadline_start END;
CREATE MACRO task_deadline_end(deadline_set, deadline_end) AS coalesce(deadline_set::DATE, deadline_end);
CREATE MACRO task_deadline_kind(deadline_set, deadline_kind) AS CASE WHEN deadline_set IS NULL THEN deadline_kind ELSE 'by' END;
CREATE MACRO task_recurrence(deadline_set, recurrence) AS CASE WHEN deadline_set IS NULL THEN recurrence END;
-- what no date can change: done or cancelled, by a person or by the document
CREATE MACRO task_closed_status(status_set, extracted_status) AS
    CASE WHEN status_set IN ('done', 'cancelled') THEN status_set
         WHEN status_set IN ('pending', 'extended') THEN NULL
         WHEN extracted_status = 'done' THEN 'done' END;
-- the place of a body a person named: its own, else the sender's
CREATE MACRO task_body_key(body_set) AS      -- as warehouse.identity.body_key spells it
    trim(regexp_replace(replace(lower(body_set), 'ё', 'е'), '[^0-9a-zа-я]+', ' ', 'g'));
CREATE MACRO task_body_region(body_set_region, sender_region) AS coalesce(body_set_region, sender_region);
CREATE MACRO task_body_municipality(body_set_region, body_set_municipality, sender_municipality) AS
    CASE WHEN body_set_region IS NOT NULL THEN body_set_municipality ELSE sender_municipality END;
CREATE MACRO task_status(closed_status, deadline_end) AS
    coalesce(closed_status, CASE WHEN deadline_end < current_date THEN 'overdue' ELSE 'pending' END);
CREATE MACRO task_days_left(closed_status, deadline_end) AS
    CASE WHEN closed_status IS NULL THEN deadline_end - current_date END;

-- The rows a load writes: the bodies as extracted (a body's region falls back to the sender's, as in
-- v_obligations), or the one a person named instead. Bodies of no known municipality (a ministry,
-- all regions) bind no municipality and have no row.
CREATE VIEW _municipality_rows AS
WITH tasks AS (
    SELECT o.doc_id, o.ob_no, o.load_seq, d.file_name, d.doc_type, d.reg_number, d.reg_date, d.sender_name,
           d.region AS sender_region, d.municipality AS sender_municipality,
           o.task_key, o.number AS item, o.text AS quote, o.deadline_raw, o.deadline_start, o.deadline_end,
           o.deadline_kind, o.recurrence, o.status AS extracted_status, o.confidence, o.reasons, o.locator, o.part,
           o.span_start, o.span_end, c.body_set, c.body_set_region, c.body_set_municipality
    FROM obligations o
    JOIN documents d ON d.doc_id = o.doc_id AND d.load_seq = o.load_seq
    LEFT JOIN v_task_corrections c ON c.task_key = o.task_key
), bodies AS (
    SELECT t.* EXCLUDE (body_set, body_set_region, body_set_municipality), r.body_no,
           coalesce(r.body, r.name) AS body, r.name AS body_as_written, r.full_name AS body_full,
           coalesce(r.body_key, lower(r.name)) AS body_key, r.scope,
           coalesce(r.region, t.sender_region) AS body_region, r.municipality AS body_municipality
    FROM tasks t JOIN obligation_responsible r ON r.doc_id = t.doc_id AND r.ob_no = t.ob_no AND r.load_seq = t.load_seq
    WHERE t.body_set IS NULL
    UNION ALL BY NAME
    SELECT t.* EXCLUDE (body_set, body_set_region, body_set_municipality), CAST(NULL AS INTEGER) AS body_no,
           t.body_set AS body, CAST(NULL AS VARCHAR) AS body_as_written, CAST(NULL AS VARCHAR) AS body_full,
           task_body_key(t.body_set) AS body_key, 'body' AS scope,
           task_body_region(t.body_set_region, t.sender_region) AS body_region,
           task_body_municipality(t.body_set_region, t.body_set_municipality, t.sender_municipality) AS body_municipality
    FROM tasks t WHERE t.body_set IS NOT NULL
)
SELECT CAST(g.oktmo AS INTEGER) AS region_oktmo, CAST(m.oktmo AS INTEGER) AS oktmo,
       g.name AS region, m.short_name AS municipality, b.* EXCLUDE (body_region, body_municipality)
FROM bodies b
JOIN regions g ON g.name = b.body_region
LEFT JOIN municipalities m ON b.scope = 'body' AND m.region = g.name AND m.short_name = b.body_municipality
WHERE b.scope = 'all_municipalities' OR (b.scope = 'body' AND m.oktmo IS NOT NULL);

-- An existing register's rows, in one sorted run.
CREATE TABLE municipality_obligations AS
SELECT * FROM _municipality_rows ORDER BY region_oktmo, oktmo NULLS FIRST, load_seq, doc_id, ob_no, body_no;

-- v_tasks and v_obligations as in 007, their rules now the macros above.
CREATE OR REPLACE VIEW v_tasks AS
SELECT d.doc_id, d.file_name, d.doc_type, d.reg_number, d.reg_date, d.sender_name,
       d.region AS sender_region, d.municipality AS sender_municipality,
       o.ob_no, o.task_key, o.number AS item, o.text AS quote,
       task_deadline_raw(c.deadline_set, o.deadline_raw) AS deadline_raw,
       task_deadline_start(c.deadline_set, o.deadline_start) AS deadline_start,
       task_deadline_end(c.deadline_set, o.deadline_end) AS deadline_end,
       task_deadline_kind(c.deadline_set, o.deadline_kind) AS deadline_kind,
       task_recurrence(c.deadline_set, o.recurrence) AS recurrence,
       o.deadline_raw AS extracted_deadline_raw, o.deadline_end AS extracted_deadline_end,
       o.confidence, o.reasons, o.locator, o.part, o.span_start, o.span_end,
       task_closed_status(c.status_set, o.status) AS closed_status,
       c.status_set AS person_status, c.task_key IS NOT NULL AS corrected, c.why AS correction_note,
       c.corrected_by, c.corrected_at, c.body_set, c.body_set_region, c.body_set_municipality
FROM obligations o
JOIN documents d USING (doc_id)
LEFT JOIN v_task_corrections c ON c.task_key = o.task_key
WHERE d.superseded_by IS NULL AND c.status_set IS DISTINCT FROM 'not_task';

CREATE OR REPLACE VIEW v_obligations AS
SELECT t.* EXCLUDE (body_set, body_set_region, body_set_municipality),
       coalesce(t.body_set, r.body, r.name) AS body,
       CASE WHEN t.body_set IS NULL THEN r.name END AS body_as_written,
       CASE WHEN t.body_set IS NULL THEN r.full_name END AS body_full,
       CASE WHEN t.body_set IS NULL THEN coalesce(r.body_key, lower(r.name)) ELSE task_body_key(t.body_set) END AS body_key,
       CASE WHEN t.body_set IS NULL THEN r.scope ELSE 'body' END AS scope,
       CASE WHEN t.body_set IS NULL THEN coalesce(r.region, t.sender_region)
            ELSE task_body_region(t.body_set_region, t.sender_region) END AS region,
       CASE WHEN t.body_set IS NULL THEN r.municipality
            ELSE task_body_municipality(t.body_set_region, t.body_set_municipality, t.sender_municipality) END AS municipality,
       task_status(t.closed_status, t.deadline_end) AS status,
       task_days_left(t.closed_status, t.deadline_end) AS days_left
FROM v_tasks t
LEFT JOIN obligation_responsible r ON r.doc_id = t.doc_id AND r.ob_no = t.ob_no AND t.body_set IS NULL;

-- Each municipality with its region and their OKTMO codes.
CREATE VIEW _municipality_places AS
SELECT CAST(m.oktmo AS INTEGER) AS oktmo, CAST(g.oktmo AS INTEGER) AS region_oktmo, m.region, m.short_name AS municipality
FROM municipalities m JOIN regions g ON g.name = m.region;

-- One row per municipality a task × body binds (a region-wide assignment under every municipality of
-- its region, `via_region`), for current versions, with corrections applied; `oktmo` and
-- `region_oktmo` are the municipality's and its region's OKTMO codes. A filter on the region (its
-- code or its name) reaches the stored rows' scan through the join; on the codes, zone maps skip the
-- row groups of other regions (srok deadlines filters so), a name is compared row by row.
CREATE OR REPLACE VIEW v_municipality_obligations AS
SELECT mo.doc_id, mo.file_name, mo.doc_type, mo.reg_number, mo.reg_date, mo.sender_name, mo.sender_region,
       mo.sender_municipality, mo.ob_no, mo.task_key, mo.item, mo.quote,
       task_deadline_raw(c.deadline_set, mo.deadline_raw) AS deadline_raw,
       task_deadline_start(c.deadline_set, mo.deadline_start) AS deadline_start,
       task_deadline_end(c.deadline_set, mo.deadline_end) AS deadline_end,
       task_deadline_kind(c.deadline_set, mo.deadline_kind) AS deadline_kind,
       task_recurrence(c.deadline_set, mo.recurrence) AS recurrence,
       mo.deadline_raw AS extracted_deadline_raw, mo.deadline_end AS extracted_deadline_end,
       mo.confidence, mo.reasons, mo.locator, mo.part, mo.span_start, mo.span_end,
       task_closed_status(c.status_set, mo.extracted_status) AS closed_status,
       c.status_set AS person_status, c.task_key IS NOT NULL AS corrected, c.why AS correction_note,
       c.corrected_by, c.corrected_at,
       mo.body, mo.body_as_written, mo.body_full, mo.body_key, mo.scope, p.region, p.municipality,
       task_status(task_closed_status(c.status_set, mo.extracted_status),
                   task_deadline_end(c.deadline_set, mo.deadline_end)) AS status,
       task_days_left(task_closed_status(c.status_set, mo.extracted_status),
                      task_deadline_end(c.deadline_set, mo.deadline_end)) AS days_left,
       mo.scope = 'all_municipalities' AS via_region, p.oktmo, p.region_oktmo
FROM municipality_obligations mo
JOIN _municipality_places p ON p.region_oktmo = mo.region_oktmo AND p.region = mo.region
                           AND (mo.oktmo IS NULL OR mo.oktmo = p.oktmo)
LEFT JOIN v_task_corrections c ON c.task_key = mo.task_key
WHERE mo.doc_id NOT IN (SELECT doc_id FROM documents WHERE superseded_by IS NOT NULL)
  AND c.status_set IS DISTINCT FROM 'not_task';

-- How far municipality_obligations is clustered: rows of loads above `upto` are its unsorted tail.
CREATE TABLE _clustered (table_name VARCHAR PRIMARY KEY, upto BIGINT NOT NULL);
INSERT INTO _clustered SELECT 'municipality_obligations', coalesce(max(load_seq), 0) FROM municipality_obligations;
