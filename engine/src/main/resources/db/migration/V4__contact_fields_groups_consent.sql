-- Contact fields, groups and consent (portable: H2 and PostgreSQL).
-- Fields live in one column of the contact's own row, as a JSON object of the fields.yaml values (numbers as
-- numbers, dates as "yyyy-mm-dd", text as text): reading a contact with everything flows see is one primary-key
-- lookup, and a broadcast streams the table in key order without a join. A flow's `contact:` action merges
-- into it through the single writer, so no update is lost. Groups are one ';'-delimited column (';a;b;') so that
-- a segment can be pre-filtered with LIKE '%;a;%' while the scan is under way.
ALTER TABLE contacts ADD COLUMN field_values VARCHAR(65536);
ALTER TABLE contacts ADD COLUMN group_list VARCHAR(4000);
-- When the contact last gave consent: JOIN, a flow's opt_in, or a programme's record brought in by an import.
ALTER TABLE contacts ADD COLUMN consented_at TIMESTAMP WITH TIME ZONE;
-- Imported contacts exist before they are first seen.
ALTER TABLE contacts ADD COLUMN created_at TIMESTAMP WITH TIME ZONE;
UPDATE contacts SET created_at = first_seen;
ALTER TABLE contacts ALTER COLUMN created_at SET NOT NULL;
ALTER TABLE contacts ALTER COLUMN first_seen DROP NOT NULL;
ALTER TABLE contacts ALTER COLUMN last_seen DROP NOT NULL;

-- Deployment secrets generated once (e.g. the key of the pseudonyms in exports).
CREATE TABLE secrets (
  name   VARCHAR(64)  NOT NULL PRIMARY KEY,
  secret VARCHAR(256) NOT NULL
);
