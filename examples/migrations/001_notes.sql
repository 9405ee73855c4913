-- Notes for the example app (PostgreSQL). Applied by: tresty migrate --db main examples/migrations
CREATE TABLE notes (
  id serial PRIMARY KEY,
  title varchar(200) NOT NULL UNIQUE,
  body text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
----
CREATE INDEX notes_created_at ON notes (created_at);
