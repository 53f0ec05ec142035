package dev.nl2sql.benchmarks.harness;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Copies one Spider SQLite database into PostgreSQL (one schema) or MariaDB (one database) through JDBC.
 *
 * <p>Column types follow what SQLite actually stores in the column (its storage classes, {@code typeof}), which is
 * what SQLite's own comparisons and arithmetic act on, rather than the declared type alone: only integers (and NULL)
 * give INTEGER, or BIGINT beyond 32 bits; integers and reals, or only reals, give DOUBLE PRECISION; any text gives
 * TEXT (on MariaDB VARCHAR(255) when every value fits, so that keys can index it); blobs give BYTEA / LONGBLOB; a
 * column of NULLs only takes its declared type's SQLite affinity. Dates stay text, as SQLite stores them. Text
 * compares as SQLite's BINARY collation does, by code point: PostgreSQL columns are {@code COLLATE "C"}, MariaDB
 * databases {@code utf8mb4} with {@code utf8mb4_nopad_bin} (binary, case- and trailing-space-sensitive; only LIKE
 * then differs, case-sensitive where SQLite's ignores ASCII case). Names are those of SQLite, always quoted.
 * Primary keys are added after the rows and foreign keys after every table, each one skipped (and reported) where
 * the data or the target refuses it. Idempotent: the target schema or database is dropped and created anew.
 */
final class SpiderLoader {

    /** A server kind, its quoting and types. */
    enum Target {
        POSTGRESQL, MARIADB;

        static Target of(String url) {
            if (url.startsWith("jdbc:postgresql:")) {
                return POSTGRESQL;
            }
            if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
                return MARIADB;
            }
            throw new IllegalArgumentException("not a PostgreSQL or MariaDB JDBC URL: " + url);
        }

        String quote(String name) {
            return this == POSTGRESQL ? '"' + name.replace("\"", "\"\"") + '"' : '`' + name.replace("`", "``") + '`';
        }
    }

    /** What one load did: tables, rows, and the keys the data or the target refused. */
    record Report(String dbId, String target, int tables, long rows, int primaryKeys, int foreignKeys,
            List<String> skipped) {
    }

    private SpiderLoader() {
    }

    /** The schema (PostgreSQL) or database (MariaDB) name of a Spider database: prefix + id, lower case. */
    static String targetName(String prefix, String dbId) {
        return (prefix + dbId).toLowerCase(Locale.ROOT);
    }

    /** Loads {@code sqliteFile} into {@code name} on the server of {@code target}, replacing what was there. */
    static Report load(Path sqliteFile, String dbId, Connection target, String name) throws SQLException {
        Target kind = Target.of(target.getMetaData().getURL());
        List<String> skipped = new ArrayList<>();
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + sqliteFile.toAbsolutePath(),
                SpiderRunner.readOnly(new DriverSettings()))) {
            List<String> tables = new ArrayList<>();
            try (Statement s = sqlite.createStatement();
                    ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' "
                            + "AND name NOT LIKE 'sqlite_%' ORDER BY rowid")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            String q = kind.quote(name);
            try (Statement s = target.createStatement()) {
                if (kind == Target.POSTGRESQL) {
                    s.execute("DROP SCHEMA IF EXISTS " + q + " CASCADE");
                    s.execute("CREATE SCHEMA " + q);
                } else {
                    s.execute("DROP DATABASE IF EXISTS " + q);
                    s.execute("CREATE DATABASE " + q + " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin");
                }
            }
            long rows = 0;
            int primaryKeys = 0;
            Map<String, List<String[]>> foreignKeys = new LinkedHashMap<>();
            for (String table : tables) {
                List<Column> columns = columns(sqlite, table, kind);
                String qualified = q + "." + kind.quote(table);
                String ddl = columns.stream().map(c -> kind.quote(c.name) + " " + c.type)
                        .collect(Collectors.joining(", ", "CREATE TABLE " + qualified + " (", ")"));
                try (Statement s = target.createStatement()) {
                    s.execute(ddl);
                }
                rows += copyRows(sqlite, table, target, qualified, columns, kind);
                List<String> pk = columns.stream().filter(c -> c.pkOrder > 0)
                        .sorted((a, b) -> Integer.compare(a.pkOrder, b.pkOrder)).map(c -> c.name).toList();
                if (!pk.isEmpty()) {
                    String alter = "ALTER TABLE " + qualified + " ADD PRIMARY KEY ("
                            + pk.stream().map(kind::quote).collect(Collectors.joining(", ")) + ")";
                    if (tryExecute(target, alter, skipped, table + " primary key " + pk)) {
                        primaryKeys++;
                    }
                }
                foreignKeys.put(table, foreignKeys(sqlite, table));
            }
            int fks = 0;
            Set<String> known = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            known.addAll(tables);
            for (Map.Entry<String, List<String[]>> e : foreignKeys.entrySet()) {
                // one constraint per (id) of PRAGMA foreign_key_list: rows are {id, from, table, to}
                Map<String, List<String[]>> byId = new LinkedHashMap<>();
                for (String[] fk : e.getValue()) {
                    byId.computeIfAbsent(fk[0], k -> new ArrayList<>()).add(fk);
                }
                for (List<String[]> parts : byId.values()) {
                    String refTable = parts.get(0)[2];
                    String label = e.getKey() + " foreign key (" + parts.stream().map(p -> p[1])
                            .collect(Collectors.joining(", ")) + ") -> " + refTable;
                    if (!known.contains(refTable) || parts.stream().anyMatch(p -> p[3] == null)) {
                        skipped.add(label + ": the referenced table or column is not named in SQLite");
                        continue;
                    }
                    String actualRef = tables.stream().filter(t -> t.equalsIgnoreCase(refTable)).findFirst()
                            .orElse(refTable);
                    String alter = "ALTER TABLE " + q + "." + kind.quote(e.getKey()) + " ADD FOREIGN KEY ("
                            + parts.stream().map(p -> kind.quote(p[1])).collect(Collectors.joining(", "))
                            + ") REFERENCES " + q + "." + kind.quote(actualRef) + " ("
                            + parts.stream().map(p -> kind.quote(p[3])).collect(Collectors.joining(", ")) + ")";
                    if (tryExecute(target, alter, skipped, label)) {
                        fks++;
                    }
                }
            }
            return new Report(dbId, name, tables.size(), rows, primaryKeys, fks, skipped);
        }
    }

    private static boolean tryExecute(Connection target, String sql, List<String> skipped, String label)
            throws SQLException {
        boolean auto = target.getAutoCommit();
        try (Statement s = target.createStatement()) {
            s.execute(sql);
            return true;
        } catch (SQLException e) {
            if (!auto) {
                target.rollback();
            }
            skipped.add(label + ": " + SpiderRunner.firstLine(e));
            return false;
        }
    }

    private record Column(String name, String type, int pkOrder, int sqlType) {
    }

    private static List<Column> columns(Connection sqlite, String table, Target kind) throws SQLException {
        List<String[]> declared = new ArrayList<>();
        try (Statement s = sqlite.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA table_info(" + sqliteQuote(table) + ")")) {
            while (rs.next()) {
                declared.add(new String[] {rs.getString("name"), rs.getString("type"), rs.getString("pk")});
            }
        }
        List<Column> columns = new ArrayList<>();
        for (String[] d : declared) {
            String c = sqliteQuote(d[0]);
            Set<String> classes = new TreeSet<>();
            long min = 0;
            long max = 0;
            int maxLength = 0;
            try (Statement s = sqlite.createStatement();
                    ResultSet rs = s.executeQuery("SELECT typeof(" + c + "), min(" + c + "), max(" + c + "), "
                            + "max(length(CAST(" + c + " AS TEXT))) FROM " + sqliteQuote(table) + " GROUP BY 1")) {
                while (rs.next()) {
                    String cls = rs.getString(1);
                    classes.add(cls);
                    if (cls.equals("integer")) {
                        min = rs.getLong(2);
                        max = rs.getLong(3);
                    }
                    maxLength = Math.max(maxLength, rs.getInt(4));
                }
            }
            classes.remove("null");
            if (classes.isEmpty()) {
                classes.add(affinity(d[1]));
            }
            String type;
            int sqlType;
            if (classes.contains("blob")) {
                type = kind == Target.POSTGRESQL ? "BYTEA" : "LONGBLOB";
                sqlType = Types.BLOB;
            } else if (classes.contains("text")) {
                type = kind == Target.POSTGRESQL ? "TEXT COLLATE \"C\"" : maxLength <= 255 ? "VARCHAR(255)" : "TEXT";
                sqlType = Types.VARCHAR;
            } else if (classes.contains("real")) {
                type = kind == Target.POSTGRESQL ? "DOUBLE PRECISION" : "DOUBLE";
                sqlType = Types.DOUBLE;
            } else {
                boolean big = min < Integer.MIN_VALUE || max > Integer.MAX_VALUE;
                type = big ? "BIGINT" : "INTEGER";
                sqlType = Types.BIGINT;
            }
            columns.add(new Column(d[0], type, Integer.parseInt(d[2]), sqlType));
        }
        return columns;
    }

    /** SQLite's affinity of a declared type (section 3.1 of its datatype page), as a storage class. */
    static String affinity(String declared) {
        String t = declared == null ? "" : declared.toUpperCase(Locale.ROOT);
        if (t.contains("INT")) {
            return "integer";
        }
        if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) {
            return "text";
        }
        if (t.isEmpty() || t.contains("BLOB")) {
            return "text"; // a column of NULLs with no type: text is the safest target type
        }
        return t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") ? "real" : "integer";
    }

    private static long copyRows(Connection sqlite, String table, Connection target, String qualified,
            List<Column> columns, Target kind) throws SQLException {
        String names = columns.stream().map(c -> sqliteQuote(c.name)).collect(Collectors.joining(", "));
        String insert = columns.stream().map(c -> kind.quote(c.name))
                .collect(Collectors.joining(", ", "INSERT INTO " + qualified + " (", ") VALUES ("))
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        long rows = 0;
        boolean auto = target.getAutoCommit();
        target.setAutoCommit(false);
        try (Statement s = sqlite.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + names + " FROM " + sqliteQuote(table));
                PreparedStatement ps = target.prepareStatement(insert)) {
            while (rs.next()) {
                for (int i = 0; i < columns.size(); i++) {
                    Column c = columns.get(i);
                    Object v = switch (c.sqlType) {
                        case Types.BLOB -> rs.getBytes(i + 1);
                        case Types.VARCHAR -> rs.getString(i + 1);
                        case Types.DOUBLE -> rs.getObject(i + 1) == null ? null : rs.getDouble(i + 1);
                        default -> rs.getObject(i + 1) == null ? null : rs.getLong(i + 1);
                    };
                    if (v == null) {
                        ps.setNull(i + 1, c.sqlType == Types.BLOB ? Types.BINARY : c.sqlType);
                    } else {
                        ps.setObject(i + 1, v);
                    }
                }
                ps.addBatch();
                if (++rows % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            target.commit();
        } catch (SQLException e) {
            target.rollback();
            throw new SQLException(qualified + ": " + e.getMessage(), e.getSQLState(), e);
        } finally {
            target.setAutoCommit(auto);
        }
        return rows;
    }

    /** PRAGMA foreign_key_list rows of a table as {id, from, table, to}. */
    private static List<String[]> foreignKeys(Connection sqlite, String table) throws SQLException {
        List<String[]> fks = new ArrayList<>();
        try (Statement s = sqlite.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA foreign_key_list(" + sqliteQuote(table) + ")")) {
            while (rs.next()) {
                fks.add(new String[] {rs.getString("id"), rs.getString("from"), rs.getString("table"),
                    rs.getString("to")});
            }
        }
        return fks;
    }

    private static String sqliteQuote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
