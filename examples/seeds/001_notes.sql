-- Idempotent: run `tresty seed --db main examples/seeds` as often as you like.
INSERT INTO notes (title, body) VALUES
  ('Welcome', 'This note came from examples/seeds/001_notes.sql.'),
  ('Placeholders', 'Values go to PostgreSQL as parameters: :? in the SQL, the value beside it.')
ON CONFLICT (title) DO NOTHING;
