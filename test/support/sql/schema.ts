/** The tables test/apps/sql-app.ts uses, on each database. */
export const SCHEMA = {
  pg: [
    'CREATE TABLE items (id serial PRIMARY KEY, name varchar(40) UNIQUE, n bigint, price numeric(10,2), d date, ts timestamptz, flag boolean, j jsonb)',
    'CREATE TABLE blobs (id serial PRIMARY KEY, data bytea)',
    'CREATE TABLE strs (id serial PRIMARY KEY, v text)',
  ],
  my: [
    'CREATE TABLE items (id int AUTO_INCREMENT PRIMARY KEY, name varchar(40) UNIQUE, n bigint, price decimal(10,2), d date, ts datetime(3), flag boolean, j json)',
    'CREATE TABLE blobs (id int AUTO_INCREMENT PRIMARY KEY, data longblob)',
    // nopad: 'x' and 'x ' are different values, as in PostgreSQL.
    'CREATE TABLE strs (id int AUTO_INCREMENT PRIMARY KEY, v longtext COLLATE utf8mb4_nopad_bin)',
  ],
}

/** Hostile strings that must come back as they went in (the repo's own cases; the shared corpus adds more). */
export const INJECTION_CASES = [
  "' OR '1'='1",
  "' OR 1=1 --",
  "'; DROP TABLE strs; --",
  '"; DROP TABLE strs; --',
  "admin'--",
  "' UNION SELECT id, v FROM strs --",
  "1; DELETE FROM strs",
  "\\'; DELETE FROM strs; -- ",
  "\\",
  "\\\\'",
  "$$; DROP TABLE strs; $$",
  "$tag$ x $tag$",
  "/* comment */ 1",
  "*/ OR 1=1 /*",
  "# hash comment\n' OR 1=1",
  ":? :b :i :a :) :] ::int",
  "? $1 %s :name",
  "\u02bc OR \u02bc1\u02bc=\u02bc1",
  "\uff07 OR 1=1 --",
  "line1\nline2\r\n\ttabbed",
  "emoji 🙂 and 中文 and é",
  "   leading and trailing   ",
  "x'||(SELECT version())||'",
  "0x27 OR 1=1",
  "%' AND 1=0 UNION SELECT NULL --",
  '',
]
