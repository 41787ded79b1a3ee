-- PostgreSQL only, around each migration applied (afterEachMigrate.sql drops them again): the H2 functions that
-- V19__one_pseudonym_key.sql calls, so that the migrations every database applies stay one set of files (a
-- migration's text cannot change once applied: Flyway checks its checksum on every existing H2 database).
CREATE OR REPLACE FUNCTION stringtoutf8(text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$ SELECT convert_to($1, 'UTF8') $$;
CREATE OR REPLACE FUNCTION rawtohex(bytea) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT encode($1, 'hex') $$;
