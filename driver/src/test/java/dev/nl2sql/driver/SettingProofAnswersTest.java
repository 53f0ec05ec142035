package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential, through the driver: a string in the model's SQL comes back from a question as exactly the value the
 * database returns for the same string bound as a parameter on a direct connection, whatever the server's settings in
 * the caller's URL (MariaDB sql_mode and allowMultiQueries, PostgreSQL standard_conforming_strings and
 * preferQueryMode, H2's MySQL mode), through Statement and PreparedStatement, and {@code EXPLAIN NL:} shows the
 * model's SQL unchanged. Nothing else runs: the table is unchanged afterwards.
 */
class SettingProofAnswersTest {

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of(TestDatabase.H2, ""),
                Arguments.of(TestDatabase.H2, ";MODE=MySQL"),
                Arguments.of(TestDatabase.SQLITE, ""),
                Arguments.of(TestDatabase.POSTGRESQL, ""),
                Arguments.of(TestDatabase.POSTGRESQL, "&options=-c%20standard_conforming_strings=off"
                        + "&preferQueryMode=simple"),
                Arguments.of(TestDatabase.MARIADB, "&allowMultiQueries=true"),
                Arguments.of(TestDatabase.MARIADB, "&sessionVariables=sql_mode='NO_BACKSLASH_ESCAPES'"),
                Arguments.of(TestDatabase.MARIADB, "&allowMultiQueries=true&sessionVariables=sql_mode="
                        + "'ANSI_QUOTES,PIPES_AS_CONCAT,HIGH_NOT_PRECEDENCE'"),
                // MySQL Connector/J on the MariaDB server
                Arguments.of(TestDatabase.MYSQL, "&allowMultiQueries=true"),
                Arguments.of(TestDatabase.MYSQL, "&allowMultiQueries=true&useServerPrepStmts=false"),
                Arguments.of(TestDatabase.DUCKDB, ""));
    }

    /** Escapes of every dialect, then random mixes of the characters that matter (a fixed seed). No line breaks:
     * the replay file holds one question per line. */
    static List<String> strings() {
        List<String> out = new ArrayList<>(List.of("\\", "\\'", "'\\", "\\\\'", "''", "\\0", "\\Z", "\\%", "%",
                "\"", "`", "; DELETE FROM x; --", "/*! 1 */", "$$", "?", "{fn NOW()}",
                "\\'; SET SESSION TRANSACTION READ WRITE; -- ", "\\', LOAD_FILE('/etc/passwd'), '", "\t",
                "\u00A0", "\u00e9t\u00e9", "\uD83D\uDE00", "\u00A5\\", "\u8868'", "U&'\\005C'", "E'\\\\'"));
        char[] alphabet = {'\'', '\\', '"', '`', ';', '-', '/', '*', '%', '?', '$', '\t', 'a', ' ', '\u00e9',
            '\u8868'};
        Random random = new Random(17);
        for (int i = 0; i < 24; i++) {
            StringBuilder s = new StringBuilder();
            for (int j = 0, n = 1 + random.nextInt(10); j < n; j++) {
                s.append(alphabet[random.nextInt(alphabet.length)]);
            }
            out.add(s.toString());
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("settings")
    void answersCarryEveryStringUnchanged(TestDatabase kind, String urlSuffix, @TempDir Path dir) throws Exception {
        String base = kind == TestDatabase.SQLITE ? "jdbc:sqlite:" + dir.resolve("lit.sqlite") : kind.open().directUrl();
        TestDatabase.Target db = new TestDatabase.Target(kind, base + urlSuffix);
        String t = db.freshTable();
        try (Connection wrapped = db.wrapped(); Statement s = wrapped.createStatement()) {
            s.execute("CREATE TABLE " + t + " (id INT PRIMARY KEY, v VARCHAR(40))");
            s.execute("INSERT INTO " + t + " (id, v) VALUES (1, 'one')");
        }
        List<String> values = strings();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            lines.add("literal " + i + "\t" + modelSql(values.get(i), t));
        }
        Path replay = dir.resolve("literals.tsv");
        Files.write(replay, lines, StandardCharsets.UTF_8);
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "replay");
        p.setProperty("nl2sql.replay", replay.toString());

        List<String> problems = new ArrayList<>();
        try (Connection nl = DriverManager.getConnection(db.nl2sqlUrl(), p); Connection direct = db.direct()) {
            for (int i = 0; i < values.size(); i++) {
                String value = values.get(i);
                String expected = bound(direct, value);
                String question = "literal " + i;
                try (Statement s = nl.createStatement(); ResultSet rs = s.executeQuery("NL: " + question)) {
                    check(problems, "Statement", value, expected, rs);
                } catch (SQLException e) {
                    problems.add("Statement " + show(value) + ": " + e.getSQLState() + " " + e.getMessage());
                }
                try (PreparedStatement ps = nl.prepareStatement("NL: " + question); ResultSet rs = ps.executeQuery()) {
                    check(problems, "PreparedStatement", value, expected, rs);
                } catch (SQLException e) {
                    problems.add("PreparedStatement " + show(value) + ": " + e.getSQLState() + " " + e.getMessage());
                }
                try (Statement s = nl.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN NL: " + question)) {
                    assertTrue(rs.next());
                    if (!modelSql(value, t).equals(rs.getString("model_sql"))) {
                        problems.add("EXPLAIN NL " + show(value) + ": model_sql " + rs.getString("model_sql"));
                    }
                } catch (SQLException e) {
                    problems.add("EXPLAIN NL " + show(value) + ": " + e.getSQLState() + " " + e.getMessage());
                }
            }
        }
        try (Connection direct = db.direct(); Statement s = direct.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(v) FROM " + t)) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1), "the table is unchanged");
            assertEquals("one", rs.getString(2), "the table is unchanged");
        }
        try (Connection wrapped = db.wrapped(); Statement s = wrapped.createStatement()) {
            s.execute("DROP TABLE " + t);
        }
        assertEquals(List.of(), problems, kind + urlSuffix);
    }

    private static String modelSql(String value, String table) {
        return "SELECT '" + value.replace("'", "''") + "' AS v, 'end' AS w FROM " + table + " WHERE id = 1";
    }

    /** What the database itself makes of the string when it is bound as a parameter, never read as SQL. */
    private static String bound(Connection direct, String value) throws SQLException {
        try (PreparedStatement ps = direct.prepareStatement("SELECT ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void check(List<String> problems, String path, String value, String expected, ResultSet rs)
            throws SQLException {
        if (!rs.next()) {
            problems.add(path + " " + show(value) + ": no row");
            return;
        }
        String got = rs.getString(1);
        String end = rs.getString(2);
        if (!expected.equals(got) || !"end".equals(end) || rs.next()) {
            problems.add(path + " " + show(value) + ": got " + show(String.valueOf(got)) + " and " + end
                    + ", the database reads it as " + show(expected));
        }
    }

    private static String show(String value) {
        StringBuilder out = new StringBuilder("[");
        value.codePoints().forEach(cp -> out.append(cp >= 0x20 && cp < 0x7f ? Character.toString(cp)
                : String.format("\\u%04X", cp)));
        return out.append(']').toString();
    }
}
