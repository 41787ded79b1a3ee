-- PostgreSQL's form of db/dialect/h2/V19 (the same change; the hex of the key's UTF-8 bytes).
-- One pseudonym key per deployment, used by every export and the admin API (org.kabambe.export.Pseudonyms).
-- Until now the contacts export had its own key (secrets 'export-pseudonyms', whose hex text was the key) and wrote
-- 16 hex digits, while the results export and the API used deployment_settings 'pseudonym_secret' (the hex of the
-- key bytes) and wrote p_ + 20 hex digits, so the files could not be joined. A deployment with a results key keeps
-- it (its results pseudonyms do not change). A deployment with only a contacts key keeps that one, as the same key
-- bytes: its new contacts pseudonyms are p_ + its old ones + 4 more hex digits.
INSERT INTO deployment_settings (name, setting)
  SELECT 'pseudonym_secret', encode(convert_to(secret, 'UTF8'), 'hex') FROM secrets
  WHERE name = 'export-pseudonyms'
    AND NOT EXISTS (SELECT 1 FROM deployment_settings WHERE name = 'pseudonym_secret');
DROP TABLE secrets;
