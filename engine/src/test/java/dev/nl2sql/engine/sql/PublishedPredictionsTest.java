package dev.nl2sql.engine.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.engine.schema.SchemaReader;
import dev.nl2sql.engine.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 18, differential: every published Spider dev prediction (predictions/*.sql, one SQL per dev question) that
 * SQLite runs directly is accepted by the check, and its checked SQL returns exactly the rows of the model's own SQL
 * (in order where it has ORDER BY). Questions whose database is not in the spider-dev folder are skipped.
 */
class PublishedPredictionsTest {

    private static final Comparator<List<String>> ROWS = Comparator.comparing(String::valueOf);
    private static final Map<String, Connection> CONNECTIONS = new HashMap<>();
    private static final Map<String, SqlChecker> CHECKERS = new HashMap<>();
    private static List<String> databases;

    @BeforeAll
    static void readDev() throws Exception {
        databases = new ArrayList<>();
        for (JsonNode q : new ObjectMapper().readTree(TestDatabases.spiderDir().resolve("dev.json").toFile())) {
            databases.add(q.get("db_id").asText());
        }
    }

    @AfterAll
    static void close() throws SQLException {
        for (Connection c : CONNECTIONS.values()) {
            c.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"c3sql", "codes-15b", "codes-1b", "codes-3b", "codes-7b", "dail-sql-gpt4-sc",
        "dail-sql-gpt4", "dts-sql-deepseek", "dts-sql-mistral", "graphix"})
    void whatSqliteRunsIsAnsweredWithItsRows(String file) throws Exception {
        List<String> predictions = Files.readAllLines(TestDatabases.spiderDir().resolve("predictions")
                .resolve(file + ".sql"));
        List<String> problems = new ArrayList<>();
        int ran = 0;
        for (int i = 0; i < predictions.size() && i < databases.size(); i++) {
            String db = databases.get(i);
            String sql = predictions.get(i);
            Path dbFile = TestDatabases.spiderDir().resolve("database").resolve(db).resolve(db + ".sqlite");
            if (sql.isBlank() || !Files.isRegularFile(dbFile)) {
                continue;
            }
            if (!CONNECTIONS.containsKey(db)) {
                Connection c = TestDatabases.spider(db);
                CONNECTIONS.put(db, c);
                CHECKERS.put(db, new SqlChecker(new SchemaReader().read(c), TargetDialect.SQLITE));
            }
            Connection c = CONNECTIONS.get(db);
            List<List<String>> direct;
            try {
                direct = rows(c, sql);
            } catch (SQLException e) {
                continue; // SQLite refuses it (or it runs too long): nothing to lose
            }
            ran++;
            String checked;
            try {
                checked = CHECKERS.get(db).check(sql).sql();
            } catch (SqlCheckException e) {
                problems.add("dev " + i + " REFUSED " + sql + "\n    " + e.getMessage());
                continue;
            }
            List<List<String>> viaChecker;
            try {
                viaChecker = rows(c, checked);
            } catch (SQLException e) {
                problems.add("dev " + i + " FAILS " + checked + "\n    " + e.getMessage());
                continue;
            }
            if (!sql.toLowerCase(Locale.ROOT).contains("order by")) {
                direct.sort(ROWS);
                viaChecker.sort(ROWS);
            }
            if (!direct.equals(viaChecker)) {
                problems.add("dev " + i + " DIFFERS " + sql + "\n    -> " + checked);
            }
        }
        assertTrue(ran > 800, file + ": only " + ran + " predictions ran on SQLite");
        assertEquals("", String.join("\n", problems), file + ": " + problems.size() + " of " + ran + " lost");
    }

    private static List<List<String>> rows(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(10);
            try (ResultSet rs = s.executeQuery(sql)) {
                List<List<String>> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(String.valueOf(rs.getObject(i)));
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }
}
