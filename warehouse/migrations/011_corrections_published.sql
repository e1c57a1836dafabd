-- Corrections reach the analysts' copy like any other commit: append-only rows numbered from the
-- load sequence are exported by the next publish (warehouse/publish.py), not only with a new base.
ALTER TABLE corrections ADD COLUMN load_seq BIGINT NOT NULL DEFAULT nextval('load_seq');
