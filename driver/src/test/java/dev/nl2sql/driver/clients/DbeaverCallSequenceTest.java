package dev.nl2sql.driver.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DBeaver's calls, as the field notes (B.3) write them down from its source, replayed on the bare driver and on
 * jdbc:nl2sql: side by side: the bootstrap of its "Main" and "Metadata" connections, JDBCDataSourceInfo, the SQL
 * dialect, the navigator, and the SQL editor's execution path. Every answer must be the bare driver's.
 */
class DbeaverCallSequenceTest {

    private static final int[] ISOLATION_LEVELS = {
        Connection.TRANSACTION_NONE, Connection.TRANSACTION_READ_UNCOMMITTED, Connection.TRANSACTION_READ_COMMITTED,
        Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_SERIALIZABLE};

    @ParameterizedTest
    @EnumSource(ClientFixture.class)
    void aDbeaverSessionGetsTheBareDriversAnswers(ClientFixture fixture) throws Exception {
        try (ClientFixture.Db db = fixture.open();
             Connection directMain = db.direct(); Connection wrappedMain = db.wrapped();
             Connection directMeta = db.direct(); Connection wrappedMeta = db.wrapped()) {
            SideBySide main = new SideBySide(directMain, wrappedMain);
            SideBySide meta = new SideBySide(directMeta, wrappedMeta);
            for (SideBySide context : List.of(main, meta)) {
                bootstrap(context);
            }
            dataSourceInfo(meta, db);
            dialect(meta);
            navigator(meta, db);
            sqlEditor(main, meta, db);
            assertTrue(meta.transcript().size() > 80, "the replay really ran: " + meta.transcript().size());
        }
    }

    /** JDBCExecutionContext: isolation if configured, auto-commit, commit after bootstrap when not auto-commit. */
    private static void bootstrap(SideBySide s) {
        s.same("setTransactionIsolation(READ_COMMITTED)", c -> {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            return c.getTransactionIsolation();
        });
        s.same("setAutoCommit(false), commit", c -> {
            c.setAutoCommit(false);
            boolean autoCommit = c.getAutoCommit();
            c.commit();
            return autoCommit;
        });
        s.same("setAutoCommit(true)", c -> {
            c.setAutoCommit(true);
            return c.getAutoCommit();
        });
        s.same("getTransactionIsolation", Connection::getTransactionIsolation);
        s.same("isReadOnly", Connection::isReadOnly);
        s.same("getCatalog", Connection::getCatalog);
        s.same("getSchema", Connection::getSchema);
        s.same("getWarnings", c -> c.getWarnings() == null ? "none" : c.getWarnings().getMessage());
    }

    /** JDBCDataSourceInfo: each call on its own, failures only logged (here: compared). */
    private static void dataSourceInfo(SideBySide s, ClientFixture.Db db) {
        s.same("getDatabaseProductName", c -> c.getMetaData().getDatabaseProductName());
        s.same("getDatabaseProductVersion", c -> c.getMetaData().getDatabaseProductVersion());
        s.same("getDriverName", c -> c.getMetaData().getDriverName());
        s.same("getDriverVersion", c -> c.getMetaData().getDriverVersion());
        s.same("getDatabaseMajorVersion", c -> c.getMetaData().getDatabaseMajorVersion());
        s.same("getDatabaseMinorVersion", c -> c.getMetaData().getDatabaseMinorVersion());
        s.same("getDriverMajorVersion", c -> c.getMetaData().getDriverMajorVersion());
        s.same("getJDBCMajorVersion", c -> c.getMetaData().getJDBCMajorVersion());
        s.same("getSchemaTerm", c -> c.getMetaData().getSchemaTerm());
        s.same("getProcedureTerm", c -> c.getMetaData().getProcedureTerm());
        s.same("getCatalogTerm", c -> c.getMetaData().getCatalogTerm());
        s.same("supportsBatchUpdates", c -> c.getMetaData().supportsBatchUpdates());
        s.same("supportsTransactions", c -> c.getMetaData().supportsTransactions());
        for (int level : ISOLATION_LEVELS) {
            s.same("supportsTransactionIsolationLevel(" + level + ")",
                    c -> c.getMetaData().supportsTransactionIsolationLevel(level));
        }
        s.same("getUserName", c -> c.getMetaData().getUserName());
        // The one planned difference: the URL is the jdbc:nl2sql: one DBeaver connected with, so a reconnect from
        // it (or a copy of what DBeaver shows) stays on nl2sql.
        assertEquals(db.wrappedUrl(), s.wrappedOnly("getURL is the jdbc:nl2sql: URL", c -> c.getMetaData().getURL()),
                "DBeaver shows the URL it connected with");
    }

    /** JDBCSQLDialect. */
    private static void dialect(SideBySide s) {
        s.same("getIdentifierQuoteString", c -> c.getMetaData().getIdentifierQuoteString());
        s.same("getSQLKeywords", c -> c.getMetaData().getSQLKeywords());
        s.same("getNumericFunctions", c -> c.getMetaData().getNumericFunctions());
        s.same("getStringFunctions", c -> c.getMetaData().getStringFunctions());
        s.same("getSystemFunctions", c -> c.getMetaData().getSystemFunctions());
        s.same("getTimeDateFunctions", c -> c.getMetaData().getTimeDateFunctions());
        s.same("getSearchStringEscape", c -> c.getMetaData().getSearchStringEscape());
        s.same("getExtraNameCharacters", c -> c.getMetaData().getExtraNameCharacters());
        s.same("getCatalogSeparator", c -> c.getMetaData().getCatalogSeparator());
        s.same("isCatalogAtStart", c -> c.getMetaData().isCatalogAtStart());
        s.same("getSQLStateType", c -> c.getMetaData().getSQLStateType());
        s.same("storesUpperCaseIdentifiers", c -> c.getMetaData().storesUpperCaseIdentifiers());
        s.same("storesLowerCaseIdentifiers", c -> c.getMetaData().storesLowerCaseIdentifiers());
        s.same("storesMixedCaseIdentifiers", c -> c.getMetaData().storesMixedCaseIdentifiers());
        s.same("storesUpperCaseQuotedIdentifiers", c -> c.getMetaData().storesUpperCaseQuotedIdentifiers());
        s.same("storesLowerCaseQuotedIdentifiers", c -> c.getMetaData().storesLowerCaseQuotedIdentifiers());
        s.same("storesMixedCaseQuotedIdentifiers", c -> c.getMetaData().storesMixedCaseQuotedIdentifiers());
        s.same("supportsMixedCaseIdentifiers", c -> c.getMetaData().supportsMixedCaseIdentifiers());
        s.same("supportsMixedCaseQuotedIdentifiers", c -> c.getMetaData().supportsMixedCaseQuotedIdentifiers());
        s.same("supportsSchemasInDataManipulation", c -> c.getMetaData().supportsSchemasInDataManipulation());
        s.same("supportsSchemasInTableDefinitions", c -> c.getMetaData().supportsSchemasInTableDefinitions());
        s.same("supportsSchemasInProcedureCalls", c -> c.getMetaData().supportsSchemasInProcedureCalls());
        s.same("supportsSchemasInIndexDefinitions", c -> c.getMetaData().supportsSchemasInIndexDefinitions());
        s.same("supportsCatalogsInDataManipulation", c -> c.getMetaData().supportsCatalogsInDataManipulation());
        s.same("supportsCatalogsInTableDefinitions", c -> c.getMetaData().supportsCatalogsInTableDefinitions());
        s.same("supportsCatalogsInProcedureCalls", c -> c.getMetaData().supportsCatalogsInProcedureCalls());
        s.same("supportsSubqueriesInComparisons", c -> c.getMetaData().supportsSubqueriesInComparisons());
        s.same("supportsSubqueriesInExists", c -> c.getMetaData().supportsSubqueriesInExists());
        s.same("supportsSubqueriesInIns", c -> c.getMetaData().supportsSubqueriesInIns());
        s.same("supportsSubqueriesInQuantifieds", c -> c.getMetaData().supportsSubqueriesInQuantifieds());
        s.same("supportsCorrelatedSubqueries", c -> c.getMetaData().supportsCorrelatedSubqueries());
    }

    /** GenericMetaModel / GenericDataSource: the navigator tree down to this run's tables. */
    private static void navigator(SideBySide s, ClientFixture.Db db) throws Exception {
        boolean shared = db.sharedServer();
        String catalogs = shared ? s.sameOnSharedServer("getCatalogs", c -> c.getMetaData().getCatalogs())
                : s.same("getCatalogs", c -> c.getMetaData().getCatalogs());
        String schemas = shared ? s.sameOnSharedServer("getSchemas", c -> c.getMetaData().getSchemas())
                : s.same("getSchemas", c -> c.getMetaData().getSchemas());
        s.same("getTableTypes", c -> c.getMetaData().getTableTypes());
        String typeInfo = shared ? s.sameOnSharedServer("getTypeInfo", c -> c.getMetaData().getTypeInfo())
                : s.same("getTypeInfo", c -> c.getMetaData().getTypeInfo());
        s.same("getClientInfoProperties", c -> c.getMetaData().getClientInfoProperties());
        assertTrue(catalogs.lines().count() > 2, catalogs);
        assertTrue(typeInfo.contains("DATE"), "getTypeInfo lists DATE: " + typeInfo);

        String catalog = s.same("getCatalog", Connection::getCatalog);
        String schema = s.same("schema name", c -> db.stored(c, db.schema()));
        assertTrue(schemas.contains(schema), "getSchemas lists " + schema + ": " + schemas);
        String cat = "null".equals(catalog) ? null : catalog;
        String tables = s.same("getTables(schema)", c -> c.getMetaData().getTables(cat, schema, null, null));
        s.same("getTables(schema, %, TABLE/VIEW)",
                c -> c.getMetaData().getTables(cat, schema, "%", new String[] {"TABLE", "VIEW"}));
        for (String name : List.of("customers", "orders")) {
            String table = s.same("stored " + name, c -> db.stored(c, name));
            assertTrue(tables.contains(table), tables);
            String columns = s.same("getColumns " + table,
                    c -> c.getMetaData().getColumns(cat, schema, table, "%"));
            assertEquals(4, columns.lines().count() - 2, "four columns of " + table + ": " + columns);
            String keys = s.same("getPrimaryKeys " + table, c -> c.getMetaData().getPrimaryKeys(cat, schema, table));
            assertEquals(1, keys.lines().count() - 2, keys);
            String imported = s.same("getImportedKeys " + table,
                    c -> c.getMetaData().getImportedKeys(cat, schema, table));
            assertEquals(name.equals("orders") ? 1 : 0, imported.lines().count() - 2, imported);
            s.same("getExportedKeys " + table, c -> c.getMetaData().getExportedKeys(cat, schema, table));
            String indexes = s.same("getIndexInfo " + table,
                    c -> c.getMetaData().getIndexInfo(cat, schema, table, false, true));
            assertTrue(indexes.lines().count() - 2 >= 1, indexes);
        }
        s.same("getProcedures", c -> c.getMetaData().getProcedures(cat, schema, "%"));
        s.same("getFunctions", c -> c.getMetaData().getFunctions(cat, schema, "%"));
        s.same("getProcedureColumns", c -> c.getMetaData().getProcedureColumns(cat, schema, "%", "%"));
        s.same("getFunctionColumns", c -> c.getMetaData().getFunctionColumns(cat, schema, "%", "%"));
    }

    /**
     * The SQL editor: a statement with DBeaver's 200-row limit and fetch size, execute, getResultSet, the column
     * descriptions it reads, the rows, then getUpdateCount/getMoreResults/getWarnings; the keys of the table that
     * getTableName names (to make the grid editable); an update through execute; an error.
     */
    private static void sqlEditor(SideBySide main, SideBySide meta, ClientFixture.Db db) {
        String select = "SELECT c.id, c.name, c.joined, o.amount FROM " + db.schema() + ".customers c JOIN "
                + db.schema() + ".orders o ON o.customer_id = c.id ORDER BY o.id";
        String answer = main.same("execute SELECT", c -> run(c, select, 200));
        assertTrue(answer.startsWith("execute=true"), answer);
        assertTrue(answer.contains("(3 rows)") && answer.contains("Grace"), answer);
        assertTrue(answer.contains("moreResults=false updateCount=-1"), answer);

        String limited = main.same("execute SELECT with maxRows 2", c -> run(c, select, 2));
        assertTrue(limited.contains("(2 rows)"), limited);

        String customers = "SELECT * FROM " + db.schema() + ".customers ORDER BY id";
        String grid = main.same("execute SELECT *", c -> run(c, customers, 200));
        String tableName = main.same("getTableName of the grid", c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(customers)) {
                ResultSetMetaData md = rs.getMetaData();
                return md.getSchemaName(1) + "\u0001" + md.getTableName(1);
            }
        });
        assertTrue(grid.contains("Linus"), grid);
        String[] parts = tableName.split("\u0001", -1);
        if (!parts[1].isEmpty()) {
            String keys = meta.same("getPrimaryKeys of the grid's table", c -> c.getMetaData()
                    .getPrimaryKeys(c.getCatalog(), parts[0].isEmpty() ? null : parts[0], parts[1]));
            assertTrue(keys.lines().count() - 2 == 1, keys);
        }

        String update = main.same("execute UPDATE", c -> run(c,
                "UPDATE " + db.schema() + ".customers SET city = city WHERE city = 'Lisbon'", 200));
        assertTrue(update.startsWith("execute=false updateCount=2"), update);

        String error = main.same("execute a syntax error", c -> run(c, "SELEC 1", 200));
        assertTrue(error.startsWith("SQLException[42"), error);
        main.same("the connection still works", c -> run(c, "SELECT 1", 200));
    }

    private static String run(Connection c, String sql, int maxRows) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.setFetchSize(200);
            st.setMaxRows(maxRows);
            st.setQueryTimeout(0);
            boolean result = st.execute(sql);
            out.add("execute=" + result);
            if (result) {
                try (ResultSet rs = st.getResultSet()) {
                    out.add("statementIsOurs=" + (rs.getStatement() == st));
                    ResultSetMetaData md = rs.getMetaData();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        out.add("column " + i + ": label=" + md.getColumnLabel(i) + " name=" + md.getColumnName(i)
                                + " writable=" + md.isWritable(i) + " table=" + md.getTableName(i)
                                + " catalog=" + md.getCatalogName(i) + " schema=" + md.getSchemaName(i)
                                + " nullable=" + md.isNullable(i) + " size=" + md.getColumnDisplaySize(i)
                                + " typeName=" + md.getColumnTypeName(i) + " type=" + md.getColumnType(i)
                                + " autoIncrement=" + md.isAutoIncrement(i) + " precision=" + md.getPrecision(i)
                                + " scale=" + md.getScale(i));
                    }
                    out.add(SideBySide.renderRows(rs));
                }
            } else {
                out.add("updateCount=" + st.getUpdateCount());
                out.add("largeUpdateCount=" + st.getLargeUpdateCount());
            }
            out.add("moreResults=" + st.getMoreResults() + " updateCount=" + st.getUpdateCount());
            out.add("warnings=" + (st.getWarnings() == null ? "none" : st.getWarnings().getMessage()));
            st.cancel();
            st.closeOnCompletion();
            assertFalse(st.isClosed());
        }
        return String.join(" ", out);
    }
}
