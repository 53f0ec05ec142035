package dev.nl2sql.driver.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.driver.TestModels;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Metabase's calls (field notes B.4, from {@code src/metabase/driver/sql_jdbc/*}) replayed on the bare driver and on
 * jdbc:nl2sql: side by side: the options it sets on every checkout, a native query with its remark comment, and a
 * sync of this run's schema. Then, on H2, the same native-query path with a question answered by a real model.
 */
class MetabaseCallSequenceTest {

    private static final String REMARK = "-- Metabase:: userID: 1 queryType: native queryHash: "
            + "3f1c9a0e5b7d2c4e6a8b0d1f3e5c7a9b1d3f5e7c9a0b2d4f6e8a0c2e4f6a8b0c\n";

    private static final String[] SYNC_TABLE_TYPES = {
        "TABLE", "PARTITIONED TABLE", "VIEW", "FOREIGN TABLE", "MATERIALIZED VIEW", "EXTERNAL TABLE", "DYNAMIC_TABLE"};

    @ParameterizedTest
    @EnumSource(ClientFixture.class)
    void aMetabaseSessionGetsTheBareDriversAnswers(ClientFixture fixture) throws Exception {
        try (ClientFixture.Db db = fixture.open(); Connection direct = db.direct(); Connection wrapped = db.wrapped()) {
            SideBySide s = new SideBySide(direct, wrapped);

            String checkout = s.same("checkout options", MetabaseCallSequenceTest::checkout);
            assertTrue(checkout.contains("autoCommit=true holdability=2"), checkout);

            String sql = REMARK + "SELECT c.name, c.joined, o.amount, o.placed FROM " + db.schema() + ".customers c"
                    + " JOIN " + db.schema() + ".orders o ON o.customer_id = c.id ORDER BY o.id";
            String answer = s.same("native query", c -> nativeQuery(c, sql));
            assertTrue(answer.contains("java.time.LocalDate:2024-02-01"), answer);
            assertTrue(answer.contains("rows=3"), answer);

            sync(s, db);
            assertTrue(s.transcript().size() > 15, "the replay really ran: " + s.transcript());
        }
    }

    /** The question path as Metabase drives it: remark, createStatement flags, execute, getResultSet. */
    @Test
    void aQuestionThroughMetabasesNativeQueryPath() throws Exception {
        try (ClientFixture.Db db = ClientFixture.H2.open(); Connection direct = db.direct();
             Connection wrapped = db.wrapped(TestModels.storiesProperties())) {
            checkout(wrapped);
            wrapped.setSchema(db.stored(wrapped, db.schema()));
            direct.setSchema(db.stored(direct, db.schema()));
            Set<String> realTypeNames = new HashSet<>();
            try (ResultSet types = wrapped.getMetaData().getTypeInfo()) {
                while (types.next()) {
                    realTypeNames.add(types.getString("TYPE_NAME"));
                }
            }
            // H2 names a column by its declared type (DECIMAL), which getTypeInfo lists as NUMERIC.
            try (ResultSet columns = wrapped.getMetaData().getColumns(null, db.stored(wrapped, db.schema()), "%", "%")) {
                while (columns.next()) {
                    realTypeNames.add(columns.getString("TYPE_NAME"));
                }
            }

            String question = "When did each customer place their orders?";
            try (Statement st = statement(wrapped)) {
                assertTrue(st.execute(REMARK + "NL: " + question),
                        "execute must be true, else Metabase says: Select statement did not produce a ResultSet");
                String generated;
                String answer;
                try (ResultSet rs = st.getResultSet()) {
                    assertNotNull(rs);
                    assertTrue(rs.getStatement() == st);
                    ResultSetMetaData md = rs.getMetaData();
                    assertTrue(md.getColumnCount() > 0);
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        assertNotNull(md.getColumnLabel(i));
                        assertTrue(realTypeNames.contains(md.getColumnTypeName(i)),
                                md.getColumnTypeName(i) + " is one of H2's type names (getTypeInfo, getColumns) " + realTypeNames);
                    }
                    answer = readLikeMetabase(rs);
                    SQLWarning warning = st.getWarnings();
                    assertNotNull(warning, "the generated SQL is attached as a warning");
                    String marker = "answered \"" + question + "\" with: ";
                    int at = warning.getMessage().indexOf(marker);
                    assertTrue(at >= 0, warning.getMessage());
                    generated = warning.getMessage().substring(at + marker.length());
                }
                assertFalse(st.getMoreResults());
                assertEquals(-1, st.getUpdateCount());

                // The answer is the database's own answer to the SQL that was written, read the same way.
                try (Statement bare = statement(direct)) {
                    assertTrue(bare.execute(generated), generated);
                    try (ResultSet rs = bare.getResultSet()) {
                        assertEquals(readLikeMetabase(rs), answer, generated);
                    }
                }
                assertTrue(st.execute(REMARK + "SELECT 1"), "plain SQL on the same statement afterwards");
            }
        }
    }

    /** Least-locking isolation the database supports, read-only, auto-commit, cursors closed at commit. */
    private static String checkout(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        DatabaseMetaData md = c.getMetaData();
        for (int level : new int[] {Connection.TRANSACTION_READ_UNCOMMITTED, Connection.TRANSACTION_REPEATABLE_READ,
                Connection.TRANSACTION_READ_COMMITTED}) {
            if (md.supportsTransactionIsolationLevel(level)) {
                c.setTransactionIsolation(level);
                out.add("isolation=" + level);
                break;
            }
        }
        c.setReadOnly(true);
        c.setAutoCommit(true);
        c.setHoldability(ResultSet.CLOSE_CURSORS_AT_COMMIT);
        out.add("readOnly=" + c.isReadOnly() + " autoCommit=" + c.getAutoCommit() + " holdability="
                + c.getHoldability() + " isolation=" + c.getTransactionIsolation());
        return String.join(" ", out);
    }

    private static Statement statement(Connection c) throws SQLException {
        Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY,
                ResultSet.CLOSE_CURSORS_AT_COMMIT);
        st.setFetchDirection(ResultSet.FETCH_FORWARD);
        if (st.getFetchSize() == 0) {
            st.setFetchSize(500);
        }
        st.setMaxRows(2000);
        return st;
    }

    private static String nativeQuery(Connection c, String sql) throws SQLException {
        try (Statement st = statement(c)) {
            String flags = "type=" + st.getResultSetType() + " concurrency=" + st.getResultSetConcurrency()
                    + " fetchSize=" + st.getFetchSize() + " maxRows=" + st.getMaxRows();
            if (!st.execute(sql)) {
                return "Select statement did not produce a ResultSet";
            }
            try (ResultSet rs = st.getResultSet()) {
                return flags + "\n" + readLikeMetabase(rs);
            }
        }
    }

    /** getColumnLabel and getColumnTypeName per column; getObject(i), or getObject(i, java.time type) for temporals. */
    private static String readLikeMetabase(ResultSet rs) throws SQLException {
        StringBuilder out = new StringBuilder();
        ResultSetMetaData md = rs.getMetaData();
        int columns = md.getColumnCount();
        for (int i = 1; i <= columns; i++) {
            out.append(md.getColumnLabel(i)).append(':').append(md.getColumnTypeName(i)).append(' ');
        }
        int rows = 0;
        while (rs.next()) {
            out.append('\n');
            for (int i = 1; i <= columns; i++) {
                Object value = switch (md.getColumnType(i)) {
                    case Types.DATE -> rs.getObject(i, LocalDate.class);
                    case Types.TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
                    case Types.TIMESTAMP_WITH_TIMEZONE -> rs.getObject(i, OffsetDateTime.class);
                    case Types.TIME -> rs.getObject(i, LocalTime.class);
                    default -> rs.getObject(i);
                };
                out.append(value == null ? "null" : value.getClass().getName() + ":" + value).append(" | ");
            }
            rows++;
        }
        return out.append("\nrows=").append(rows).toString();
    }

    /** getSchemas, getTables with Metabase's types, the SELECT-privilege probe, columns, keys, catalogs. */
    private static void sync(SideBySide s, ClientFixture.Db db) throws Exception {
        String schemas = db.sharedServer() ? s.sameOnSharedServer("getSchemas", c -> c.getMetaData().getSchemas())
                : s.same("getSchemas", c -> c.getMetaData().getSchemas());
        String schema = s.same("schema", c -> db.stored(c, db.schema()));
        assertTrue(schemas.contains(schema), schemas);
        String tables = s.same("getTables " + schema,
                c -> c.getMetaData().getTables(null, schema, "%", SYNC_TABLE_TYPES));
        assertEquals(2, tables.lines().count() - 2, tables);
        for (String name : List.of("customers", "orders")) {
            String table = s.same("table " + name, c -> db.stored(c, name));
            String probe = "SELECT TRUE AS _ FROM \"" + schema + "\".\"" + table + "\" WHERE 1 <> 1 LIMIT 0";
            String probed = s.same("probe " + table, c -> {
                try (PreparedStatement p = c.prepareStatement(probe)) {
                    p.setQueryTimeout(15);
                    boolean result = p.execute();
                    try (ResultSet rs = p.getResultSet()) {
                        return "execute=" + result + " " + SideBySide.renderRows(rs);
                    }
                }
            });
            assertTrue(probed.startsWith("execute=true") && probed.endsWith("(0 rows)"), probed);
            String columns = s.same("getColumns " + table, c -> {
                StringBuilder out = new StringBuilder();
                try (ResultSet rs = c.getMetaData().getColumns(null, schema, table, null)) {
                    while (rs.next()) {
                        out.append(rs.getString("COLUMN_NAME")).append(' ').append(rs.getString("TYPE_NAME"))
                                .append(' ').append(rs.getString("COLUMN_DEF")).append(' ')
                                .append(rs.getInt("NULLABLE")).append(' ').append(rs.getString("IS_AUTOINCREMENT"))
                                .append(' ').append(rs.getString("REMARKS")).append('\n');
                    }
                }
                return out.toString();
            });
            assertEquals(4, columns.lines().count(), columns);
            s.same("getPrimaryKeys " + table, c -> c.getMetaData().getPrimaryKeys(null, schema, table));
            s.same("getImportedKeys " + table, c -> c.getMetaData().getImportedKeys(null, schema, table));
        }
        s.same("getCatalogs", c -> c.getMetaData().getCatalogs());
    }
}
