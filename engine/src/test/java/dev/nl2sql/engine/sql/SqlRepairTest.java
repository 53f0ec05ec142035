package dev.nl2sql.engine.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.engine.schema.SchemaReader;
import dev.nl2sql.engine.testing.TestDatabases;
import dev.nl2sql.engine.testing.TestDatabases.Fixture;
import dev.nl2sql.engine.testing.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: SQL that SQLite runs but the check refused. Each repair is accepted, and (differential) the rewritten SQL
 * returns exactly the rows that the model's own SQL returns when run directly on the Spider SQLite database.
 */
class SqlRepairTest {

    private static final Comparator<List<String>> ROWS = Comparator.comparing(String::valueOf);

    /** The checked SQL answers with exactly the rows of the model's SQL run directly on SQLite; returns it. */
    private static String sameRows(String db, String modelSql) throws Exception {
        try (Connection c = TestDatabases.spider(db)) {
            SqlChecker checker = new SqlChecker(new SchemaReader().read(c), TargetDialect.SQLITE);
            String checked = checker.check(modelSql).sql();
            List<List<String>> direct = TestDatabases.rows(c, modelSql);
            List<List<String>> viaChecker = TestDatabases.rows(c, checked);
            if (!modelSql.toLowerCase(Locale.ROOT).contains("order by")) {
                direct.sort(ROWS);
                viaChecker.sort(ROWS);
            }
            assertFalse(direct.isEmpty(), "the example should have rows: " + modelSql);
            assertEquals(direct, viaChecker, modelSql + "\n -> " + checked);
            return checked;
        }
    }

    private static String refusal(String db, String modelSql) throws Exception {
        try (Connection c = TestDatabases.spider(db)) {
            SqlChecker checker = new SqlChecker(new SchemaReader().read(c), TargetDialect.SQLITE);
            return assertThrows(SqlCheckException.class, () -> checker.check(modelSql), modelSql).getMessage();
        }
    }

    @Test
    void onClauseNamingAnAliasJoinedLater() throws Exception {
        // dev 38
        String checked = sameRows("concert_singer", "SELECT t1.name FROM singer as t1 JOIN concert as t2 "
                + "ON t1.singer_id = t3.singer_id JOIN singer_in_concert as t3 ON t2.concert_id = t3.concert_id "
                + "WHERE t2.year = 2014");
        assertTrue(checked.indexOf("\"t3\".\"Singer_ID\"") > checked.indexOf("\"singer_in_concert\""), checked);
        // several conditions, one of them in scope: only the forward one moves
        sameRows("concert_singer", "SELECT t1.name, t2.concert_name FROM singer AS t1 JOIN concert AS t2 "
                + "ON t1.singer_id = t3.singer_id AND t2.year >= 2014 JOIN singer_in_concert AS t3 "
                + "ON t2.concert_id = t3.concert_id");
    }

    @Test
    void forwardAliasIsMovedElsewhereOnlyWhereNoOtherReadingExists() throws Exception {
        try (Connection c = TestDatabases.spider("concert_singer")) {
            SqlChecker checker = new SqlChecker(new SchemaReader().read(c), TargetDialect.POSTGRESQL);
            String moved = checker.check("SELECT t1.name FROM singer AS t1 JOIN concert AS t2 "
                    + "ON t1.singer_id = t3.singer_id JOIN singer_in_concert AS t3 ON t2.concert_id = t3.concert_id")
                    .sql();
            assertTrue(moved.indexOf("\"t3\".\"Singer_ID\"") > moved.indexOf("\"singer_in_concert\""), moved);
            // t3 is also the enclosing query's table: MySQL reads the inner name as that one, so nothing moves
            String kept = checker.check("SELECT name FROM singer AS t3 WHERE singer_id IN (SELECT t1.singer_id "
                    + "FROM singer AS t1 JOIN concert AS t2 ON t1.singer_id = t3.singer_id "
                    + "JOIN singer_in_concert AS t3 ON t2.concert_id = t3.concert_id)").sql();
            assertTrue(kept.indexOf("\"t3\".\"Singer_ID\"") < kept.indexOf("\"singer_in_concert\""), kept);
        }
    }

    @Test
    void forwardAliasInAnOuterJoinIsNotMoved() throws Exception {
        String msg = refusal("concert_singer", "SELECT t1.name FROM singer AS t1 LEFT JOIN concert AS t2 "
                + "ON t1.singer_id = t3.singer_id JOIN singer_in_concert AS t3 ON t2.concert_id = t3.concert_id");
        assertTrue(msg.contains("'t3'"), msg);
    }

    @Test
    void backtickIdentifiers() throws Exception {
        // dev 720
        sameRows("world_1", "SELECT `Name` FROM `country` WHERE `Continent` = 'Asia' "
                + "ORDER BY `LifeExpectancy` ASC LIMIT 1;");
    }

    @Test
    void squareBracketIdentifiers() throws Exception {
        // c3sql's prediction for dev 533 compares a column with itself in SQLite's [name] quoting
        sameRows("student_transcripts_tracking", "SELECT first_name, middle_name, last_name, student_id FROM students "
                + "WHERE student_id IN ( SELECT student_id FROM student_enrolment WHERE semester_id = [semester_id] "
                + "GROUP BY student_id HAVING COUNT(DISTINCT degree_program_id) = 2 );");
        sameRows("concert_singer", "SELECT [Name] FROM [singer] WHERE [Country] = 'France'");
    }

    @Test
    void singleQuotedTableNames() throws Exception {
        // dev 255
        sameRows("flight_2", "SELECT count(*) FROM 'flights' INNER JOIN 'airports' "
                + "ON flights.DestAirport = airports.AirportCode WHERE City IN ('Aberdeen', 'Abilene')");
        // a string elsewhere stays a string
        sameRows("flight_2", "SELECT count(*) FROM 'flights' AS f WHERE f.SourceAirport <> 'flights'");
    }

    @Test
    void reservedWordsAsAliases() throws Exception {
        // dev 673
        sameRows("poker_player", "SELECT nationality, COUNT(*) as count FROM people GROUP BY nationality;");
        sameRows("poker_player", "SELECT nationality, COUNT(*) AS count FROM people GROUP BY nationality "
                + "ORDER BY count DESC, nationality");
        sameRows("concert_singer", "SELECT current.name FROM singer AS current JOIN singer_in_concert AS t "
                + "ON current.singer_id = t.singer_id");
        // a reserved alias that is also a literal's keyword: the keyword stays a keyword
        sameRows("concert_singer", "SELECT concert_name AS date FROM concert ORDER BY date");
        assertEquals("select x as \"date\" from t where d > date '2020-01-01' order by \"date\"",
                StatementText.quoteReservedNames("select x as date from t where d > date '2020-01-01' order by date",
                        '"', w -> w.equalsIgnoreCase("date"), w -> w.equals("DATE")));
        // a type after AS in CAST is not an alias
        sameRows("concert_singer", "SELECT CAST(age AS integer) AS value FROM singer ORDER BY value, name");
    }

    @Test
    void orderByABooleanExpression() throws Exception {
        sameRows("concert_singer", "SELECT name FROM singer ORDER BY country = 'France' DESC, name");
    }

    @Test
    void unknownDoubleQuotedNameReadsAsSqliteReadsIt() throws Exception {
        // a double-quoted name that is no column is a string to SQLite, and to the check
        sameRows("concert_singer", "SELECT name FROM singer WHERE country = \"France\"");
        sameRows("concert_singer", "SELECT \"name\", \"nosuch\" FROM singer");
        // a double-quoted name that SQLite reads as a column (the rowid) must not turn into a string
        try (Connection c = TestDatabases.spider("concert_singer")) {
            SqlChecker checker = new SqlChecker(new SchemaReader().read(c), TargetDialect.SQLITE);
            String model = "SELECT name FROM singer WHERE \"rowid\" = 1";
            try {
                String checked = checker.check(model).sql();
                assertEquals(TestDatabases.rows(c, model), TestDatabases.rows(c, checked), checked);
            } catch (SqlCheckException refused) {
                assertTrue(refused.getMessage().contains("rowid"), refused.getMessage());
            }
        }
    }

    @Test
    void groupConcatIsAnAggregateOnSqlite() throws Exception {
        sameRows("concert_singer", "SELECT country, GROUP_CONCAT(name) FROM singer GROUP BY country");
        sameRows("concert_singer", "SELECT country, group_concat(name, '; ') FROM singer GROUP BY country");
        sameRows("concert_singer", "SELECT country, group_concat(DISTINCT country) FROM singer GROUP BY country");
        sameRows("concert_singer", "SELECT country, group_concat(age) FROM singer GROUP BY country");
        sameRows("concert_singer", "SELECT group_concat(name) FROM singer");
    }

    @Test
    void havingOnAColumnNeitherGroupedNorAggregated() throws Exception {
        sameRows("concert_singer", "SELECT country, count(*) FROM singer GROUP BY country HAVING age > 30");
        sameRows("concert_singer", "SELECT country, count(*) AS n FROM singer GROUP BY country "
                + "HAVING n >= 1 AND is_male = 'F' ORDER BY n DESC, country");
        sameRows("concert_singer", "SELECT T2.name, count(*) FROM concert AS T1 JOIN stadium AS T2 "
                + "ON T1.stadium_id = T2.stadium_id GROUP BY T1.stadium_id HAVING T2.capacity > 1000");
        // an unknown column in HAVING is still refused
        assertTrue(refusal("concert_singer", "SELECT country FROM singer GROUP BY country HAVING agee > 30")
                .contains("agee"));
    }

    @Test
    void distinctOrderedByAColumnNotSelected() throws Exception {
        sameRows("concert_singer", "SELECT DISTINCT country FROM singer ORDER BY age");
        sameRows("concert_singer", "SELECT DISTINCT T1.name FROM singer AS T1 JOIN singer_in_concert AS T2 "
                + "ON T1.singer_id = T2.singer_id ORDER BY T1.age DESC");
    }

    @Test
    void extractIsWrittenForMariadb() throws Exception {
        try (Connection c = TestDatabases.spider("concert_singer")) {
            SqlChecker checker = new SqlChecker(new SchemaReader().read(c), TargetDialect.MARIADB);
            String sql = checker.check("SELECT EXTRACT(YEAR FROM DATE '2014-05-01') AS y FROM concert").sql();
            assertTrue(sql.toUpperCase(Locale.ROOT).contains("EXTRACT(YEAR FROM DATE '2014-05-01')"), sql);
        }
        // and MariaDB answers it as the model's own SQL
        try (Fixture f = new Fixture(Kind.MARIADB)) {
            SqlChecker checker = new SqlChecker(new SchemaReader().read(f.connection), TargetDialect.MARIADB);
            String model = f.sql("select id, extract(year from shipdate) as y, extract(month from shipdate) as m "
                    + "from {o} order by id");
            String checked = checker.check(model).sql();
            List<List<String>> direct = TestDatabases.rows(f.connection, model);
            assertFalse(direct.isEmpty());
            assertEquals(direct, TestDatabases.rows(f.connection, checked), checked);
        }
    }

    @Test
    void doubleQuotedStringsOnMariadb() throws Exception {
        // Spider's gold SQL writes strings in double quotes; MariaDB reads them as strings (without ANSI_QUOTES)
        try (Fixture f = new Fixture(Kind.MARIADB)) {
            SqlChecker checker = new SqlChecker(new SchemaReader().read(f.connection), TargetDialect.MARIADB);
            for (String model : List.of(
                    "select name from {c} where city = \"Lisbon\" order by id",
                    "select name, \"it\"\"s\" as quote from {c} where city in (\"Porto\", \"Lisbon\") order by id",
                    "select c.name as \"who\" from {c} as c where c.city = \"Lisbon\" order by \"who\"",
                    "select `name` from {c} where \"city\" = 'Porto' order by id")) {
                String sql = f.sql(model);
                String checked = checker.check(sql).sql();
                List<List<String>> direct = TestDatabases.rows(f.connection, sql.replace("\"city\"", "city")
                        .replace("order by \"who\"", "order by who"));
                assertFalse(direct.isEmpty(), sql);
                assertEquals(direct, TestDatabases.rows(f.connection, checked), sql + "\n -> " + checked);
            }
            // a double-quoted name of the schema is that column, as SQLite reads it, never the string of its name
            String checked = checker.check(f.sql("select \"name\" from {c}")).sql();
            assertTrue(checked.contains("`name`"), checked);
            // an unclosed double quote is not completed
            assertThrows(SqlCheckException.class, () -> checker.check(f.sql("select name from {c} where city = \"Lis")));
        }
    }

    @Test
    void limitUnderInAndDependentHavingOnMariadb() throws Exception {
        try (Fixture f = new Fixture(Kind.MARIADB)) {
            SqlChecker checker = new SqlChecker(new SchemaReader().read(f.connection), TargetDialect.MARIADB);
            // MariaDB refuses LIMIT under IN as written; the answer is the rows of the same sub-query's first row
            String model = f.sql("select name from {c} where id in (select customer_id from {o} group by customer_id "
                    + "order by count(*) desc, customer_id limit 1)");
            String same = f.sql("select name from {c} where id = (select customer_id from {o} group by customer_id "
                    + "order by count(*) desc, customer_id limit 1)");
            assertThrows(SQLException.class, () -> TestDatabases.rows(f.connection, model));
            List<List<String>> expected = TestDatabases.rows(f.connection, same);
            assertFalse(expected.isEmpty());
            assertEquals(expected, TestDatabases.rows(f.connection, checker.check(model).sql()));
            // HAVING on a column of the customer whose key is grouped: MariaDB wants it grouped or selected
            String having = f.sql("select c.name from {c} as c join {o} as o on o.customer_id = c.id "
                    + "group by o.customer_id having c.city = 'Lisbon' order by c.name");
            String grouped = f.sql("select c.name from {c} as c join {o} as o on o.customer_id = c.id "
                    + "group by o.customer_id, c.name, c.city having c.city = 'Lisbon' order by c.name");
            assertThrows(SQLException.class, () -> TestDatabases.rows(f.connection, having));
            expected = TestDatabases.rows(f.connection, grouped);
            assertFalse(expected.isEmpty());
            assertEquals(expected, TestDatabases.rows(f.connection, checker.check(having).sql()));
        }
    }
}
