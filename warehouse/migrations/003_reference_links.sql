-- References that name an ingested document by number and date: "на № … от …" and "во исполнение
-- приказа … от … №" chain documents together.
CREATE OR REPLACE VIEW v_reference_links AS
SELECT r.doc_id AS citing_doc_id, c.file_name AS citing_file, r.kind, r.issuer, r.number, r.date, r.in_reply,
       d.doc_id AS cited_doc_id, d.file_name AS cited_file
FROM doc_references r
JOIN documents c ON c.doc_id = r.doc_id
LEFT JOIN documents d ON d.reg_number = r.number AND d.reg_date = r.date AND d.doc_id <> r.doc_id
                     AND d.superseded_by IS NULL;
