-- Municipality rows are written for every load since the last publish at once, before publishing
-- (warehouse/municipality_rows.py), not by each load: DuckDB planning the view cost ~7 ms a document.
-- `upto` is the last load whose rows are written; the rows of every earlier load are.
CREATE TABLE _written (table_name VARCHAR PRIMARY KEY, upto BIGINT NOT NULL);
INSERT INTO _written SELECT 'municipality_obligations', coalesce(max(load_seq), 0) FROM documents;
