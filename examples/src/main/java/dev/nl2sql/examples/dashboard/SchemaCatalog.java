package dev.nl2sql.examples.dashboard;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tables and columns of the database people ask, from its JDBC metadata, for the page's schema browser, with
 * example questions made from them ({@link ExampleQuestions}). Read once and kept for a few minutes: a page load
 * should not walk the catalog of a large database each time.
 */
final class SchemaCatalog {

    static final int MAX_TABLES = 300;
    static final int MAX_COLUMNS = 200;
    static final Duration KEEP = Duration.ofMinutes(5);

    /** A column: name, the database's type name, its kind for charts, and whether it is part of the primary key. */
    record Column(String name, String type, ColumnKind kind, boolean key, String remarks) {
    }

    /** A table or view with its columns. */
    record Table(String name, String type, String remarks, List<Column> columns) {
    }

    /** The schema as the page shows it. */
    record Schema(List<Table> tables, boolean truncated, List<String> examples) {
    }

    private final TargetDatabase database;
    private final Clock clock;
    private Schema cached;
    private Instant readAt;

    SchemaCatalog(TargetDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** The schema, read again when {@code fresh} or when the kept one is older than {@link #KEEP}. */
    synchronized Schema schema(boolean fresh) throws SQLException {
        if (fresh || cached == null || readAt.plus(KEEP).isBefore(clock.instant())) {
            cached = read();
            readAt = clock.instant();
        }
        return cached;
    }

    private Schema read() throws SQLException {
        try (Connection c = database.open()) {
            DatabaseMetaData meta = c.getMetaData();
            String catalog = c.getCatalog();
            String schema = c.getSchema();
            List<Table> tables = new ArrayList<>();
            boolean truncated = false;
            List<String[]> names = new ArrayList<>();
            try (ResultSet rs = meta.getTables(catalog, schema, "%", new String[] {"TABLE", "VIEW"})) {
                while (rs.next()) {
                    if (names.size() == MAX_TABLES) {
                        truncated = true;
                        break;
                    }
                    names.add(new String[] {rs.getString("TABLE_NAME"), rs.getString("TABLE_TYPE"),
                        rs.getString("REMARKS")});
                }
            }
            for (String[] t : names) {
                tables.add(new Table(t[0], t[1].toLowerCase(Locale.ROOT), t[2], columns(meta, catalog, schema, t[0])));
            }
            List<String> examples = new ExampleQuestions(c, meta.getIdentifierQuoteString(), clock).from(tables);
            c.rollback();
            return new Schema(List.copyOf(tables), truncated, examples);
        }
    }

    private static List<Column> columns(DatabaseMetaData meta, String catalog, String schema, String table)
            throws SQLException {
        Set<String> keys = new HashSet<>();
        try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, table)) {
            while (rs.next()) {
                keys.add(rs.getString("COLUMN_NAME"));
            }
        }
        List<Column> columns = new ArrayList<>();
        try (ResultSet rs = meta.getColumns(catalog, schema, table, "%")) {
            while (rs.next() && columns.size() < MAX_COLUMNS) {
                String name = rs.getString("COLUMN_NAME");
                columns.add(new Column(name, rs.getString("TYPE_NAME"), ColumnKind.of(rs.getInt("DATA_TYPE")),
                        keys.contains(name), rs.getString("REMARKS")));
            }
        }
        return columns;
    }
}
