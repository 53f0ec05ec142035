package dev.nl2sql.engine.schema;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.ForeignKey;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.JDBCType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the tables and views of a connection's <em>current</em> catalog/schema through {@link DatabaseMetaData}:
 * H2 the current schema (PUBLIC), PostgreSQL {@code current_schema()}, MariaDB/MySQL the current database (a JDBC
 * catalog there), SQLite {@code main}. System tables ({@code sqlite_*}, system views, other schemas) are left out.
 *
 * <p>Besides names, JDBC types, nullability, remarks and keys, it reads up to {@value #SAMPLES_PER_COLUMN} distinct
 * non-null sample values of text columns with a bounded query ({@code SELECT DISTINCT c FROM t WHERE c IS NOT NULL
 * LIMIT 3}, {@code setMaxRows}, a 2 second query timeout), at most {@code maxSampledColumns} columns in all (tables in
 * metadata order), each value cut to {@value #MAX_SAMPLE_CHARS} characters. A sample query that fails is skipped and
 * logged at debug level; when the connection is not in auto-commit mode each sample query runs under a savepoint so
 * that a failure cannot abort the caller's transaction (PostgreSQL), and sampling is skipped where savepoints are not
 * available.
 *
 * <p>Instances are immutable and thread-safe; a connection must not be used by two threads at once.
 */
public final class SchemaReader {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaReader.class);

    public static final int DEFAULT_MAX_SAMPLED_COLUMNS = 200;
    public static final int SAMPLES_PER_COLUMN = 3;
    public static final int MAX_SAMPLE_CHARS = 40;
    private static final int SAMPLE_TIMEOUT_SECONDS = 2;

    private final int maxSampledColumns;

    /** Samples at most {@value #DEFAULT_MAX_SAMPLED_COLUMNS} text columns. */
    public SchemaReader() {
        this(DEFAULT_MAX_SAMPLED_COLUMNS);
    }

    /** @param maxSampledColumns how many text columns to read samples of, in all; 0 reads no samples */
    public SchemaReader(int maxSampledColumns) {
        if (maxSampledColumns < 0) {
            throw new IllegalArgumentException("maxSampledColumns < 0: " + maxSampledColumns);
        }
        this.maxSampledColumns = maxSampledColumns;
    }

    /** A reader that reads the structure only (no sample values). */
    public static SchemaReader withoutSamples() {
        return new SchemaReader(0);
    }

    public int maxSampledColumns() {
        return maxSampledColumns;
    }

    /** The identifier style of the connection's database. */
    public static IdentifierStyle styleOf(Connection c) throws SQLException {
        return IdentifierStyle.forProduct(c.getMetaData().getDatabaseProductName());
    }

    public DbSchema read(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        IdentifierStyle style = IdentifierStyle.forProduct(md.getDatabaseProductName());
        String catalog;
        String schema;
        switch (style) {
            case SQLITE -> {
                catalog = null;
                schema = null;
            }
            case MARIADB -> {
                catalog = c.getCatalog();
                schema = null;
            }
            default -> {
                catalog = c.getCatalog();
                schema = c.getSchema();
            }
        }
        LOG.debug("Reading schema of {} catalog={} schema={}", md.getDatabaseProductName(), catalog, schema);

        // Tables and views, in metadata order (sorted by type and name by the spec) re-sorted by name.
        Map<String, TableBuilder> tables = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try (ResultSet rs = md.getTables(catalog, schema, "%", null)) {
            while (rs.next()) {
                if (!inScope(style, catalog, schema, rs.getString("TABLE_CAT"), rs.getString("TABLE_SCHEM"))) {
                    continue;
                }
                String name = rs.getString("TABLE_NAME");
                String type = Objects.toString(rs.getString("TABLE_TYPE"), "").toUpperCase(Locale.ROOT);
                DbTable.Kind kind = kindOf(type);
                if (name == null || kind == null
                        || (style == IdentifierStyle.SQLITE && name.toLowerCase(Locale.ROOT).startsWith("sqlite_"))) {
                    continue;
                }
                tables.putIfAbsent(name, new TableBuilder(name, kind, blankToNull(rs.getString("REMARKS"))));
            }
        }

        try (ResultSet rs = md.getColumns(catalog, schema, "%", "%")) {
            while (rs.next()) {
                if (!inScope(style, catalog, schema, rs.getString("TABLE_CAT"), rs.getString("TABLE_SCHEM"))) {
                    continue;
                }
                TableBuilder t = tables.get(rs.getString("TABLE_NAME"));
                if (t == null || !t.name.equals(rs.getString("TABLE_NAME"))) {
                    continue;
                }
                String columnName = rs.getString("COLUMN_NAME");
                JDBCType type = jdbcType(rs.getInt("DATA_TYPE"));
                String typeName = Objects.toString(rs.getString("TYPE_NAME"), type.getName());
                boolean nullable = rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls;
                String remarks = blankToNull(rs.getString("REMARKS"));
                int position = rs.getInt("ORDINAL_POSITION");
                t.columns.put(position * 10_000 + t.columns.size(),
                        new DbColumn(columnName, type, typeName, nullable, remarks, List.of()));
            }
        }

        List<ForeignKey> foreignKeys = new ArrayList<>();
        for (TableBuilder t : tables.values()) {
            if (t.kind != DbTable.Kind.TABLE) {
                continue;
            }
            t.primaryKey.addAll(primaryKey(md, catalog, schema, t.name));
            foreignKeys.addAll(importedKeys(md, catalog, schema, t.name, tables));
        }

        int sampleBudget = maxSampledColumns;
        List<DbTable> result = new ArrayList<>();
        for (TableBuilder t : tables.values()) {
            List<DbColumn> columns = new ArrayList<>();
            for (DbColumn col : t.columns.values()) {
                if (sampleBudget > 0 && col.isText() && col.type() != JDBCType.CLOB && col.type() != JDBCType.NCLOB) {
                    sampleBudget--;
                    List<String> samples = samples(c, style, t.name, col.name());
                    col = new DbColumn(col.name(), col.type(), col.typeName(), col.nullable(), col.remarks(), samples);
                }
                columns.add(col);
            }
            result.add(new DbTable(t.name, t.kind, t.remarks, columns, t.primaryKey));
        }
        String name = schema != null ? schema : catalog != null ? catalog : "main";
        LOG.debug("Read {} tables, {} foreign keys", result.size(), foreignKeys.size());
        return new DbSchema(name, result, foreignKeys);
    }

    private static boolean inScope(IdentifierStyle style, String catalog, String schema, String tableCat,
            String tableSchem) {
        if (style == IdentifierStyle.SQLITE) {
            return true;
        }
        if (schema != null && tableSchem != null && !schema.equals(tableSchem)) {
            return false;
        }
        return catalog == null || tableCat == null || catalog.equals(tableCat);
    }

    private static DbTable.Kind kindOf(String type) {
        if (type.contains("SYSTEM") || type.contains("TEMPORARY") || type.contains("INDEX")
                || type.contains("SEQUENCE") || type.contains("SYNONYM") || type.contains("TYPE")) {
            return null;
        }
        if (type.contains("VIEW")) {
            return DbTable.Kind.VIEW;
        }
        if (type.contains("TABLE")) {
            return DbTable.Kind.TABLE;
        }
        return null;
    }

    private static List<String> primaryKey(DatabaseMetaData md, String catalog, String schema, String table)
            throws SQLException {
        Map<Integer, String> byPosition = new TreeMap<>();
        try (ResultSet rs = md.getPrimaryKeys(catalog, schema, table)) {
            while (rs.next()) {
                byPosition.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        } catch (SQLException e) {
            LOG.debug("Could not read the primary key of {}: {}", table, e.getMessage());
        }
        return new ArrayList<>(byPosition.values());
    }

    private static List<ForeignKey> importedKeys(DatabaseMetaData md, String catalog, String schema, String table,
            Map<String, TableBuilder> tables) {
        List<ForeignKey> keys = new ArrayList<>();
        // One key = a run of rows starting at KEY_SEQ 1; the spec orders them by PK table and KEY_SEQ.
        Map<String, List<String[]>> byKey = new LinkedHashMap<>();
        try (ResultSet rs = md.getImportedKeys(catalog, schema, table)) {
            int n = 0;
            String current = null;
            while (rs.next()) {
                int seq = rs.getInt("KEY_SEQ");
                String fkName = rs.getString("FK_NAME");
                String pkTable = rs.getString("PKTABLE_NAME");
                if (current == null || seq <= 1) {
                    current = (n++) + "/" + fkName + "/" + pkTable;
                }
                byKey.computeIfAbsent(current, k -> new ArrayList<>()).add(new String[] {
                        pkTable, rs.getString("PKCOLUMN_NAME"), rs.getString("FKCOLUMN_NAME")});
            }
        } catch (SQLException e) {
            LOG.debug("Could not read the foreign keys of {}: {}", table, e.getMessage());
            return keys;
        }
        for (List<String[]> rows : byKey.values()) {
            TableBuilder target = tables.get(rows.get(0)[0]);
            if (target == null) {
                continue; // references a table outside the schema
            }
            List<String> from = new ArrayList<>();
            List<String> to = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                from.add(storedColumn(tables.get(table), rows.get(i)[2]));
                String toColumn = rows.get(i)[1];
                if (toColumn == null || toColumn.isEmpty()) {
                    // SQLite: REFERENCES t without a column list means t's primary key
                    toColumn = i < target.primaryKey.size() ? target.primaryKey.get(i) : null;
                }
                to.add(storedColumn(target, toColumn));
            }
            if (!from.contains(null) && !to.contains(null)) {
                keys.add(new ForeignKey(table, from, target.name, to));
            }
        }
        return keys;
    }

    /** SQLite reports foreign key columns as written in the DDL; map them to the column's stored name. */
    private static String storedColumn(TableBuilder t, String name) {
        if (name == null || t == null) {
            return name;
        }
        for (DbColumn c : t.columns.values()) {
            if (c.name().equalsIgnoreCase(name)) {
                return c.name();
            }
        }
        return name;
    }

    private List<String> samples(Connection c, IdentifierStyle style, String table, String column) {
        String col = style.quoted(column);
        String sql = "SELECT DISTINCT " + col + " FROM " + style.quoted(table) + " WHERE " + col
                + " IS NOT NULL LIMIT " + SAMPLES_PER_COLUMN;
        Savepoint savepoint = null;
        try {
            if (!c.getAutoCommit()) {
                savepoint = c.setSavepoint();
            }
        } catch (SQLException | UnsupportedOperationException e) {
            LOG.debug("No savepoint for sampling {}.{}, skipped: {}", table, column, e.getMessage());
            return List.of();
        }
        List<String> values = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.setMaxRows(SAMPLES_PER_COLUMN);
            try {
                st.setQueryTimeout(SAMPLE_TIMEOUT_SECONDS);
            } catch (SQLException e) {
                LOG.debug("No query timeout: {}", e.getMessage());
            }
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next() && values.size() < SAMPLES_PER_COLUMN) {
                    String v = rs.getString(1);
                    if (v != null) {
                        values.add(v.length() > MAX_SAMPLE_CHARS ? v.substring(0, MAX_SAMPLE_CHARS) : v);
                    }
                }
            }
            if (savepoint != null) {
                c.releaseSavepoint(savepoint);
            }
            return values;
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Sampling {}.{} failed, skipped: {}", table, column, e.getMessage());
            if (savepoint != null) {
                try {
                    c.rollback(savepoint);
                } catch (SQLException re) {
                    LOG.debug("Rollback to savepoint failed: {}", re.getMessage());
                }
            }
            return List.of();
        }
    }

    private static JDBCType jdbcType(int code) {
        try {
            return JDBCType.valueOf(code);
        } catch (IllegalArgumentException e) {
            return JDBCType.OTHER;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static final class TableBuilder {
        final String name;
        final DbTable.Kind kind;
        final String remarks;
        final Map<Integer, DbColumn> columns = new TreeMap<>();
        final List<String> primaryKey = new ArrayList<>();

        TableBuilder(String name, DbTable.Kind kind, String remarks) {
            this.name = name;
            this.kind = kind;
            this.remarks = remarks;
        }
    }
}
