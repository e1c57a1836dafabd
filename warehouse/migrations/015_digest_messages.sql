-- The digest's outbox: one row per message (its Message-ID fixed by recipient, night and content),
-- 'sending' written before the SMTP DATA command, 'sent' after the server accepted the message,
-- 'failed' when the server definitely refused it. A 'sending' row found later means the process
-- died or the server went silent while the message was being handed over: it is not resent blindly.
CREATE TABLE digest_messages (
    message_id  VARCHAR PRIMARY KEY,
    recipient   VARCHAR NOT NULL,
    for_date    DATE NOT NULL,
    state       VARCHAR NOT NULL,              -- sending | sent | failed
    obligations INTEGER NOT NULL,
    reason      VARCHAR,
    updated_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);
