package dev.nl2sql.engine.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.engine.schema.SchemaReader;
import dev.nl2sql.engine.testing.TestDatabases;
import dev.nl2sql.engine.testing.TestDatabases.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 18, differential: the same small tables (NULLs, ties, mixed case, integers to average) on SQLite and on a
 * server; each model query runs directly on SQLite, its checked rendering on the server, and both must give the same
 * rows in the same order.
 */
class SqliteSemanticsTest {

    private static final List<String> QUERIES = List.of(
            // NULL order and ties of a plain read (row id order)
            "SELECT name FROM {t} ORDER BY a",
            "SELECT name FROM {t} ORDER BY a DESC",
            "SELECT name, a FROM {t} ORDER BY a LIMIT 3",
            "SELECT name FROM {t} AS x ORDER BY x.a DESC LIMIT 4",
            "SELECT name FROM {t} WHERE a IS NOT NULL ORDER BY a ASC",
            "SELECT name FROM {t} LIMIT 2",
            // ties after GROUP BY: groups sorted by key in the ORDER BY's direction, then a stable sort
            "SELECT g FROM {t} GROUP BY g ORDER BY count(*) DESC LIMIT 1",
            "SELECT g FROM {t} GROUP BY g ORDER BY count(*) ASC LIMIT 1",
            "SELECT g, count(*) FROM {t} GROUP BY g ORDER BY count(*) DESC",
            "SELECT g FROM {t} GROUP BY g ORDER BY COUNT(*)",
            "SELECT a, count(*) FROM {t} GROUP BY a ORDER BY count(*) DESC",
            "SELECT a FROM {t} GROUP BY a ORDER BY count(*)",
            "SELECT g, max(a) FROM {t} GROUP BY g ORDER BY max(a) DESC",
            "SELECT name FROM {t} WHERE g = (SELECT g FROM {t} GROUP BY g ORDER BY count(*) DESC LIMIT 1) ORDER BY id",
            // groups read in primary key order (no sort of the groups)
            "SELECT k FROM {u} GROUP BY k ORDER BY count(*) DESC LIMIT 1",
            "SELECT k, count(*) FROM {u} GROUP BY k ORDER BY count(*) DESC",
            // LIKE ignores the case of ASCII letters only
            "SELECT name FROM {t} WHERE name LIKE 'korea' ORDER BY id",
            "SELECT name FROM {t} WHERE name LIKE '%OR%' ORDER BY id",
            "SELECT name FROM {t} WHERE name NOT LIKE 'k_r%' ORDER BY id",
            "SELECT name FROM {t} WHERE name LIKE '%é%' ORDER BY id",
            "SELECT name FROM {t} WHERE name LIKE '%É%' ORDER BY id",
            // AVG of integers is a double, not cut to four decimals
            "SELECT avg(a) FROM {t}",
            "SELECT g, avg(a) FROM {t} GROUP BY g ORDER BY g",
            "SELECT avg(DISTINCT a) FROM {t} WHERE a > 0",
            // a subquery in FROM without an alias
            "SELECT count(*) FROM (SELECT g FROM {t} INTERSECT SELECT g FROM {t} WHERE a > 1)",
            "SELECT count(*) FROM (SELECT g FROM {t} WHERE a > 1)");

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"POSTGRESQL", "MARIADB"})
    void sameRowsInTheSameOrderAsSqlite(Kind kind) throws Exception {
        String suffix = "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        String t = "sqsem_t" + suffix;
        String u = "sqsem_u" + suffix;
        Path file = Files.createTempFile("sqsem", ".sqlite");
        boolean maria = kind == Kind.MARIADB;
        // text compares by code point on both sides, as the Spider copies on the servers are set up
        String text = maria ? "VARCHAR(40)" : "TEXT COLLATE \"C\"";
        String tableOptions = maria ? " DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_bin" : "";
        List<String> setup = List.of(
                "CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, g {text}, a INTEGER, name {text}){options}",
                "INSERT INTO " + t + " VALUES (1, 'c', 1, 'Korea'), (2, 'b', 1, 'korea'), (3, 'a', 2, 'KOREA'),"
                        + " (4, 'b', NULL, 'kOr'), (5, 'a', 3, 'Émile'), (6, 'c', 2, 'émile'), (7, 'd', NULL, 'Kyiv'),"
                        + " (8, 'd', 3, 'Ana'), (9, NULL, 2, 'ana'), (10, NULL, 1, 'x')",
                "CREATE TABLE " + u + " (k INTEGER NOT NULL, j INTEGER NOT NULL, PRIMARY KEY (k, j)){options}",
                "INSERT INTO " + u + " VALUES (3, 1), (3, 2), (1, 1), (1, 2), (2, 1)");
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + file);
                Connection server = TestDatabases.connect(TestDatabases.url(kind))) {
            try (Statement a = sqlite.createStatement(); Statement b = server.createStatement()) {
                for (String sql : setup) {
                    a.execute(sql.replace("{text}", "TEXT").replace("{options}", ""));
                    b.execute(sql.replace("{text}", text).replace("{options}", tableOptions));
                }
            }
            try {
                SqlChecker checker = new SqlChecker(new SchemaReader().read(server),
                        maria ? TargetDialect.MARIADB : TargetDialect.POSTGRESQL);
                for (String query : QUERIES) {
                    String model = query.replace("{t}", t).replace("{u}", u);
                    String rendered = checker.check(model).sql();
                    List<List<String>> direct = TestDatabases.rows(sqlite, model);
                    List<List<String>> viaChecker = TestDatabases.rows(server, rendered);
                    assertFalse(direct.isEmpty(), model);
                    assertEquals(direct, viaChecker, kind + ": " + model + "\n -> " + rendered);
                }
            } finally {
                try (Statement b = server.createStatement()) {
                    b.execute("DROP TABLE IF EXISTS " + t);
                    b.execute("DROP TABLE IF EXISTS " + u);
                }
                Files.deleteIfExists(file);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"POSTGRESQL", "MARIADB"})
    void renderingSaysWhatItAdds(Kind kind) throws Exception {
        String suffix = "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        String t = "sqsem_r" + suffix;
        try (Connection server = TestDatabases.connect(TestDatabases.url(kind))) {
            try (Statement st = server.createStatement()) {
                st.execute("CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER NOT NULL)");
            }
            try {
                boolean pg = kind == Kind.POSTGRESQL;
                SqlChecker checker = new SqlChecker(new SchemaReader().read(server),
                        pg ? TargetDialect.POSTGRESQL : TargetDialect.MARIADB);
                String byA = checker.check("SELECT a FROM " + t + " ORDER BY a DESC").sql().toUpperCase(Locale.ROOT);
                String byB = checker.check("SELECT a FROM " + t + " ORDER BY b").sql().toUpperCase(Locale.ROOT);
                // the primary key breaks ties; NULLS only where the term can be NULL, and only PostgreSQL needs it
                String q = pg ? "\"" : "`";
                String id = q + t.toUpperCase(Locale.ROOT) + q + "." + q + "ID" + q;
                assertTrue(byA.endsWith((pg ? "DESC NULLS LAST, " : "DESC, ") + id), byA);
                assertTrue(byB.endsWith(q + "B" + q + ", " + id), byB);
                String avg = checker.check("SELECT avg(a) FROM " + t).sql().toUpperCase(Locale.ROOT);
                assertEquals(!pg, avg.contains("CAST(`A` AS DOUBLE)"), avg);
                String grouped = checker.check("SELECT a FROM " + t + " GROUP BY a ORDER BY count(*) DESC LIMIT 1")
                        .sql().toUpperCase(Locale.ROOT);
                assertTrue(grouped.contains(pg ? "COUNT(*) DESC, \"A\" DESC NULLS LAST" : "COUNT(*) DESC, `A` DESC"),
                        grouped);
            } finally {
                try (Statement st = server.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS " + t);
                }
            }
        }
    }
}
