-- What a document defines an abbreviation as ("(далее – МОУО)"), beside the name as written.
ALTER TABLE obligation_responsible ADD COLUMN full_name VARCHAR;
