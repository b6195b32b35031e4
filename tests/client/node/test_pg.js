// node-postgres against quilld (PG* environment from tests/client/lib.sh). Queries with
// values go over the extended protocol (Parse/Bind/Describe/Execute/Sync), named ones
// are prepared once per connection.
'use strict';
const assert = require('node:assert/strict');
const { Client, Pool } = require('pg');

async function expectError(client, query, values, code) {
  await assert.rejects(client.query(query, values), (e) => {
    assert.equal(e.code, code, `${query}: ${e.message}`);
    return true;
  });
}

async function main() {
  const client = new Client();
  await client.connect();
  await client.query('CREATE TABLE node_items (id integer PRIMARY KEY, name text, qty bigint, price numeric(8,2))');
  for (let i = 1; i <= 20; i++) {
    const r = await client.query('INSERT INTO node_items VALUES ($1, $2, $3, $4)', [i, `item ${i}`, i * 100, i / 4]);
    assert.equal(r.rowCount, 1);
    assert.equal(r.command, 'INSERT');
  }
  let r = await client.query('SELECT id, name, qty, price FROM node_items WHERE id = $1', [3]);
  assert.deepEqual(r.rows, [{ id: 3, name: 'item 3', qty: '300', price: '0.75' }]);
  assert.deepEqual(r.fields.map((f) => f.dataTypeID), [23, 25, 20, 1700]);

  r = await client.query({ text: 'SELECT id, name FROM node_items WHERE id <= $1 ORDER BY id', values: [2], rowMode: 'array' });
  assert.deepEqual(r.rows, [[1, 'item 1'], [2, 'item 2']]);

  // A named statement is parsed once and executed many times.
  for (let i = 1; i <= 5; i++) {
    r = await client.query({ name: 'by-id', text: 'SELECT name FROM node_items WHERE id = $1', values: [i] });
    assert.equal(r.rows[0].name, `item ${i}`);
  }
  r = await client.query('SELECT $1::text AS t, $2::int + 1 AS n, $3::bool AS b, $4::date AS d', ['x', 41, true, '2024-02-29']);
  assert.equal(r.rows[0].t, 'x');
  assert.equal(r.rows[0].n, 42);
  assert.equal(r.rows[0].b, true);
  assert.equal(r.rows[0].d.getFullYear(), 2024);
  r = await client.query('SELECT $1::text IS NULL AS missing', [null]);
  assert.equal(r.rows[0].missing, true);

  await expectError(client, 'SELECT $1::int', ['abc'], '22P02');
  await expectError(client, 'INSERT INTO node_items (id) VALUES ($1)', [1], '23505');
  await expectError(client, 'SELECT $1 IS NULL', [1], '42P18');
  await expectError(client, 'SELECT * FROM node_missing WHERE id = $1', [1], '42P01');
  r = await client.query('SELECT count(*)::int AS n FROM node_items');
  assert.equal(r.rows[0].n, 20);

  // A pool of 20 clients, all busy at once.
  const pool = new Pool({ max: 20 });
  const results = await Promise.all(Array.from({ length: 100 }, (_, i) =>
    pool.query('SELECT name FROM node_items WHERE id = $1', [(i % 20) + 1])));
  results.forEach((res, i) => assert.equal(res.rows[0].name, `item ${(i % 20) + 1}`));
  await pool.end();

  await client.query('DROP TABLE node_items');
  await client.end();
  console.log('node-postgres: all checks passed');
}

main().catch((e) => {
  console.error('FAIL', e);
  process.exit(1);
});
