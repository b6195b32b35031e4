// pgjdbc against quilld (PG* environment from tests/client/lib.sh). pgjdbc uses the
// extended protocol: server-prepared statements once a PreparedStatement has run
// prepareThreshold times (then binary transfer), portals with a row limit for
// setFetchSize (PortalSuspended), batches, and pg_catalog queries for DatabaseMetaData.
// Exits 1 on the first failed check (ordinary checks), 2 when only the metadata checks
// failed (they need pg_catalog; the shell script reports that separately).
import java.math.BigDecimal;
import java.sql.*;
import java.util.ArrayList;
import java.util.List;

public class DriverTest {
    static int failures = 0;

    static void check(String what, Object got, Object want) {
        if (got == null ? want != null : !got.equals(want)) {
            failures++;
            System.err.println("FAIL " + what + ": got " + got + ", want " + want);
        }
    }

    static void expectState(Connection c, String sql, String state) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
            failures++;
            System.err.println("FAIL " + sql + ": no error, want " + state);
        } catch (SQLException e) {
            check("SQLSTATE of " + sql, e.getSQLState(), state);
        }
    }

    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://" + System.getenv("PGHOST") + ":" + System.getenv("PGPORT")
                + "/" + System.getenv("PGDATABASE");
        Connection c = DriverManager.getConnection(url, System.getenv("PGUSER"),
                System.getenv("PGPASSWORD"));
        check("isValid", c.isValid(5), true);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE jdbc_items (id integer PRIMARY KEY, name text NOT NULL, "
                    + "qty bigint DEFAULT 0, price numeric(8,2), seen timestamp)");
        }

        // addBatch / executeBatch.
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO jdbc_items VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 1; i <= 50; i++) {
                ps.setInt(1, i);
                ps.setString(2, "item " + i);
                ps.setLong(3, i * 100L);
                ps.setBigDecimal(4, new BigDecimal(i).divide(new BigDecimal(4)));
                ps.setTimestamp(5, Timestamp.valueOf("2024-01-01 12:30:00"));
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            check("batch size", counts.length, 50);
            int total = 0;
            for (int n : counts)
                total += n;
            check("batch rows", total, 50);
        }

        // Past prepareThreshold (5): a named server statement, binary results.
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, qty, price, seen FROM jdbc_items WHERE id = ?")) {
            for (int i = 1; i <= 10; i++) {
                ps.setInt(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    check("row " + i, rs.next(), true);
                    check("id " + i, rs.getInt(1), i);
                    check("name " + i, rs.getString(2), "item " + i);
                    check("qty " + i, rs.getLong(3), i * 100L);
                    check("price " + i, rs.getBigDecimal(4),
                            new BigDecimal(i).divide(new BigDecimal(4)).setScale(2));
                    check("seen " + i, rs.getTimestamp(5), Timestamp.valueOf("2024-01-01 12:30:00"));
                    check("one row " + i, rs.next(), false);
                }
            }
            check("server-prepared", ps.unwrap(org.postgresql.PGStatement.class).isUseServerPrepare(), true);
        }

        // setFetchSize with autocommit off: a portal read 7 rows at a time.
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM jdbc_items WHERE id > ? ORDER BY id")) {
            ps.setFetchSize(7);
            ps.setInt(1, 10);
            List<Integer> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next())
                    ids.add(rs.getInt(1));
            }
            check("fetched in pieces", ids.size(), 40);
            check("first", ids.get(0), 11);
            check("last", ids.get(39), 50);
        }
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE jdbc_items SET qty = -1 WHERE id = 1");
        }
        c.rollback();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT qty FROM jdbc_items WHERE id = 1")) {
            rs.next();
            check("rolled back", rs.getLong(1), 100L);
        }

        expectState(c, "INSERT INTO jdbc_items (id, name) VALUES (1, 'x')", "23505");
        expectState(c, "SELECT 1 / 0", "22012");
        expectState(c, "SELECT * FROM jdbc_missing", "42P01");
        check("isValid after errors", c.isValid(5), true);

        // DatabaseMetaData reads pg_catalog.
        DatabaseMetaData md = c.getMetaData();
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, "public", "jdbc_%", new String[] {"TABLE"})) {
            while (rs.next())
                tables.add(rs.getString("TABLE_NAME"));
        }
        check("getTables", tables, List.of("jdbc_items"));
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = md.getColumns(null, "public", "jdbc_items", null)) {
            while (rs.next())
                columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getString("TYPE_NAME")
                        + ":" + rs.getString("IS_NULLABLE"));
        }
        check("getColumns", columns, List.of("id:int4:NO", "name:text:NO", "qty:int8:YES",
                "price:numeric:YES", "seen:timestamp:YES"));
        // A known gap (docs/pg-catalog.md): pgjdbc's primary-key query reads pg_index.indkey
        // (int2vector) through information_schema._pg_expandarray, a function returning a
        // record; QuillDB has neither yet. It must fail cleanly and leave the connection
        // usable; once it works, this check says so and must become the real one.
        try (ResultSet rs = md.getPrimaryKeys(null, "public", "jdbc_items")) {
            failures++;
            System.err.println("FAIL getPrimaryKeys now works: check its rows instead of the gap");
        } catch (SQLException e) {
            check("getPrimaryKeys SQLSTATE (known gap)", e.getSQLState(), "42703");
        }
        check("isValid after getPrimaryKeys", c.isValid(5), true);

        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE jdbc_items");
        }
        c.close();
        if (failures > 0)
            System.exit(1);
        System.out.println("pgjdbc: all checks passed");
    }
}
