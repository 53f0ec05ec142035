package dev.nl2sql.engine.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential: a string that the checker read from the model's SQL comes back from the database as exactly that
 * string, under every server setting that changes how literals, quotes and operators are read. The rendered SQL runs
 * on a plain connection of the real driver with the setting in its URL, so this holds without the driver's session
 * pins (the second layer, tested through the driver elsewhere).
 */
class SettingProofLiteralsTest {

    private static final String TABLE = "lit_probe";

    static Stream<Arguments> settings() throws Exception {
        Path sqlite = Files.createTempFile("nl2sql-literals", ".sqlite");
        sqlite.toFile().deleteOnExit();
        String pg = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        String maria = "jdbc:mariadb://127.0.0.1:3306/test?user=root";
        return Stream.of(
                Arguments.of(TargetDialect.H2, "jdbc:h2:mem:lit;DB_CLOSE_DELAY=-1"),
                Arguments.of(TargetDialect.H2, "jdbc:h2:mem:litmy;MODE=MySQL;DB_CLOSE_DELAY=-1"),
                Arguments.of(TargetDialect.H2, "jdbc:h2:mem:litms;MODE=MSSQLServer;DB_CLOSE_DELAY=-1"),
                Arguments.of(TargetDialect.H2, "jdbc:h2:mem:litpg;MODE=PostgreSQL;DB_CLOSE_DELAY=-1"),
                Arguments.of(TargetDialect.H2, "jdbc:h2:mem:litora;MODE=Oracle;DB_CLOSE_DELAY=-1"),
                Arguments.of(TargetDialect.SQLITE, "jdbc:sqlite:" + sqlite),
                Arguments.of(TargetDialect.POSTGRESQL, pg),
                Arguments.of(TargetDialect.POSTGRESQL, pg + "&options=-c%20standard_conforming_strings=off"),
                Arguments.of(TargetDialect.POSTGRESQL, pg + "&options=-c%20standard_conforming_strings=off"
                        + "&preferQueryMode=simple"),
                Arguments.of(TargetDialect.MARIADB, maria),
                Arguments.of(TargetDialect.MARIADB, maria + "&sessionVariables=sql_mode='NO_BACKSLASH_ESCAPES'"),
                Arguments.of(TargetDialect.MARIADB, maria + "&sessionVariables=sql_mode='ANSI_QUOTES'"),
                Arguments.of(TargetDialect.MARIADB, maria + "&allowMultiQueries=true&sessionVariables=sql_mode="
                        + "'ANSI_QUOTES,NO_BACKSLASH_ESCAPES,PIPES_AS_CONCAT,HIGH_NOT_PRECEDENCE'"),
                Arguments.of(TargetDialect.MARIADB, maria + "&allowMultiQueries=true&sessionVariables=sql_mode="
                        + "'HIGH_NOT_PRECEDENCE'"),
                Arguments.of(TargetDialect.MARIADB, maria + "&sessionVariables=sql_mode='ORACLE'"),
                Arguments.of(TargetDialect.MARIADB, maria + "&sessionVariables=sql_mode='MSSQL'"),
                Arguments.of(TargetDialect.MARIADB, maria + "&sessionVariables=sql_mode='ANSI'"));
    }

    /** Hand-picked escapes of every dialect, then random mixes of the characters that matter (fixed seed). */
    static List<String> hostileStrings() {
        List<String> out = new ArrayList<>(List.of("\\", "\\'", "'\\", "\\\\'", "''", "'", "\\0", "\\n", "\\Z",
                "\\%", "a\\_b", "%", "_", "\"", "`", "``", ";", "; DROP TABLE x; --", "-- x", "/* x */", "/*! 1 */",
                "$$", "$tag$", "?", "{fn NOW()}", "\\'; SELECT 1; -- ", "\\', LOAD_FILE('/etc/passwd'), '",
                "\n", "\r\n", "\t", "\u00A0", "\u3000", "\u00e9t\u00e9", "\u05D0\u202Eevil", "\uD83D\uDE00",
                "\u00FF\u5C5C", "\u8868", "\u00BF'", "\u00A5\\", "U&'\\005C'", "E'\\\\'", "_utf8mb4 X'27'", ""));
        char[] alphabet = {'\'', '\\', '"', '`', ';', '-', '/', '*', '%', '_', '$', '?', '{', '}', '\n', '\r', '\t',
            'a', 'Z', '0', ' ', '\u00A0', '\u00e9', '\u8868', '\u00A5', '#'};
        Random random = new Random(16);
        for (int i = 0; i < 60; i++) {
            StringBuilder s = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int j = 0; j < length; j++) {
                s.append(alphabet[random.nextInt(alphabet.length)]);
            }
            if (random.nextInt(6) == 0) {
                s.append("\uD83D\uDE00");
            }
            out.add(s.toString());
        }
        return out;
    }

    /** The probe table as the database stores its names (H2 folds unquoted names to upper case). */
    private static SqlChecker checker(TargetDialect target) {
        boolean upper = target == TargetDialect.H2;
        DbColumn id = new DbColumn(upper ? "ID" : "id", JDBCType.INTEGER, "INTEGER", false, null, List.of());
        DbColumn v = new DbColumn(upper ? "V" : "v", JDBCType.VARCHAR, "VARCHAR", true, null, List.of());
        return new SqlChecker(new DbSchema("s", List.of(new DbTable(upper ? TABLE.toUpperCase() : TABLE,
                DbTable.Kind.TABLE, null, List.of(id, v), List.of(id.name()))), List.of()), target);
    }

    /** The model's literal, as the checker reads it: standard SQL, quotes doubled, nothing else special. */
    private static String modelLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("settings")
    void everyStringComesBackUnchanged(TargetDialect target, String url) throws Exception {
        SqlChecker checker = checker(target);
        List<String> problems = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + TABLE);
                s.execute("CREATE TABLE " + TABLE + " (id INT PRIMARY KEY, v VARCHAR(200))");
                s.execute("INSERT INTO " + TABLE + " (id, v) VALUES (1, 'one')");
            }
            for (String value : hostileStrings()) {
                // the literal alone, in a comparison, in a LIKE with an escape, and beside a second literal
                String modelSql = "SELECT " + modelLiteral(value) + " AS a, CASE WHEN " + modelLiteral(value)
                        + " = " + modelLiteral(value) + " THEN 'same' ELSE 'different' END AS b, 'end' AS c FROM "
                        + TABLE + " WHERE id = 1";
                String sql = checker.check(modelSql).sql();
                List<String> expected = bound(c, value);
                for (boolean prepared : new boolean[] {false, true}) {
                    try (Statement s = prepared ? c.prepareStatement(sql) : c.createStatement();
                         ResultSet rs = prepared ? ((PreparedStatement) s).executeQuery() : s.executeQuery(sql)) {
                        assertTrue(rs.next(), sql);
                        List<String> row = Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3));
                        if (!row.equals(expected) || rs.next()) {
                            problems.add(show(value) + " -> " + sql + " gave " + row);
                        }
                        assertFalse(s.getMoreResults(), "one statement only: " + sql);
                    } catch (SQLException e) {
                        problems.add(show(value) + " -> " + sql + " failed: " + e.getMessage());
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + TABLE);
            }
        }
        assertEquals(List.of(), problems, target + " " + url);
    }

    /**
     * What the database itself makes of the value bound as a parameter, never read as SQL text (H2's Oracle mode reads
     * an empty string as NULL, and so compares it as unknown).
     */
    private static List<String> bound(Connection c, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT CAST(? AS VARCHAR(200)), CASE WHEN CAST(? AS "
                + "VARCHAR(200)) = CAST(? AS VARCHAR(200)) THEN 'same' ELSE 'different' END, 'end' FROM " + TABLE)) {
            for (int i = 1; i <= 3; i++) {
                ps.setString(i, value);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3));
            }
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("settings")
    void operatorsMeanTheSameUnderEverySetting(TargetDialect target, String url) throws Exception {
        SqlChecker checker = checker(target);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TABLE " + TABLE + " (id INT PRIMARY KEY, v VARCHAR(200))");
            s.execute("INSERT INTO " + TABLE + " (id, v) VALUES (1, 'ab'), (7, 'cd')");
            // || is OR on MariaDB without PIPES_AS_CONCAT; NOT binds tighter with HIGH_NOT_PRECEDENCE
            String concat = checker.check("SELECT v || 'x' FROM " + TABLE + " WHERE id = 1").sql();
            try (ResultSet rs = s.executeQuery(concat)) {
                assertTrue(rs.next());
                assertEquals("abx", rs.getString(1), concat);
            }
            String not = checker.check("SELECT id FROM " + TABLE + " WHERE NOT id BETWEEN 5 AND 9").sql();
            try (ResultSet rs = s.executeQuery(not)) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1), not);
                assertFalse(rs.next(), not);
            }
            String length = checker.check("SELECT LENGTH(v) FROM " + TABLE + " WHERE id = 7").sql();
            try (ResultSet rs = s.executeQuery(length)) {
                assertTrue(rs.next(), length);
                assertEquals(2, rs.getInt(1), length);
            }
            s.execute("DROP TABLE " + TABLE);
        }
    }

    @Test
    void unicodeEscapeFormsAreReadAsTheirCharacter() throws Exception {
        for (TargetDialect target : TargetDialect.values()) {
            String sql = checker(target).check("SELECT U&'\\005C' AS a FROM " + TABLE).sql();
            assertFalse(sql.contains("_UTF16"), sql);
            assertTrue(sql.contains("'\\\\'") || sql.contains("X'5C'") || sql.contains("'\\'"), sql);
        }
    }

    @Test
    void valuesNoDatabaseHoldsAlikeAreRefused() {
        for (TargetDialect target : TargetDialect.values()) {
            SqlChecker checker = checker(target);
            assertThrows(SqlCheckException.class, () -> checker.check("SELECT 'a\u0000b' FROM " + TABLE));
            assertThrows(SqlCheckException.class, () -> checker.check("SELECT 'a\uD800b' FROM " + TABLE));
            assertThrows(SqlCheckException.class, () -> checker.check("SELECT 'a\uDE00' FROM " + TABLE));
        }
    }

    private static String show(String value) {
        StringBuilder out = new StringBuilder("[");
        value.codePoints().forEach(cp -> out.append(cp >= 0x20 && cp < 0x7f ? Character.toString(cp)
                : String.format("\\u%04X", cp)));
        return out.append(']').toString();
    }
}
