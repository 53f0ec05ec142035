package dev.nl2sql.engine.sql;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import java.sql.JDBCType;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The bounds on what generated SQL may build or spend in one row: each allowed at its edge, refused past it. */
class RunawayLimitsTest {

    private static SqlChecker checker(TargetDialect target) {
        DbColumn id = new DbColumn("id", JDBCType.INTEGER, "INTEGER", false, null, List.of());
        DbColumn name = new DbColumn("name", JDBCType.VARCHAR, "VARCHAR", true, null, List.of());
        DbColumn city = new DbColumn("city", JDBCType.VARCHAR, "VARCHAR", true, null, List.of());
        return new SqlChecker(new DbSchema("s", List.of(new DbTable("people", DbTable.Kind.TABLE, null,
                List.of(id, name, city), List.of("id"))), List.of()), target);
    }

    private static String nestedReplace(int levels, String replacement) {
        return "SELECT " + "REPLACE(".repeat(levels) + "name" + (", 'a', '" + replacement + "')").repeat(levels)
                + " FROM people";
    }

    /** a1 doubles name; each further level doubles the one before: 2^levels. */
    private static String doublingChain(int levels) {
        StringBuilder sql = new StringBuilder("WITH a1 AS (SELECT name || name AS s FROM people)");
        for (int i = 2; i <= levels; i++) {
            sql.append(", a").append(i).append(" AS (SELECT s || s AS s FROM a").append(i - 1).append(")");
        }
        return sql.append(" SELECT s FROM a").append(levels).toString();
    }

    private static void refused(SqlChecker checker, String sql, String why) {
        SqlCheckException e = assertThrows(SqlCheckException.class, () -> checker.check(sql), sql);
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(TargetDialect.class)
    void stringGrowthIsBoundedAtItsEdge(TargetDialect target) {
        SqlChecker checker = checker(target);
        assertDoesNotThrow(() -> checker.check(nestedReplace(10, "aa")), "2^10 = 1024");
        refused(checker, nestedReplace(11, "aa"), "times longer");
        refused(checker, nestedReplace(2, "x".repeat(40)), "times longer");
        assertDoesNotThrow(() -> checker.check(doublingChain(10)));
        refused(checker, doublingChain(11), "times longer");
        assertDoesNotThrow(() -> checker.check("SELECT CONCAT(name, ', ', city) FROM people"));
        refused(checker, "SELECT REPLACE(name, 'a', city) FROM people", "constant string");
        refused(checker, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r",
                "recursive");
        assertDoesNotThrow(() -> checker.check("SELECT CAST(name AS CHAR(1000)) FROM people"));
        assertDoesNotThrow(() -> checker.check("SELECT CAST(name AS VARCHAR(100000000)) FROM people"));
        refused(checker, "SELECT CAST(name AS CHAR(1001)) FROM people", "fixed length");
        refused(checker, "SELECT " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + " FROM people", "nested");
    }

    @ParameterizedTest
    @EnumSource(TargetDialect.class)
    void likePatternsStayLinear(TargetDialect target) {
        SqlChecker checker = checker(target);
        for (String ok : List.of("abc", "abc%", "%abc", "%abc%", "a%c", "a%c%", "%%abc%%", "a_c%", "%")) {
            assertDoesNotThrow(() -> checker.check("SELECT id FROM people WHERE name LIKE '" + ok + "'"), ok);
            assertDoesNotThrow(() -> checker.check("SELECT id FROM people WHERE name NOT LIKE '" + ok + "'"), ok);
        }
        for (String bad : List.of("%a%b", "%a%b%", "a%b%c", "%a%a%a%a%a%a%a%a%a%a%b")) {
            refused(checker, "SELECT id FROM people WHERE name LIKE '" + bad + "'", "at most 1");
            refused(checker, "SELECT id FROM people WHERE name NOT LIKE '" + bad + "'", "at most 1");
        }
        refused(checker, "SELECT id FROM people WHERE name LIKE city", "constant pattern");
        refused(checker, "SELECT id FROM people WHERE name LIKE '%' || city || '%'", "constant pattern");
        refused(checker, "SELECT id FROM people WHERE name SIMILAR TO '(a|aa)*b'", "regular expressions");
    }

    @ParameterizedTest
    @EnumSource(value = TargetDialect.class, names = "MARIADB")
    void oneListAggregateAtMost(TargetDialect target) {
        SqlChecker checker = checker(target);
        assertDoesNotThrow(() -> checker.check("SELECT GROUP_CONCAT(name) FROM people"));
        refused(checker, "SELECT GROUP_CONCAT(s) FROM (SELECT GROUP_CONCAT(name) AS s FROM people a, people b "
                + "GROUP BY a.id) x", "at most one list aggregate");
    }

    @ParameterizedTest
    @EnumSource(value = TargetDialect.class, names = "H2")
    void h2BuildsNoListAggregate(TargetDialect target) {
        refused(checker(target), "SELECT LISTAGG(name, ',') FROM people", "LISTAGG");
    }
}
