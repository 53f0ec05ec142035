package dev.nl2sql.engine.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nl2sql.engine.schema.SchemaReader;
import dev.nl2sql.engine.testing.TestDatabases;
import dev.nl2sql.engine.testing.TestDatabases.Fixture;
import dev.nl2sql.engine.testing.TestDatabases.Kind;
import dev.nl2sql.picard.schema.DbSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SqlCheckerTest {

    /** Model SQL (names in any case, lenient syntax) and the hand-written query it must answer like. */
    private static final List<String[]> SHOP = List.of(
            q("select name, city from {c} where city = 'Lisbon' order by name",
              "select name, city from {c} where city = 'Lisbon' order by name"),
            q("SELECT C.NAME, P.NAME AS product, O.QTY FROM {O} o JOIN {C} c ON o.customer_id = c.id "
                    + "JOIN {p} P ON p.id = o.product_id ORDER BY o.ID",
              "select c.name, p.name as product, o.qty from {o} o join {c} c on o.customer_id = c.id "
                    + "join {p} p on p.id = o.product_id order by o.id"),
            q("select customer_id, sum(qty) as total from {o} group by customer_id having sum(qty) > 2 "
                    + "order by total desc",
              "select customer_id, sum(qty) as total from {o} group by customer_id having sum(qty) > 2 "
                    + "order by total desc"),
            q("select Name from {P} order by Price desc limit 2",
              "select name from {p} order by price desc limit 2"),
            q("select name from {c} order by id limit 2 offset 1",
              "select name from {c} order by id limit 2 offset 1"),
            q("select name from {c} where ID in (select customer_id from {o} where qty >= 2) order by name",
              "select name from {c} where id in (select customer_id from {o} where qty >= 2) order by name"),
            q("select city from {c} where city is not null union select name from {p}",
              "select city from {c} where city is not null union select name from {p}"),
            q("select name, case when price > 10 then 'expensive' else 'cheap' end as band from {p} order by id",
              "select name, case when price > 10 then 'expensive' else 'cheap' end as band from {p} order by id"),
            q("select name from {c} where name like 'C%' or id in (1, 2) order by id",
              "select name from {c} where name like 'C%' or id in (1, 2) order by id"),
            q("select id from {o} where qty between 2 and 5 order by id",
              "select id from {o} where qty between 2 and 5 order by id"),
            q("select name from {c} where city != 'Lisbon'",
              "select name from {c} where city <> 'Lisbon'"),
            q("select count(distinct city) from {c}", "select count(distinct city) from {c}"),
            q("select name from {p} where active = true order by name",
              "select name from {p} where active = true order by name"),
            q("select name from {c} c where exists (select 1 from {o} o where o.customer_id = C.id and o.qty > 5)",
              "select name from {c} c where exists (select 1 from {o} o where o.customer_id = c.id and o.qty > 5)"),
            q("select name from {p} where price > (select avg(price) from {p})",
              "select name from {p} where price > (select avg(price) from {p})"),
            q("select id, shipdate from {o} where SHIPDATE >= date '2024-02-01' order by shipDate",
              "select id, {shipDate} from {o} where {shipDate} >= date '2024-02-01' order by {shipDate}"),
            q("select c.name, count(o.id) as n from {c} c left join {o} o on o.customer_id = c.id "
                    + "group by c.name order by n desc, c.name",
              "select c.name, count(o.id) as n from {c} c left join {o} o on o.customer_id = c.id "
                    + "group by c.name order by n desc, c.name"),
            q("with t as (select customer_id, sum(qty) as q from {o} group by customer_id) "
                    + "select c.name, T.q from t join {c} c on c.id = t.customer_id order by t.q desc limit 1",
              "select c.name, sum(o.qty) from {o} o join {c} c on c.id = o.customer_id group by c.name "
                    + "order by sum(o.qty) desc limit 1"),
            q("select count(*) from {v}", "select count(*) from {v}"),
            // Spider's gold writes JOIN without ON for a product; SQLite and MariaDB run it, so every database should
            q("select count(*) from {c} join {p} where {p}.price > 5",
              "select count(*) from {c} cross join {p} where {p}.price > 5"),
            q("select name from {c} where city = 'O''Brien' or name = 'Ana';",
              "select name from {c} where city = 'O''Brien' or name = 'Ana'"));

    private static String[] q(String model, String hand) {
        return new String[] {model, hand};
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void checkedSqlRunsAndAnswersLikeTheHandWrittenQuery(Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind)) {
            DbSchema schema = new SchemaReader().read(f.connection);
            SqlChecker checker = new SqlChecker(schema, SchemaReader.styleOf(f.connection));
            List<String> problems = new ArrayList<>();
            for (String[] pair : SHOP) {
                String model = f.sql(pair[0]);
                String hand = f.sql(pair[1]);
                compare(f.connection, checker, model, hand, problems);
            }
            if (kind != Kind.MARIADB) {
                // Spider style: a double-quoted value that names nothing is a string
                compare(f.connection, checker, f.sql("select name from {c} where city = \"Porto\""),
                        f.sql("select name from {c} where city = 'Porto'"), problems);
            }
            if (!problems.isEmpty()) {
                fail(kind + ":\n" + String.join("\n", problems));
            }
            CheckedSql join = checker.check(f.sql(SHOP.get(1)[0]));
            assertEquals(List.of(schema.table(f.orders).orElseThrow().name(),
                    schema.table(f.customers).orElseThrow().name(), schema.table(f.products).orElseThrow().name()),
                    join.tables());
        }
    }

    private static void compare(Connection c, SqlChecker checker, String model, String hand, List<String> problems)
            throws SQLException {
        String checked;
        try {
            checked = checker.check(model).sql();
        } catch (SqlCheckException e) {
            problems.add("REFUSED " + model + " -> " + e.getMessage());
            return;
        }
        List<List<String>> expected = TestDatabases.rows(c, hand);
        List<List<String>> actual;
        try {
            actual = TestDatabases.rows(c, checked);
        } catch (SQLException e) {
            problems.add("FAILS " + checked + " (from " + model + "): " + e.getMessage());
            return;
        }
        if (!hand.toLowerCase(Locale.ROOT).contains("order by")) {
            expected.sort(ROWS);
            actual.sort(ROWS);
        }
        if (expected.isEmpty() || !expected.equals(actual)) {
            problems.add("DIFFERS " + checked + ": " + actual + " expected " + expected);
        }
    }

    private static final Comparator<List<String>> ROWS = Comparator.comparing(r -> String.valueOf(r));

    @ParameterizedTest
    @EnumSource(Kind.class)
    void refusesWhatCannotRunWithClearMessages(Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind)) {
            DbSchema schema = new SchemaReader().read(f.connection);
            SqlChecker checker = new SqlChecker(schema, SchemaReader.styleOf(f.connection));
            String products = schema.table(f.products).orElseThrow().name();
            String price = schema.table(f.products).orElseThrow().column("price").orElseThrow().name();
            assertMessage(checker, f.sql("select p.pricee from {p} p"),
                    "Unknown column 'pricee' in table '" + products + "'; did you mean '" + price + "'?");
            assertMessage(checker, f.sql("select pricee from {p}"), "Unknown column 'pricee'");
            assertMessage(checker, "select * from nosuch_table", "Unknown table 'nosuch_table'");
            assertMessage(checker, f.sql("delete from {p}"), "Only one SELECT query may run; got DELETE");
            assertMessage(checker, f.sql("update {p} set price = 0"), "Only one SELECT query may run; got UPDATE");
            assertMessage(checker, f.sql("insert into {p} (id) values (9)"),
                    "Only one SELECT query may run; got INSERT");
            assertMessage(checker, f.sql("drop table {p}"), "Only one SELECT query may run; got DROP");
            assertMessage(checker, "create table x (a int)", "Only one SELECT query may run; got CREATE");
            assertMessage(checker, f.sql("select 1; select * from {p}"), "Only one SELECT query may run; got 2 statements");
            assertMessage(checker, f.sql("select * from {p}; drop table {p}"),
                    "Only one SELECT query may run; got 2 statements");
            assertMessage(checker, "  ", "The query is empty");
            // functions that reach files, the network, other sessions or the clock of the server: not on the list
            for (String call : List.of("FILE_READ('/etc/passwd')", "CSVWRITE('/tmp/x.csv', 'select 1')",
                    "LINK_SCHEMA('a', '', 'jdbc:h2:mem:x', '', '', 'PUBLIC')", "pg_read_file('/etc/passwd')",
                    "lo_import('/etc/passwd')", "dblink('host=x', 'select 1')", "pg_sleep(100)",
                    "LOAD_FILE('/etc/passwd')", "SLEEP(100)", "BENCHMARK(1000000000, md5('a'))",
                    "load_extension('/tmp/evil.so')", "readfile('/etc/passwd')", "REPEAT(name, 1000000000)",
                    "set_config('statement_timeout', '0', false)", "nextval('s')", "my_admin_alias(name)")) {
                String name = call.substring(0, call.indexOf('(')).toUpperCase(java.util.Locale.ROOT);
                assertMessage(checker, f.sql("select " + call + " from {p}"), "Generated SQL may not call " + name);
            }
            assertMessage(checker, f.sql("select name from {p} where price > (select max(length(pg_read_file('x'))) "
                    + "from {p})"), "Generated SQL may not call PG_READ_FILE");
            if (kind == Kind.MARIADB) {
                // MariaDB (without ONLY_FULL_GROUP_BY, its default) runs a bare column beside an aggregate
                String lenient = checker.check(f.sql("select name, count(*) from {p}")).sql();
                assertEquals(1, TestDatabases.rows(f.connection, lenient).size(), lenient);
            } else {
                assertMessage(checker, f.sql("select name, count(*) from {p}"), "must be in GROUP BY");
            }
            SqlCheckException e = assertThrows(SqlCheckException.class, () -> checker.check("selec name frm x"));
            assertTrue(e.getMessage().startsWith("The SQL does not parse"), e.getMessage());
            // nothing ran: the table is still there with its rows
            assertEquals(3, TestDatabases.rows(f.connection, f.sql("select * from {p}")).size());
        }
    }

    private static void assertMessage(SqlChecker checker, String sql, String expected) {
        SqlCheckException e = assertThrows(SqlCheckException.class, () -> checker.check(sql), sql);
        assertTrue(Objects.requireNonNull(e.getMessage()).contains(expected),
                "for " + sql + ": got \"" + e.getMessage() + "\", expected \"" + expected + "\"");
    }

    /** Spider gold SQL (SQLite) and a model's variant of it. */
    private static final List<String[]> CONCERT_SINGER = List.of(
            q("select count(*) from SINGER", "SELECT count(*) FROM singer"),
            q("select name, country, age from singer order by age desc",
              "SELECT name ,  country ,  age FROM singer ORDER BY age DESC"),
            q("select avg(age), min(age), max(age) from singer where country = \"France\"",
              "SELECT avg(age) ,  min(age) ,  max(age) FROM singer WHERE country  =  'France'"),
            q("SELECT T2.name, count(*) FROM concert AS T1 JOIN stadium AS t2 ON T1.stadium_id = T2.stadium_id "
                    + "GROUP BY T1.stadium_id",
              "SELECT T2.name ,  count(*) FROM concert AS T1 JOIN stadium AS T2 ON T1.stadium_id  =  T2.stadium_id "
                    + "GROUP BY T1.stadium_id"),
            q("select song_name from singer where age > (select avg(age) from singer)",
              "SELECT song_name FROM singer WHERE age  >  (SELECT avg(age) FROM singer)"),
            q("select name from stadium where stadium_id not in (select stadium_id from concert)",
              "SELECT name FROM stadium WHERE stadium_id NOT IN (SELECT stadium_id FROM concert)"),
            q("select country from singer where age > 40 intersect select country from singer where age < 30",
              "SELECT country FROM singer WHERE age  >  40 INTERSECT SELECT country FROM singer WHERE age  <  30"),
            q("select t2.name, t2.capacity from concert as t1 join stadium as t2 on t1.stadium_id = t2.stadium_id "
                    + "where t1.year >= 2014 group by t2.stadium_id order by count(*) desc limit 1",
              "SELECT T2.name ,  T2.capacity FROM concert AS T1 JOIN stadium AS T2 ON T1.stadium_id  =  "
                    + "T2.stadium_id WHERE T1.year  >=  2014 GROUP BY T2.stadium_id ORDER BY count(*) DESC LIMIT 1"),
            q("select year, count(*) from concert group by year having count(*) != 1 order by year",
              "SELECT YEAR ,  count(*) FROM concert GROUP BY YEAR HAVING count(*) <> 1 ORDER BY YEAR"),
            q("select name from singer where song_name like '%Hey%'",
              "SELECT name FROM singer WHERE song_name LIKE '%Hey%'"),
            q("select distinct country from singer where age between 30 and 50",
              "SELECT DISTINCT country FROM singer WHERE age BETWEEN 30 AND 50"),
            q("select s.name, count(*) from singer_in_concert sic join singer s on s.singer_id = sic.singer_id "
                    + "group by s.name order by 2 desc, 1",
              "SELECT T2.name, count(*) FROM singer_in_concert AS T1 JOIN singer AS T2 ON T1.singer_id = "
                    + "T2.singer_id GROUP BY T2.name ORDER BY 2 DESC, 1"),
            q("select name, case when capacity > 10000 then 'big' else 'small' end from stadium order by name",
              "SELECT name, CASE WHEN capacity > 10000 THEN 'big' ELSE 'small' END FROM stadium ORDER BY name"),
            q("select concert_name from concert where stadium_id in (select stadium_id from stadium "
                    + "where capacity > 5000) union select name from stadium where location = 'Raith Rovers'",
              "SELECT concert_name FROM concert WHERE stadium_id IN (SELECT stadium_id FROM stadium "
                    + "WHERE capacity > 5000) UNION SELECT name FROM stadium WHERE location = 'Raith Rovers'"),
            q("select name from singer where country in ('France', 'Netherlands') order by name",
              "SELECT name FROM singer WHERE country IN ('France', 'Netherlands') ORDER BY name"),
            q("select count(*) from concert where year = '2014'",
              "SELECT count(*) FROM concert WHERE YEAR = '2014'"));

    private static final List<String[]> PETS = List.of(
            q("select count(*) from student where stuid in (select stuid from has_pet)",
              "SELECT count(*) FROM student WHERE stuid IN (SELECT stuid FROM has_pet)"),
            q("select fname from student as t1 join has_pet as t2 on t1.stuid = t2.stuid join pets as t3 "
                    + "on t3.petid = t2.petid where t3.pettype = \"cat\" order by fname",
              "SELECT T1.Fname FROM student AS T1 JOIN has_pet AS T2 ON T1.stuid = T2.stuid JOIN pets AS T3 "
                    + "ON T3.petid = T2.petid WHERE T3.pettype = 'cat' ORDER BY T1.Fname"),
            q("select pettype, avg(weight), max(weight) from pets group by pettype",
              "SELECT avg(weight) AS a, max(weight), pettype FROM pets GROUP BY pettype"));

    @Test
    void spiderSqliteQueriesRunAsTheGoldOnes() throws Exception {
        List<String> problems = new ArrayList<>();
        try (Connection c = TestDatabases.spider("concert_singer")) {
            SqlChecker checker = new SqlChecker(new SchemaReader().read(c), TargetDialect.SQLITE);
            for (String[] pair : CONCERT_SINGER) {
                compare(c, checker, pair[0], pair[1], problems);
            }
            assertMessage(checker, "select nme from singer", "Unknown column 'nme' in table 'singer'");
            assertMessage(checker, "select * from singers", "Unknown table 'singers'; did you mean 'singer'?");
            assertEquals(List.of("concert", "stadium"), checker.check(CONCERT_SINGER.get(3)[0]).tables());
        }
        try (Connection c = TestDatabases.spider("pets_1")) {
            SqlChecker checker = new SqlChecker(new SchemaReader().read(c), TargetDialect.SQLITE);
            compare(c, checker, PETS.get(0)[0], PETS.get(0)[1], problems);
            compare(c, checker, PETS.get(1)[0], PETS.get(1)[1], problems);
            // columns in another order: compare the set of values
            String checked = checker.check(PETS.get(2)[0]).sql();
            assertEquals(TestDatabases.rows(c, PETS.get(2)[1]).stream().map(r -> List.of(r.get(2), r.get(0), r.get(1)))
                    .sorted(ROWS).toList(), TestDatabases.rows(c, checked).stream().sorted(ROWS).toList());
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    @Test
    void writesNamesAsStored() throws Exception {
        try (Fixture f = new Fixture(Kind.H2)) {
            SqlChecker checker = new SqlChecker(new SchemaReader().read(f.connection), TargetDialect.H2);
            String sql = checker.check(f.sql("select t.name, t.City from {c} as t where t.id != 1 limit 1")).sql();
            String table = f.customers.toUpperCase(Locale.ROOT);
            assertTrue(sql.contains("\"" + table + "\""), sql);
            assertTrue(sql.contains("\"T\".\"NAME\""), sql);
            assertTrue(sql.contains("\"T\".\"CITY\""), sql);
            assertTrue(sql.contains("<>"), sql);
            // a keyword use of a reserved word stays a keyword
            String extract = checker.check(f.sql("select extract(year from shipdate) as y from {o} where id = 1")).sql();
            assertEquals(List.of(List.of("2024")), TestDatabases.rows(f.connection, extract), extract);
        }
    }
}
