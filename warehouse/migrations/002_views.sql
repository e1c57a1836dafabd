-- Views with stable names: the analysts' interface. Only the current version of a document counts.
CREATE OR REPLACE VIEW v_obligations AS
SELECT d.doc_id, d.file_name, d.doc_type, d.reg_number, d.reg_date, d.sender_name,
       o.ob_no, o.number AS item, o.text AS quote, o.deadline_raw, o.deadline_start, o.deadline_end,
       o.deadline_kind, o.recurrence, o.confidence, o.locator,
       r.name AS body, r.scope, r.region, r.municipality,
       CASE WHEN o.status = 'done' THEN 'done'
            WHEN o.deadline_end < current_date THEN 'overdue' ELSE 'pending' END AS status,
       o.deadline_end - current_date AS days_left
FROM obligations o
JOIN documents d USING (doc_id)
LEFT JOIN obligation_responsible r USING (doc_id, ob_no)
WHERE d.superseded_by IS NULL;

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
SELECT name, scope, region, municipality, count(*) AS obligations
FROM obligation_responsible GROUP BY ALL;

-- Deadlines that changed between a document and the version that replaced it, matched by item position and number.
CREATE OR REPLACE VIEW v_deadline_changes AS
SELECT nd.doc_id AS new_doc_id, old.doc_id AS old_doc_id, nd.reg_number, nd.reg_date, n.number AS item,
       n.text AS quote, o.deadline_start AS old_start, o.deadline_end AS old_end,
       n.deadline_start AS new_start, n.deadline_end AS new_end
FROM documents old
JOIN documents nd ON nd.doc_id = old.superseded_by
JOIN obligations o ON o.doc_id = old.doc_id
JOIN obligations n ON n.doc_id = nd.doc_id AND n.ob_no = o.ob_no AND n.number IS NOT DISTINCT FROM o.number
WHERE o.deadline_end IS DISTINCT FROM n.deadline_end OR o.deadline_start IS DISTINCT FROM n.deadline_start;
