-- What the twin check compares besides the signature (warehouse/twins.py, Contents): the dates a text
-- names and its digit runs, kept beside the document, so that a newcomer is checked against a family
-- of near-identical letters (a monthly template) without reading each sibling's text. Rows loaded
-- before this migration get theirs from their kept texts (warehouse.load.backfill_contents).
ALTER TABLE documents ADD COLUMN dates_named VARCHAR;   -- "day.month.year" of each date named ("?" unknown), sorted
ALTER TABLE documents ADD COLUMN digit_runs VARCHAR;    -- the digit runs of the text, space-separated
-- The writer's look-ups by fingerprint and by registration number, answered by an index instead of a
-- scan of every document (35 ms at 500,000 documents): each load asks them (warehouse/load.py).
CREATE INDEX documents_text_fp ON documents (text_fp);
CREATE INDEX documents_words_fp ON documents (words_fp);
CREATE INDEX documents_reg_number ON documents (reg_number);
