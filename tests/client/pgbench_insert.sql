\set amount random(-5000, 5000)
INSERT INTO bench_history (client, amount, note) VALUES (:client_id, :amount, 'pgbench');
