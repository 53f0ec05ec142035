package dev.nl2sql.engine.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.engine.schema.SchemaReader;
import dev.nl2sql.engine.testing.TestDatabases;
import dev.nl2sql.engine.testing.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 18: SQL that SQLite runs and PostgreSQL and H2 refuse as written is answered there with the rows SQLite returns
 * for it (differential: the same tables on SQLite and on the server): a column beside GROUP BY that has one value per
 * group (its table's primary key is grouped, directly or through an equality), SQLite's bare column beside one max(),
 * a select alias in HAVING, backtick names and FROM 'table', an ON that names a table joined later. A bare column with
 * no certain value is refused.
 */
class ServerRepairsTest {

    private static final Comparator<List<String>> ROWS = Comparator.comparing(String::valueOf);

    private static final List<String> ANSWERED = List.of(
            // the joined table's key equals the grouped column (Spider gold, concert_singer)
            "SELECT T2.name, count(*) FROM {concert} AS T1 JOIN {stadium} AS T2 ON T1.stadium_id = T2.id "
                    + "GROUP BY T1.stadium_id",
            // the same through a WHERE conjunct, ordered and filtered by dependent columns
            "SELECT T2.name, T2.capacity FROM {concert} AS T1, {stadium} AS T2 WHERE T1.stadium_id = T2.id "
                    + "AND T1.held > 2013 GROUP BY T1.stadium_id HAVING T2.capacity > 100 ORDER BY T2.name",
            // the primary key itself is grouped
            "SELECT name, capacity FROM {stadium} GROUP BY id ORDER BY name",
            // a LEFT JOIN from the kept side: every stadium, with or without concerts
            "SELECT T1.name, count(T2.id) FROM {stadium} AS T1 LEFT JOIN {concert} AS T2 "
                    + "ON T1.id = T2.stadium_id GROUP BY T1.id",
            "SELECT T1.name FROM {stadium} AS T1 LEFT JOIN {concert} AS T2 ON T2.stadium_id = T1.id "
                    + "GROUP BY T2.stadium_id, T1.id ORDER BY count(*) DESC, T1.name",
            // a select alias in HAVING (SQLite reads the aliased expression; PostgreSQL and H2 refuse the name)
            "SELECT T2.name, count(*) AS shows FROM {concert} AS T1 JOIN {stadium} AS T2 ON T1.stadium_id = T2.id "
                    + "GROUP BY T2.name HAVING shows >= 2 ORDER BY T2.name",
            // SQLite's bare column beside one max() or min(): the value of the row that holds it
            "SELECT max(capacity), name FROM {stadium}",
            "SELECT count(*), min(held), stadium_id FROM {concert} WHERE stadium_id IS NOT NULL",
            "SELECT stadium_id, max(held), id FROM {concert} GROUP BY stadium_id",
            // SQLite's (and MySQL's) quoting: backticks, a single-quoted table after FROM
            "SELECT `name` FROM `{stadium}` ORDER BY `id`",
            "SELECT count(*) FROM '{stadium}' JOIN '{concert}' ON {stadium}.id = {concert}.stadium_id",
            // an inner join's ON that names a table joined later
            "SELECT T1.name, T3.held FROM {stadium} AS T1 JOIN {concert} AS T2 ON T1.id = T3.stadium_id "
                    + "JOIN {concert} AS T3 ON T2.id = T3.id",
            // in a sub-query
            "SELECT count(*) FROM (SELECT T2.name FROM {concert} AS T1 JOIN {stadium} AS T2 "
                    + "ON T1.stadium_id = T2.id GROUP BY T1.stadium_id HAVING count(*) > 1) AS busy");

    private static final List<String> REFUSED = List.of(
            // which concert's id: SQLite takes one row's, unspecified
            "SELECT id FROM {concert} GROUP BY held",
            // a LEFT JOIN's nullable side does not determine the kept side (all stadiums without concerts group
            // under NULL)
            "SELECT T1.name FROM {stadium} AS T1 LEFT JOIN {concert} AS T2 ON T1.id = T2.stadium_id "
                    + "GROUP BY T2.stadium_id",
            // two bare columns beside max(): two pickers could take them from two rows that tie
            "SELECT max(held), id, stadium_id FROM {concert}",
            // an equality under OR says nothing
            "SELECT T2.name FROM {concert} AS T1, {stadium} AS T2 WHERE T1.stadium_id = T2.id OR T1.held = 2014 "
                    + "GROUP BY T1.stadium_id");

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"POSTGRESQL", "H2"})
    void answeredAsOnSqlite(Kind kind) throws Exception {
        String suffix = "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite::memory:");
             Connection server = TestDatabases.connect(TestDatabases.url(kind))) {
            create(sqlite, suffix);
            create(server, suffix);
            try {
                TargetDialect target = kind == Kind.H2 ? TargetDialect.H2 : TargetDialect.POSTGRESQL;
                SqlChecker checker = new SqlChecker(new SchemaReader().read(server), target);
                for (String model : ANSWERED) {
                    String sql = model.replace("{concert}", "concert" + suffix).replace("{stadium}",
                            "stadium" + suffix);
                    String checked = checker.check(sql).sql();
                    List<List<String>> direct = TestDatabases.rows(sqlite, sql);
                    List<List<String>> answered = TestDatabases.rows(server, checked);
                    if (!sql.contains("ORDER BY")) {
                        direct.sort(ROWS);
                        answered.sort(ROWS);
                    }
                    assertFalse(direct.isEmpty(), sql);
                    assertEquals(direct, answered, sql + "\n -> " + checked);
                }
                for (String model : REFUSED) {
                    String sql = model.replace("{concert}", "concert" + suffix).replace("{stadium}",
                            "stadium" + suffix);
                    String message = assertThrows(SqlCheckException.class, () -> checker.check(sql), sql).getMessage();
                    assertTrue(message.contains("must be in GROUP BY"), message);
                }
            } finally {
                drop(server, suffix);
            }
        }
    }

    @Test
    void bareColumnBesideMaxOnMariadbComesFromTheRowThatHoldsIt() throws Exception {
        // MariaDB runs these as written but takes the bare column from any row of the group
        String suffix = "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite::memory:");
             Connection server = TestDatabases.connect(TestDatabases.url(Kind.MARIADB))) {
            create(sqlite, suffix);
            create(server, suffix);
            try {
                SqlChecker checker = new SqlChecker(new SchemaReader().read(server), TargetDialect.MARIADB);
                for (String model : List.of("SELECT max(capacity), name FROM {stadium}",
                        "SELECT count(*), min(held), stadium_id FROM {concert} WHERE stadium_id IS NOT NULL",
                        "SELECT stadium_id, max(held), id FROM {concert} GROUP BY stadium_id",
                        "SELECT min(capacity), id FROM {stadium}")) {
                    String sql = model.replace("{concert}", "concert" + suffix).replace("{stadium}",
                            "stadium" + suffix);
                    String checked = checker.check(sql).sql();
                    List<List<String>> direct = TestDatabases.rows(sqlite, sql);
                    List<List<String>> answered = TestDatabases.rows(server, checked);
                    direct.sort(ROWS);
                    answered.sort(ROWS);
                    assertEquals(direct, answered, sql + "\n -> " + checked);
                }
            } finally {
                drop(server, suffix);
            }
        }
    }

    private static void create(Connection c, String suffix) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE stadium" + suffix + " (id INT PRIMARY KEY, name VARCHAR(40), capacity INT)");
            s.execute("CREATE TABLE concert" + suffix + " (id INT PRIMARY KEY, stadium_id INT, held INT)");
            s.execute("INSERT INTO stadium" + suffix + " VALUES (1, 'Ajax', 500), (2, 'Benfica', 90), "
                    + "(3, 'Celtic', 300), (4, 'Dynamo', NULL)");
            s.execute("INSERT INTO concert" + suffix + " VALUES (10, 1, 2014), (11, 1, 2015), (12, 2, 2014), "
                    + "(13, 3, 2012), (14, 3, 2015), (15, 3, 2016), (16, NULL, 2014)");
        }
    }

    private static void drop(Connection c, String suffix) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE concert" + suffix);
            s.execute("DROP TABLE stadium" + suffix);
        }
    }
}
