-- Closing the loop (issue 24): recurring terms roll forward to the occurrence due as of a day, and
-- replies ("на № … от …") answer the requests they cite, municipality by municipality.

-- What replies answered: one row per task of a request × the place that answered × the occurrence
-- answered (NULL: a task with one term); the latest reply to it wins. Written by warehouse/replies.py
-- whenever a request or a reply to it is loaded (in either order) or a person undoes a link. They are
-- rows of the request's document (its doc_id and load_seq): a reload deletes them with its other rows
-- and publishing carries them like those.
CREATE TABLE answers (
    doc_id       VARCHAR NOT NULL,          -- the request
    task_key     VARCHAR NOT NULL,
    ob_no        INTEGER NOT NULL,
    region       VARCHAR,
    municipality VARCHAR,                   -- the municipality that answered; NULL: a body matched by its name
    body_key     VARCHAR,
    occurrence   DATE,                      -- the due date of the recurring task's occurrence answered
    reply_doc_id VARCHAR NOT NULL,
    reply_file   VARCHAR NOT NULL,
    reply_number VARCHAR,
    reply_date   DATE NOT NULL,
    outcome      VARCHAR NOT NULL,          -- answered | done | pending (the reply reports it not done)
    reply_item   VARCHAR,
    span_start   INTEGER,                   -- in the reply's text: its item reporting, else its "на № … от …"
    span_end     INTEGER,
    load_seq     BIGINT NOT NULL DEFAULT 0
);

-- Occurrences of a recurring term: the first is the deadline the extraction gave (the first due date
-- after the document's date); the k-th is k periods later, on the same day of the month (a first on a
-- month's last day stays on last days). A term with no recurrence has one occurrence, its own.
CREATE MACRO recurrence_months(rule) AS
    CASE rule WHEN 'monthly' THEN 1 WHEN 'quarterly' THEN 3 WHEN 'half-yearly' THEN 6 WHEN 'yearly' THEN 12 END;
CREATE MACRO recurrence_days(rule) AS CASE rule WHEN 'daily' THEN 1 WHEN 'weekly' THEN 7 END;
CREATE MACRO occurrence_at(first, rule, k) AS
    CASE WHEN recurrence_days(rule) IS NOT NULL THEN first + CAST(k * recurrence_days(rule) AS INTEGER)
         WHEN recurrence_months(rule) IS NULL OR k = 0 THEN first
         WHEN first = last_day(first) THEN last_day(first + to_months(CAST(k * recurrence_months(rule) AS INTEGER)))
         ELSE CAST(first + to_months(CAST(k * recurrence_months(rule) AS INTEGER)) AS DATE) END;
CREATE MACRO _occurrence_month_index(first, rule, k, d) AS k + CAST(occurrence_at(first, rule, k) < d AS INTEGER);
-- the number of the first occurrence due on or after d (0 for a term that does not recur)
CREATE MACRO occurrence_index(first, rule, d) AS
    CASE WHEN first IS NULL OR d <= first OR (recurrence_days(rule) IS NULL AND recurrence_months(rule) IS NULL) THEN 0
         WHEN recurrence_days(rule) IS NOT NULL THEN CAST(ceil((d - first) / recurrence_days(rule)) AS INTEGER)
         ELSE _occurrence_month_index(first, rule,
                                      CAST(ceil(datediff('month', first, d) / recurrence_months(rule)) AS INTEGER), d) END;
-- the occurrence due on or after d (a one-off term: the term itself), and the one before d (NULL for a one-off)
CREATE MACRO occurrence_next(first, rule, d) AS occurrence_at(first, rule, occurrence_index(first, rule, d));
CREATE MACRO occurrence_prev(first, rule, d) AS
    CASE WHEN occurrence_index(first, rule, d) > 0 THEN occurrence_at(first, rule, occurrence_index(first, rule, d) - 1) END;

-- An answer is a row's when it came from the row's municipality, or, for a body of no municipality, from
-- a sender of the body's name.
CREATE MACRO answer_matches(a_region, a_municipality, a_body_key, region, municipality, body_key) AS
    CASE WHEN a_municipality IS NOT NULL THEN a_region = region AND a_municipality = municipality
         ELSE municipality IS NULL AND a_body_key = body_key END;

-- The rows of a view (v_obligations, v_municipality_obligations, v_assignments) as of day d, one per
-- open occurrence: a recurring task's next occurrence (due on or after d), and the one before d while no
-- reply closed it (overdue now); older ones are history, not work. `first_deadline_end` is the first.
-- Status: what a person or the document closed, else what the reply to that occurrence says (done;
-- answered), else overdue or pending by the date. A reply reporting the task not done leaves it open,
-- shown as evidence all the same.
CREATE MACRO rows_as_of(src, d) AS TABLE
WITH k AS (      -- the index once: each macro call is expanded in place, and planning grew with them
    SELECT v.*, occurrence_index(v.deadline_end, v.recurrence, d) AS _k FROM query_table(src) v
    -- a reply's restated tasks are its report on a loaded request, shown through that request's answers
    WHERE v.doc_id NOT IN (SELECT reply_doc_id FROM answers)
), r AS (
    SELECT k.* EXCLUDE (_k), occurrence_at(k.deadline_end, k.recurrence, k._k) AS _next,
           CASE WHEN k._k > 0 THEN occurrence_at(k.deadline_end, k.recurrence, k._k - 1) END AS _prev
    FROM k
), due AS (
    SELECT r.* EXCLUDE (_prev, _next), r._next AS _due FROM r
    UNION ALL
    SELECT r.* EXCLUDE (_prev, _next), r._prev AS _due
    FROM r LEFT JOIN answers p
      ON p.doc_id = r.doc_id AND p.task_key = r.task_key AND p.occurrence = r._prev AND p.outcome IN ('answered', 'done')
     AND answer_matches(p.region, p.municipality, p.body_key, r.region, r.municipality, r.body_key)
    WHERE r._prev IS NOT NULL AND p.doc_id IS NULL
)
SELECT due.* EXCLUDE (_due) REPLACE (
           due._due AS deadline_end,
           coalesce(due.closed_status, CASE WHEN a.outcome IN ('answered', 'done') THEN a.outcome END,
                    CASE WHEN due._due < d THEN 'overdue' ELSE 'pending' END) AS status,
           CASE WHEN due.closed_status IS NULL AND a.outcome IS DISTINCT FROM 'answered'
                 AND a.outcome IS DISTINCT FROM 'done' THEN due._due - d END AS days_left),
       due.deadline_end AS first_deadline_end,
       a.outcome AS answer, a.reply_doc_id, a.reply_file, a.reply_number, a.reply_date,
       a.reply_date > due._due AS reply_late, a.reply_item, a.span_start AS reply_span_start,
       a.span_end AS reply_span_end
FROM due LEFT JOIN answers a
  ON a.doc_id = due.doc_id AND a.task_key = due.task_key
 AND a.occurrence IS NOT DISTINCT FROM CASE WHEN due.recurrence IS NOT NULL THEN due._due END
 AND answer_matches(a.region, a.municipality, a.body_key, due.region, due.municipality, due.body_key);

-- Who must answer each task: every municipality a task binds (a region-wide one: each of its region),
-- and each body of no municipality; `place` names it.
CREATE VIEW v_assignments AS
SELECT * EXCLUDE (via_region, oktmo, region_oktmo), municipality AS place FROM v_municipality_obligations
UNION ALL BY NAME
SELECT *, body AS place FROM v_obligations WHERE scope = 'body' AND municipality IS NULL AND body IS NOT NULL;

-- The request's control card as of today: each task × place that must answer, whether and when it
-- answered (on time, late), what it reported.
CREATE VIEW v_control_card AS
SELECT doc_id, reg_number, reg_date, file_name, sender_name, task_key, item, quote, region, place, body,
       deadline_end, recurrence, status, answer, reply_file, reply_number, reply_date,
       CASE WHEN reply_date IS NULL THEN NULL WHEN reply_late THEN 'late' ELSE 'on_time' END AS answered
FROM rows_as_of('v_assignments', current_date);

-- Every occurrence due between two days of each task × place that must answer, as of day d: the
-- discipline report's rows (warehouse/discipline.py sorts them into on time, late, overdue, open).
CREATE MACRO occurrences_between(d_from, d_to, d) AS TABLE
WITH o AS (
    SELECT v.*, occurrence_at(v.deadline_end, v.recurrence, k) AS occurrence
    FROM v_assignments v, LATERAL (SELECT unnest(range(
        occurrence_index(v.deadline_end, v.recurrence, d_from),
        CASE WHEN v.recurrence IS NOT NULL THEN occurrence_index(v.deadline_end, v.recurrence, d_to + 1)
             ELSE CAST(v.deadline_end BETWEEN d_from AND d_to AS INTEGER) END)) AS k)
    WHERE v.deadline_end IS NOT NULL AND v.doc_id NOT IN (SELECT reply_doc_id FROM answers)
)
SELECT o.*, a.outcome AS answer, a.reply_date, a.reply_file, d AS as_of
FROM o LEFT JOIN answers a
  ON a.doc_id = o.doc_id AND a.task_key = o.task_key
 AND a.occurrence IS NOT DISTINCT FROM CASE WHEN o.recurrence IS NOT NULL THEN o.occurrence END
 AND answer_matches(a.region, a.municipality, a.body_key, o.region, o.municipality, o.body_key);

-- What is overdue and upcoming today, recurring terms rolled forward and replies applied.
CREATE OR REPLACE VIEW v_overdue AS
SELECT * FROM rows_as_of('v_obligations', current_date) WHERE status = 'overdue';

CREATE OR REPLACE VIEW v_upcoming AS
SELECT * FROM rows_as_of('v_obligations', current_date)
WHERE status = 'pending' AND deadline_end BETWEEN current_date AND current_date + 30;
