-- uuid: input forms, output, errors, gen_random_uuid (only its shape is printed), keys,
-- storage, comparison and casts.
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid, '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid, 'a0eebc999c0b4ef8bb6d6bb9bd380a11'::uuid, 'a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11'::uuid, '{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}'::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1'::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid;
SELECT '-a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT 'a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-'::uuid;
SELECT 'g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT pg_typeof(gen_random_uuid()), length(gen_random_uuid()::text), gen_random_uuid() <> gen_random_uuid(), substr(gen_random_uuid()::text, 15, 1), substr(gen_random_uuid()::text, 20, 1) IN ('8','9','a','b');
CREATE TABLE things (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text, other uuid);
INSERT INTO things (id, name) VALUES ('00000000-0000-0000-0000-000000000002', 'two'), ('ffffffff-0000-0000-0000-000000000000', 'last'), ('00000000-0000-0000-0000-000000000001', 'one');
INSERT INTO things (name, other) VALUES ('generated', '11111111-2222-3333-4444-555555555555');
SELECT * FROM things WHERE name <> 'generated' ORDER BY id;
SELECT name, other, id IS NOT NULL FROM things WHERE other = '11111111222233334444555555555555';
SELECT * FROM things WHERE id = '00000000-0000-0000-0000-000000000001';
SELECT * FROM things WHERE id > '00000000-0000-0000-0000-000000000001' AND name <> 'generated' ORDER BY id DESC;
INSERT INTO things (id, name) VALUES ('{00000000-0000-0000-0000-000000000001}', 'dup');
INSERT INTO things (id, name) VALUES ('nope', 'bad');
UPDATE things SET other = id WHERE name = 'one' RETURNING id, other, id = other;
SELECT count(DISTINCT other), count(*) FROM things;
SELECT id::text || '!' FROM things WHERE name = 'two';
SELECT 'x'::text::uuid;
SELECT id + 1 FROM things;
SELECT id = 'a' FROM things;
SELECT id = 1 FROM things;
DROP TABLE things;
