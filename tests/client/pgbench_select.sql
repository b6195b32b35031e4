\set aid random(1, 100)
SELECT aid, balance, name FROM bench_accounts WHERE aid = :aid;
