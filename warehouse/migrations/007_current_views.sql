-- The analysts' views, rebuilt over identity and corrections: current versions only, one row per task
-- and body (the load keeps one row per task key in a document and one per body key in a task), what a
-- person corrected applied over what was extracted. The history has its own views.

-- The latest correction of each field of a task.
CREATE OR REPLACE VIEW v_task_corrections AS
SELECT task_key,
       arg_max(new_value, id) FILTER (WHERE field = 'status') AS status_set,
       arg_max(new_value, id) FILTER (WHERE field = 'deadline') AS deadline_set,
       arg_max(new_value, id) FILTER (WHERE field = 'responsible') AS body_set,
       arg_max(region, id) FILTER (WHERE field = 'responsible') AS body_set_region,
       arg_max(municipality, id) FILTER (WHERE field = 'responsible') AS body_set_municipality,
       arg_max(why, id) AS why, arg_max(who, id) AS corrected_by, max(made_at) AS corrected_at
FROM corrections GROUP BY task_key;

-- One row per task of a current document; "not a task" left out. `closed_status` is what no date can
-- change (done, cancelled); `status` adds overdue/pending as of today.
CREATE OR REPLACE VIEW v_tasks AS
SELECT d.doc_id, d.file_name, d.doc_type, d.reg_number, d.reg_date, d.sender_name,
       d.region AS sender_region, d.municipality AS sender_municipality,
       o.ob_no, o.task_key, o.number AS item, o.text AS quote,
       CASE WHEN c.deadline_set IS NULL THEN o.deadline_raw
            ELSE 'до ' || strftime(c.deadline_set::DATE, '%d.%m.%Y') END AS deadline_raw,
       CASE WHEN c.deadline_set IS NULL THEN o.deadline_start END AS deadline_start,
       coalesce(c.deadline_set::DATE, o.deadline_end) AS deadline_end,
       CASE WHEN c.deadline_set IS NULL THEN o.deadline_kind ELSE 'by' END AS deadline_kind,
       CASE WHEN c.deadline_set IS NULL THEN o.recurrence END AS recurrence,
       o.deadline_raw AS extracted_deadline_raw, o.deadline_end AS extracted_deadline_end,
       o.confidence, o.reasons, o.locator, o.part, o.span_start, o.span_end,
       CASE WHEN c.status_set IN ('done', 'cancelled') THEN c.status_set
            WHEN c.status_set IN ('pending', 'extended') THEN NULL
            WHEN o.status = 'done' THEN 'done' END AS closed_status,
       c.status_set AS person_status, c.task_key IS NOT NULL AS corrected, c.why AS correction_note,
       c.corrected_by, c.corrected_at, c.body_set, c.body_set_region, c.body_set_municipality
FROM obligations o
JOIN documents d USING (doc_id)
LEFT JOIN v_task_corrections c ON c.task_key = o.task_key
WHERE d.superseded_by IS NULL AND c.status_set IS DISTINCT FROM 'not_task';

-- Task × responsible body: a body a person named replaces the extracted ones.
CREATE OR REPLACE VIEW v_obligations AS
SELECT t.* EXCLUDE (body_set, body_set_region, body_set_municipality),
       coalesce(t.body_set, r.body, r.name) AS body,
       CASE WHEN t.body_set IS NULL THEN r.name END AS body_as_written,
       CASE WHEN t.body_set IS NULL THEN r.full_name END AS body_full,
       CASE WHEN t.body_set IS NULL THEN coalesce(r.body_key, lower(r.name))
            ELSE trim(regexp_replace(replace(lower(t.body_set), 'ё', 'е'), '[^0-9a-zа-я]+', ' ', 'g'))
       END AS body_key,                                   -- as warehouse.identity.body_key spells it
       CASE WHEN t.body_set IS NULL THEN r.scope ELSE 'body' END AS scope,
       CASE WHEN t.body_set IS NULL THEN coalesce(r.region, t.sender_region)
            ELSE coalesce(t.body_set_region, t.sender_region) END AS region,
       CASE WHEN t.body_set IS NULL THEN r.municipality
            WHEN t.body_set_region IS NOT NULL THEN t.body_set_municipality
            ELSE t.sender_municipality END AS municipality,
       coalesce(t.closed_status, CASE WHEN t.deadline_end < current_date THEN 'overdue' ELSE 'pending' END) AS status,
       CASE WHEN t.closed_status IS NULL THEN t.deadline_end - current_date END AS days_left
FROM v_tasks t
LEFT JOIN obligation_responsible r ON r.doc_id = t.doc_id AND r.ob_no = t.ob_no AND t.body_set IS NULL;

-- A region-wide assignment ("руководителям органов местного самоуправления" of a region) binds every
-- municipality of that region: one row per municipality.
CREATE OR REPLACE VIEW v_municipality_obligations AS
SELECT v.* REPLACE (m.region AS region, m.short_name AS municipality), v.scope = 'all_municipalities' AS via_region
FROM v_obligations v
JOIN municipalities m
  ON (v.scope = 'all_municipalities' AND m.region = v.region)
  OR (v.scope = 'body' AND m.short_name = v.municipality AND m.region = v.region);

CREATE OR REPLACE VIEW v_overdue AS
SELECT * FROM v_obligations WHERE status = 'overdue';

CREATE OR REPLACE VIEW v_upcoming AS
SELECT * FROM v_obligations WHERE status = 'pending' AND deadline_end BETWEEN current_date AND current_date + 30;

CREATE OR REPLACE VIEW v_bodies AS
SELECT min(body) AS body, min(body_full) AS body_full, scope, region, municipality,
       count(DISTINCT task_key) AS obligations
FROM v_obligations WHERE body IS NOT NULL
GROUP BY body_key, scope, region, municipality;

CREATE OR REPLACE VIEW v_reference_links AS
SELECT r.doc_id AS citing_doc_id, c.file_name AS citing_file, r.kind, r.issuer, r.number, r.date, r.in_reply,
       d.doc_id AS cited_doc_id, d.file_name AS cited_file
FROM doc_references r
JOIN documents c ON c.doc_id = r.doc_id AND c.superseded_by IS NULL
LEFT JOIN documents d ON d.reg_number = r.number AND d.reg_date = r.date AND d.doc_id <> r.doc_id
                     AND d.superseded_by IS NULL;

-- History: every version as extracted, and what each correction did.
CREATE OR REPLACE VIEW v_obligations_history AS
SELECT d.doc_id, d.file_name, d.reg_number, d.reg_date, d.sender_name, d.extractor_version, d.ingested_at,
       d.superseded_by, o.ob_no, o.task_key, o.number AS item, o.text AS quote, o.deadline_raw,
       o.deadline_start, o.deadline_end, o.status, o.confidence, r.name AS body, r.scope, r.region, r.municipality
FROM obligations o
JOIN documents d USING (doc_id)
LEFT JOIN obligation_responsible r USING (doc_id, ob_no);

CREATE OR REPLACE VIEW v_bodies_history AS
SELECT name, scope, region, municipality, count(*) AS obligations
FROM obligation_responsible GROUP BY ALL;

CREATE OR REPLACE VIEW v_reference_links_history AS
SELECT r.doc_id AS citing_doc_id, c.file_name AS citing_file, c.superseded_by AS citing_superseded_by, r.kind,
       r.issuer, r.number, r.date, r.in_reply, d.doc_id AS cited_doc_id, d.file_name AS cited_file
FROM doc_references r
JOIN documents c ON c.doc_id = r.doc_id
LEFT JOIN documents d ON d.reg_number = r.number AND d.reg_date = r.date AND d.doc_id <> r.doc_id;

CREATE OR REPLACE VIEW v_corrections AS
SELECT c.id, c.made_at, c.who, c.task_key, c.field, c.old_value, c.new_value, c.why, t.file_name, t.item, t.quote
FROM corrections c
LEFT JOIN (SELECT DISTINCT ON (o.task_key) o.task_key, d.file_name, o.number AS item, o.text AS quote
           FROM obligations o JOIN documents d USING (doc_id) WHERE d.superseded_by IS NULL) t USING (task_key);
