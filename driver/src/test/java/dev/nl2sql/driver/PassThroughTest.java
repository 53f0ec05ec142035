package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Everything that is not a question behaves as the wrapped driver does, on each of the four databases: the same
 * scenario runs through jdbc:nl2sql: and, where the answer is the driver's own, directly, and both must agree.
 */
class PassThroughTest {

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "SQLITE", "POSTGRESQL", "MARIADB"})
    void statementsResultSetsAndBackPointers(TestDatabase db) throws SQLException {
        TestDatabase.Target target = db.open();
        String table = target.freshTable();
        try (Connection c = target.wrapped()) {
            Statement s = c.createStatement();
            assertFalse(s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(40))"));
            assertEquals(2, s.executeUpdate("INSERT INTO " + table + " VALUES (1, 'ada'), (2, 'grace')"));
            assertSame(c, s.getConnection());

            ResultSet rs = s.executeQuery("SELECT id, name FROM " + table + " ORDER BY id");
            assertSame(s, rs.getStatement());
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
            assertEquals("ada", rs.getString("name"));
            assertTrue(rs.next());
            assertEquals("grace", rs.getString(2));
            assertFalse(rs.next());
            rs.close();

            assertTrue(s.execute("SELECT name FROM " + table + " WHERE id = 2"));
            ResultSet viaExecute = s.getResultSet();
            assertSame(s, viaExecute.getStatement());
            assertTrue(viaExecute.next());
            assertEquals("grace", viaExecute.getString(1));
            assertFalse(s.getMoreResults());
            assertEquals(-1, s.getUpdateCount());

            PreparedStatement p = c.prepareStatement("SELECT name FROM " + table + " WHERE id = ?");
            p.setInt(1, 1);
            ResultSet prs = p.executeQuery();
            assertSame(p, prs.getStatement());
            assertSame(c, p.getConnection());
            assertTrue(prs.next());
            assertEquals("ada", prs.getString(1));
            p.setInt(1, 2);
            assertTrue(p.execute());
            ResultSet again = p.getResultSet();
            assertSame(p, again.getStatement());
            assertTrue(again.next());
            assertEquals("grace", again.getString(1));

            PreparedStatement update = c.prepareStatement("UPDATE " + table + " SET name = ? WHERE id = ?");
            update.setString(1, "lovelace");
            update.setInt(2, 1);
            assertEquals(1, update.executeUpdate());
            p.close();
            update.close();
            s.execute("DROP TABLE " + table);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "SQLITE", "POSTGRESQL", "MARIADB"})
    void resultSetMetaDataIsTheDriversOwn(TestDatabase db) throws SQLException {
        TestDatabase.Target target = db.open();
        String table = target.freshTable();
        String query = "SELECT id, name, price AS cost FROM " + table;
        try (Connection direct = target.direct(); Connection wrapped = target.wrapped()) {
            direct.createStatement().execute(
                    "CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(40), price DECIMAL(10,2))");
            assertEquals(describe(direct, query), describe(wrapped, query));
            direct.createStatement().execute("DROP TABLE " + table);
        }
    }

    private static List<String> describe(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnLabel(i) + "/" + md.getColumnName(i) + "/" + md.getColumnType(i) + "/"
                        + md.getColumnTypeName(i) + "/" + md.getPrecision(i) + "/" + md.getScale(i) + "/"
                        + md.isNullable(i) + "/" + md.getTableName(i));
            }
            return columns;
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "SQLITE", "POSTGRESQL", "MARIADB"})
    void batches(TestDatabase db) throws SQLException {
        TestDatabase.Target target = db.open();
        String table = target.freshTable();
        try (Connection c = target.wrapped(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(40))");
            s.addBatch("INSERT INTO " + table + " VALUES (1, 'a')");
            s.addBatch("INSERT INTO " + table + " VALUES (2, 'b')");
            assertArrayEquals(new int[] {1, 1}, s.executeBatch());

            PreparedStatement p = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)");
            for (int id = 3; id <= 5; id++) {
                p.setInt(1, id);
                p.setString(2, "n" + id);
                p.addBatch();
            }
            int[] counts = p.executeBatch();
            assertEquals(3, counts.length);
            for (int count : counts) {
                assertTrue(count == 1 || count == Statement.SUCCESS_NO_INFO, "count " + count);
            }
            assertEquals(5, count(c, table));
            s.execute("DROP TABLE " + table);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "SQLITE", "POSTGRESQL", "MARIADB"})
    void generatedKeys(TestDatabase db) throws SQLException {
        TestDatabase.Target target = db.open();
        String table = target.freshTable();
        try (Connection c = target.wrapped(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (" + db.identityColumn() + ", name VARCHAR(40))");
            assertEquals(1, s.executeUpdate("INSERT INTO " + table + " (name) VALUES ('a')",
                    Statement.RETURN_GENERATED_KEYS));
            ResultSet keys = s.getGeneratedKeys();
            assertSame(s, keys.getStatement());
            assertTrue(keys.next());
            assertEquals(1, keys.getInt(1));

            PreparedStatement p = c.prepareStatement("INSERT INTO " + table + " (name) VALUES (?)",
                    Statement.RETURN_GENERATED_KEYS);
            p.setString(1, "b");
            assertEquals(1, p.executeUpdate());
            ResultSet more = p.getGeneratedKeys();
            assertSame(p, more.getStatement());
            assertTrue(more.next());
            assertEquals(2, more.getInt(1));
            s.execute("DROP TABLE " + table);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "SQLITE", "POSTGRESQL", "MARIADB"})
    void transactionsAndSavepoints(TestDatabase db) throws SQLException {
        TestDatabase.Target target = db.open();
        String table = target.freshTable();
        try (Connection c = target.wrapped(); Connection observer = target.direct()) {
            c.createStatement().execute("CREATE TABLE " + table + " (id INT PRIMARY KEY)");
            c.setAutoCommit(false);
            assertFalse(c.getAutoCommit());
            Statement s = c.createStatement();
            s.executeUpdate("INSERT INTO " + table + " VALUES (1)");
            c.rollback();
            assertEquals(0, count(c, table));

            s.executeUpdate("INSERT INTO " + table + " VALUES (2)");
            Savepoint savepoint = c.setSavepoint("before_three");
            assertEquals("before_three", savepoint.getSavepointName());
            s.executeUpdate("INSERT INTO " + table + " VALUES (3)");
            c.rollback(savepoint);
            c.commit();
            assertEquals(1, count(observer, table), "committed through the wrapper, seen directly");
            assertEquals(1, count(c, table));
            c.setAutoCommit(true);
            s.execute("DROP TABLE " + table);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "SQLITE", "POSTGRESQL", "MARIADB"})
    void callableStatementsAsTheDriverDoes(TestDatabase db) throws SQLException {
        TestDatabase.Target target = db.open();
        String routine = target.freshTable();
        String call = switch (db) {
            case H2 -> "{? = call ABS(?)}";
            case SQLITE -> "{? = call abs(?)}";
            case POSTGRESQL -> "{? = call int4abs(?)}";
            case MARIADB, MYSQL -> "{call " + routine + "(?, ?)}";
            case DUCKDB -> throw new IllegalArgumentException("DuckDB has no stored routines");
        };
        try (Connection direct = target.direct(); Connection wrapped = target.wrapped()) {
            if (db == TestDatabase.MARIADB) {
                direct.createStatement().execute("CREATE PROCEDURE " + routine
                        + "(OUT result INT, IN x INT) BEGIN SET result = ABS(x); END");
            }
            Object viaDriver = callOutcome(direct, call);
            Object viaWrapper = callOutcome(wrapped, call);
            assertEquals(viaDriver, viaWrapper);
            if (db != TestDatabase.SQLITE) {
                assertEquals(42, viaWrapper, "the call works on " + db);
            }
            if (db == TestDatabase.MARIADB) {
                direct.createStatement().execute("DROP PROCEDURE " + routine);
            }
        }
    }

    private static Object callOutcome(Connection c, String call) {
        try (CallableStatement cs = c.prepareCall(call)) {
            assertSame(c, cs.getConnection());
            cs.registerOutParameter(1, Types.INTEGER);
            cs.setInt(2, -42);
            cs.execute();
            return cs.getInt(1);
        } catch (SQLException e) {
            return e.getClass().getName() + " " + e.getSQLState();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "SQLITE", "POSTGRESQL", "MARIADB"})
    void databaseMetaDataAnswersAsTheDriver(TestDatabase db) throws Exception {
        TestDatabase.Target target = db.open();
        String table = target.freshTable();
        try (Connection direct = target.direct(); Connection wrapped = target.wrapped()) {
            direct.createStatement().execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(40))");
            DatabaseMetaData expected = direct.getMetaData();
            DatabaseMetaData actual = wrapped.getMetaData();
            assertSame(wrapped, actual.getConnection());

            int compared = 0;
            for (Method m : DatabaseMetaData.class.getMethods()) {
                if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())
                        || m.getName().equals("getConnection") || m.getName().equals("getURL")) {
                    continue;
                }
                assertEquals(invoke(m, expected), invoke(m, actual), m.getName());
                compared++;
            }
            assertTrue(compared > 130, "compared " + compared);
            // The one planned difference: the URL the caller connected with, so a reconnect stays on nl2sql.
            assertEquals(target.nl2sqlUrl(), actual.getURL());

            String name = expected.storesUpperCaseIdentifiers() ? table.toUpperCase() : table;
            assertEquals(rows(expected.getTables(null, null, name, null)), rows(actual.getTables(null, null, name, null)));
            assertEquals(rows(expected.getColumns(null, null, name, "%")), rows(actual.getColumns(null, null, name, "%")));
            assertEquals(rows(expected.getPrimaryKeys(null, null, name)), rows(actual.getPrimaryKeys(null, null, name)));

            ResultSet tables = actual.getTables(null, null, name, null);
            assertTrue(tables.next(), "the table is listed");
            Statement owner = tables.getStatement();
            if (owner != null) {
                assertSame(wrapped, owner.getConnection());
            }
            tables.close();
            direct.createStatement().execute("DROP TABLE " + table);
        }
    }

    private static Object invoke(Method m, Object target) throws Exception {
        try {
            Object value = m.invoke(target);
            return value instanceof ResultSet rs ? rows(rs) : value;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            return cause instanceof SQLException s ? s.getClass().getName() + " " + s.getSQLState()
                    : cause.getClass().getName();
        }
    }

    private static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (rs) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new TreeMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    row.put(md.getColumnLabel(i), value instanceof byte[] b ? Arrays.toString(b) : value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "SQLITE", "POSTGRESQL", "MARIADB"})
    void warningsAsTheDriverGivesThem(TestDatabase db) throws SQLException {
        TestDatabase.Target target = db.open();
        String sql = switch (db) {
            case POSTGRESQL -> "DO $$ BEGIN RAISE WARNING 'careful now'; END $$";
            case MARIADB, MYSQL -> "SELECT 1/0";
            case H2, SQLITE, DUCKDB -> "SELECT 1";
        };
        try (Connection direct = target.direct(); Connection wrapped = target.wrapped()) {
            List<String> expected = warnings(direct, sql);
            assertEquals(expected, warnings(wrapped, sql));
            if (db == TestDatabase.POSTGRESQL || db == TestDatabase.MARIADB) {
                assertFalse(expected.isEmpty(), "the statement warns on " + db);
            }
            wrapped.clearWarnings();
            assertEquals(direct.getWarnings() == null, wrapped.getWarnings() == null);
        }
    }

    private static List<String> warnings(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            List<String> all = new ArrayList<>();
            for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
                all.add(w.getSQLState() + " " + w.getMessage());
            }
            s.clearWarnings();
            assertEquals(null, s.getWarnings());
            return all;
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "SQLITE", "POSTGRESQL", "MARIADB"})
    void unwrapReachesTheDriversObjects(TestDatabase db) throws SQLException {
        TestDatabase.Target target = db.open();
        try (Connection c = target.wrapped(); Connection direct = target.direct()) {
            Class<? extends Connection> innerType = direct.getClass();
            assertSame(c, c.unwrap(Connection.class));
            assertTrue(c.isWrapperFor(innerType));
            Connection inner = c.unwrap(innerType);
            assertInstanceOf(innerType, inner);
            assertNotSame(c, inner);
            assertFalse(c.isWrapperFor(Integer.class));
            Class<? extends Throwable> refusal = assertThrows(Exception.class, () -> direct.unwrap(Integer.class))
                    .getClass();
            assertInstanceOf(refusal, assertThrows(Exception.class, () -> c.unwrap(Integer.class)),
                    "refused as the driver refuses");

            Statement s = c.createStatement();
            Statement innerStatement = direct.createStatement();
            assertSame(s, s.unwrap(Statement.class));
            assertInstanceOf(innerStatement.getClass(), s.unwrap(innerStatement.getClass()));
            assertTrue(s.isWrapperFor(innerStatement.getClass()));

            ResultSet rs = s.executeQuery("SELECT 1");
            ResultSet innerRs = innerStatement.executeQuery("SELECT 1");
            assertSame(rs, rs.unwrap(ResultSet.class));
            assertInstanceOf(innerRs.getClass(), rs.unwrap(innerRs.getClass()));

            DatabaseMetaData md = c.getMetaData();
            assertSame(md, md.unwrap(DatabaseMetaData.class));
            assertInstanceOf(direct.getMetaData().getClass(), md.unwrap(direct.getMetaData().getClass()));
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "SQLITE", "POSTGRESQL", "MARIADB"})
    void closingTheConnectionClosesItsStatements(TestDatabase db) throws SQLException {
        TestDatabase.Target target = db.open();
        Connection c = target.wrapped();
        Statement s = c.createStatement();
        PreparedStatement p = c.prepareStatement("SELECT 1");
        ResultSet rs = s.executeQuery("SELECT 1");
        c.close();
        assertTrue(c.isClosed());
        assertTrue(s.isClosed());
        assertTrue(p.isClosed());
        assertTrue(rs.isClosed());
        c.close(); // closing twice is allowed
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "SQLITE", "POSTGRESQL", "MARIADB"})
    void closingAStatementLeavesTheConnectionOpen(TestDatabase db) throws SQLException {
        TestDatabase.Target target = db.open();
        try (Connection c = target.wrapped()) {
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT 1");
            s.close();
            assertTrue(s.isClosed());
            assertTrue(rs.isClosed());
            assertFalse(c.isClosed());
            assertEquals(1, scalar(c, "SELECT 1"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "SQLITE", "POSTGRESQL", "MARIADB"})
    void tablesAndColumnsNamedNlArePlainSql(TestDatabase db) throws SQLException {
        TestDatabase.Target target = db.open();
        try (Connection c = target.wrapped(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS nl");
            s.execute("CREATE TABLE nl (nl INT, note VARCHAR(40))");
            assertEquals(1, s.executeUpdate("INSERT INTO nl (nl, note) VALUES (7, 'NL: not a question')"));
            assertEquals(7, scalar(c, "SELECT nl FROM nl WHERE nl = 7"));
            assertEquals(7, scalar(c, "select nl from nl where note = 'NL: not a question'"));
            PreparedStatement p = c.prepareStatement("SELECT nl FROM nl WHERE nl = ?");
            p.setInt(1, 7);
            ResultSet rs = p.executeQuery();
            assertTrue(rs.next());
            assertEquals(7, rs.getInt("nl"));
            p.close();
            s.execute("DROP TABLE nl");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "SQLITE", "POSTGRESQL", "MARIADB"})
    void questionsAreRecognisedAndNeverReachTheDatabaseAsSql(TestDatabase db) throws SQLException {
        TestDatabase.Target target = db.open();
        java.util.Properties noModel = new java.util.Properties();
        noModel.setProperty("nl2sql.model", "");
        try (Connection c = java.sql.DriverManager.getConnection(target.nl2sqlUrl(), noModel);
             Statement s = c.createStatement()) {
            for (String question : List.of("NL: how many tables are there?",
                    "-- Metabase:: userID: 1 queryHash: ab12\nNL: how many tables are there?",
                    "  /* c */ nl:how many tables are there?", "EXPLAIN NL: how many tables are there?")) {
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(question));
                assertEquals("HY000", e.getSQLState());
                assertTrue(e.getMessage().contains("No model is configured. Set nl2sql.model"), e.getMessage());
                assertThrows(SQLException.class, () -> s.execute(question));
                assertThrows(SQLException.class, () -> c.prepareStatement(question));
            }
            SQLSyntaxErrorException update = assertThrows(SQLSyntaxErrorException.class,
                    () -> s.executeUpdate("NL: delete everything"));
            assertEquals("42000", update.getSQLState());
            assertThrows(SQLSyntaxErrorException.class, () -> s.addBatch("NL: add a row"));
            assertThrows(SQLSyntaxErrorException.class, () -> s.executeLargeUpdate("NL: delete everything"));
            assertThrows(SQLSyntaxErrorException.class, () -> c.prepareCall("NL: call something"));
            assertEquals(1, scalar(c, "SELECT 1"), "the connection stays usable");
            assertFalse(c.isClosed());
        }
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        return scalar(c, "SELECT COUNT(*) FROM " + table);
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "SQLITE", "POSTGRESQL", "MARIADB"})
    void driverPropertiesStayWithUsAndOthersReachTheDriver(TestDatabase db) throws SQLException {
        TestDatabase.Target target = db.open();
        java.util.Properties info = new java.util.Properties();
        info.setProperty("nl2sql.delegateDriver", "");
        info.setProperty("nl2sql.unknownSetting", "ignored");
        try (Connection c = java.sql.DriverManager.getConnection(target.nl2sqlUrl(), info)) {
            assertNotNull(c.getMetaData().getDatabaseProductName());
            assertEquals(1, scalar(c, "SELECT 1"));
        }
    }
}
