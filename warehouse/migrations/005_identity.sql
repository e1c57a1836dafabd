-- Identity: content fingerprints of a document (its DOCX and PDF twins are one document), a task key
-- that survives re-extraction and new versions, and body names normalised beside the name as written.
-- Rows loaded before this migration get their values from warehouse.load.backfill_identity.
ALTER TABLE documents ADD COLUMN text_fp VARCHAR;     -- sha256 of the letters and digits in reading order
ALTER TABLE documents ADD COLUMN words_fp VARCHAR;    -- sha256 of the sorted words
ALTER TABLE documents ADD COLUMN anchor VARCHAR;      -- the series: reg number + date + sender, else text_fp
ALTER TABLE obligations ADD COLUMN task_key VARCHAR;  -- see warehouse.identity.task_key
ALTER TABLE obligation_responsible ADD COLUMN body VARCHAR;      -- the name as a person reads it
ALTER TABLE obligation_responsible ADD COLUMN body_key VARCHAR;  -- its words in lower case: one body
