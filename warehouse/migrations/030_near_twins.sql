-- Near-duplicate twins (warehouse/twins.py): a document's MinHash signature, whether its text came
-- from OCR, and the signature's band keys in their own indexed table, so the documents sharing a band
-- with a newcomer are found by equality lookups that do not grow with the register. Rows loaded before
-- this migration get theirs from warehouse.load.backfill_signatures (their kept texts), and near twins
-- loaded apart are merged by warehouse.load.merge_loaded_twins.
ALTER TABLE documents ADD COLUMN minhash BLOB;       -- PERMUTATIONS little-endian uint32
ALTER TABLE documents ADD COLUMN scanned BOOLEAN;    -- most of the text read by OCR (NULL: loaded before 030)
CREATE TABLE doc_bands (
    doc_id   VARCHAR NOT NULL,
    band     BIGINT NOT NULL,              -- warehouse.twins.bands: a band's number and values hashed
    load_seq BIGINT NOT NULL DEFAULT 0     -- the load that wrote it, like the other per-document tables
);
CREATE INDEX doc_bands_band ON doc_bands (band);
