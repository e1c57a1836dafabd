-- What the twin check compares besides the signature (warehouse/twins.py, Contents): the dates a text
-- names and its digit runs, kept beside the document, so that a newcomer is checked against a family
-- of near-identical letters (a monthly template) without reading each sibling's text. Rows loaded
-- before this migration get theirs from their kept texts (warehouse.load.backfill_contents).
ALTER TABLE documents ADD COLUMN dates_named VARCHAR;   -- "day.month.year" of each date named ("?" unknown), sorted
ALTER TABLE documents ADD COLUMN digit_runs VARCHAR;    -- the digit runs of the text, space-separated
