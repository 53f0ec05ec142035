package dev.nl2sql.picard.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.picard.grammar.SqlGrammarAcceptanceTest;
import dev.nl2sql.picard.grammar.TestSchemas;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The checker lets every good query through, prefix by prefix, and stops a wrong one at its first wrong token. */
class PrefixCheckerTest {

    private static final DbSchema CONCERT = TestSchemas.concertSinger();
    private static final PrefixChecker SQLITE = PrefixChecker.of(CONCERT, IdentifierStyle.SQLITE);

    static Stream<Arguments> grammarQueries() {
        Stream<Arguments> shop = Stream.of(IdentifierStyle.values()).flatMap(style -> SqlGrammarAcceptanceTest
                .SHOP_QUERIES.stream().map(q -> Arguments.of(style, TestSchemas.shop(style), q)));
        Stream<Arguments> concert = Stream.of(IdentifierStyle.SQLITE, IdentifierStyle.MARIADB).flatMap(style ->
                SqlGrammarAcceptanceTest.CONCERT_QUERIES.stream().map(q -> Arguments.of(style, CONCERT, q)));
        return Stream.concat(shop, concert);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("grammarQueries")
    void acceptsEveryPrefixOfTheGrammarsQueries(IdentifierStyle style, DbSchema schema, String template) {
        String sql = TestSchemas.sql(template, schema, style);
        CheckerState state = PrefixChecker.of(schema, style).start();
        for (int i = 0; i < sql.length(); i++) {
            state = state.feed(sql.substring(i, i + 1));
            assertFalse(state.isRejected(), () -> "rejected " + sql + " after " + "'" + "': ");
        }
        assertNull(state.completionProblem(), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select count(*) from singer",
        "select country from singer group by country order by count(*) desc limit 1",
        "SELECT name ,  country ,  age FROM singer ORDER BY age DESC",
        "SELECT T2.name ,  count(*) FROM concert AS T1 JOIN stadium AS T2 ON T1.stadium_id  =  T2.stadium_id"
                + " GROUP BY T1.stadium_id",
        "select t1.name from singer as t1 join singer_in_concert as t2 on t1.singer_id = t2.singer_id",
        "SELECT name FROM singer WHERE country  =  \"France\" AND age != 20",
        "SELECT DISTINCT T1.Name FROM singer AS T1 JOIN concert AS T2 WHERE T1.Age > 30",
        "SELECT count(*) FROM (SELECT name FROM singer INTERSECT SELECT name FROM stadium)",
        "SELECT name FROM stadium WHERE stadium_id NOT IN (SELECT stadium_id FROM concert)",
        "SELECT name FROM singer WHERE age  >  (SELECT avg(age) FROM singer);",
        "SELECT\n  name\nFROM\tsinger\nWHERE song_name LIKE '%Hey%'  ",
        "SELECT T1.Name FROM singer AS T1 WHERE NOT EXISTS (SELECT * FROM singer_in_concert AS T2"
                + " WHERE T2.Singer_ID = T1.Singer_ID)",
        "SELECT (SELECT max(T2.Capacity) FROM stadium AS T2 WHERE T2.Stadium_ID = T1.Stadium_ID) FROM concert AS T1",
        "SELECT name FROM stadium UNION SELECT name FROM singer ORDER BY name LIMIT 3",
    })
    void acceptsSpiderStyleSqlAsWritten(String sql) {
        assertNull(SQLITE.start().feed(sql).completionProblem(), sql);
    }

    /** Each case: the pieces a decoder writes, and the index of the piece that must be rejected. */
    static Stream<Arguments> wrongQueries() {
        return Stream.of(
                Arguments.of(List.of("SELECT", " name", " FROM", " singerz", " WHERE"), 3),
                Arguments.of(List.of("SELECT", " name", " FROM", " singer", " WHERE", " Capacity"), 5),
                Arguments.of(List.of("SELECT", " name", " FROM", " singer", " WHERE", " Capacity", " >"), 5),
                Arguments.of(List.of("SELECT", " Capacity", " FROM", " singer", " WHERE"), 4),
                Arguments.of(List.of("SELECT", " Capacity", " FROM", " singer", ";"), 4),
                Arguments.of(List.of("SELECT", " T3", ".", "name", " FROM", " singer", " AS", " T1", " LIMIT"), 8),
                Arguments.of(List.of("SELECT", " T1", ".", "name", " FROM", " singer", " AS", " T1", " WHERE",
                        " T2", ".", "age"), 9),
                Arguments.of(List.of("SELECT", " T1", ".", "Capacity", " FROM", " singer", " AS", " T1", " WHERE"),
                        8),
                Arguments.of(List.of("SELECT", " singer", ".", "Capacity"), 3),
                Arguments.of(List.of("SELECT", " name", " FROM", " singer", " WHERE", " stadium", ".", "name"), 5),
                Arguments.of(List.of("SELECT", " name", " FROM", " singer", " JOIN", " concert", " ON", " singer",
                        ".", "Theme"), 9),
                Arguments.of(List.of("SELECT", " name", " FROM", " stadium", " WHERE", " stadium_id", " IN", " (",
                        "SELECT", " Theme", " FROM", " singer", ")"), 12),
                Arguments.of(List.of("SELECT", " T1", ".", "x", " FROM", " (", "SELECT", " name", " FROM", " singer",
                        ")", " AS", " T1"), 3),
                Arguments.of(List.of("SELECT", " T1", ".", "age", " FROM", " (", "SELECT", " name", " FROM",
                        " singer", ")", " AS", " T1", " WHERE"), 13),
                Arguments.of(List.of("DELETE", " FROM"), 0),
                Arguments.of(List.of("SELECT", " name", " FROM", " singer", ";", " DROP"), 5),
                Arguments.of(List.of("SELECT", " name", " FROM", " singer", " --", " x"), 4));
    }

    @ParameterizedTest
    @MethodSource("wrongQueries")
    void rejectsAtTheFirstWrongPiece(List<String> pieces, int wrongPiece) {
        CheckerState state = SQLITE.start();
        int rejectedAt = -1;
        for (int i = 0; i < pieces.size() && rejectedAt < 0; i++) {
            state = state.feed(pieces.get(i));
            if (state.isRejected()) {
                rejectedAt = i;
            }
        }
        if (rejectedAt < 0 && !state.isComplete()) {
            rejectedAt = pieces.size();
        }
        assertEquals(wrongPiece, rejectedAt, String.join("", pieces) + ": " + state.completionProblem());
    }

    @Test
    void aColumnBeforeFromIsCheckedWhenFromEnds() {
        CheckerState afterFrom = SQLITE.start().feed("SELECT Capacity FROM singer");
        assertFalse(afterFrom.isRejected(), "a JOIN may still bring stadium into scope");
        assertFalse(afterFrom.isComplete());
        assertTrue(afterFrom.feed(" JOIN stadium").isComplete());
        assertEquals("no column capacity in any table in scope", afterFrom.completionProblem());
    }

    @Test
    void statesForkWithoutSharingChanges() {
        CheckerState common = SQLITE.start().feed("SELECT name FROM ");
        CheckerState singer = common.feed("singer WHERE age > 3");
        CheckerState stadium = common.feed("stadium WHERE capacity > 3");
        CheckerState wrong = common.feed("singer WHERE capacity");
        assertTrue(singer.isComplete());
        assertTrue(stadium.isComplete());
        assertTrue(wrong.isRejected());
        assertFalse(common.isRejected());
        assertFalse(common.isComplete());
        assertTrue(common.feed("singer").isComplete(), "the shared state is unchanged by its forks");
        assertTrue(singer.feed(" AND country = 'France'").isComplete());
        assertTrue(stadium.feed(" AND singer_id = 1").isRejected());
    }

    @Test
    void aRejectedStateStaysRejectedAndSaysWhy() {
        CheckerState rejected = SQLITE.start().feed("SELECT name FROM nowhere");
        assertTrue(rejected.isRejected());
        assertNotNull(rejected.rejection());
        assertTrue(rejected.feed(" WHERE age > 1").isRejected());
        assertFalse(rejected.isComplete());
    }

    @Test
    void anUnfinishedNameStaysViableOnlyWhileSomethingInScopeStartsWithIt() {
        CheckerState where = SQLITE.start().feed("SELECT name FROM singer WHERE ");
        assertFalse(where.feed("Ag").isRejected());
        assertFalse(where.feed("Song_rel").isRejected());
        assertTrue(where.feed("Capa").isRejected(), "Capacity is stadium's");
        assertFalse(where.feed("'open string").isRejected());
        assertFalse(where.feed("\"France").isRejected(), "SQLite reads \"France\" as a string");
    }

    @Test
    void aClosedQuotedNameMustBeAWholeName() {
        PrefixChecker postgres = PrefixChecker.of(TestSchemas.shop(IdentifierStyle.POSTGRESQL),
                IdentifierStyle.POSTGRESQL);
        CheckerState from = postgres.start().feed("SELECT quantity FROM ");
        assertFalse(from.feed("\"Order").isRejected(), "still open: may become \"Order Items\"");
        assertTrue(from.feed("\"Order\"").isRejected(), "closed: only a doubled quote could go on, and no name has one");
        assertFalse(from.feed("\"Order Items\"").isRejected());
        assertTrue(postgres.accepts("SELECT quantity FROM \"Order Items\""));
    }

    @Test
    void namesMatchInAnyCaseAndKeywordsInAnyCase() {
        assertTrue(SQLITE.accepts("sElEcT NAME fRoM SINGER wHeRe AGE > 1"));
    }

    @Test
    void quotingFollowsTheDialect() {
        DbSchema shop = TestSchemas.shop(IdentifierStyle.MARIADB);
        PrefixChecker mariadb = PrefixChecker.of(shop, IdentifierStyle.MARIADB);
        assertTrue(mariadb.accepts("SELECT quantity FROM `Order Items` WHERE `Unit Price` > 3"));
        assertTrue(mariadb.accepts("SELECT name FROM customers WHERE city = \"Berlin\""), "MySQL strings");
        assertFalse(mariadb.accepts("SELECT quantity FROM \"Order Items\""));

        PrefixChecker postgres = PrefixChecker.of(TestSchemas.shop(IdentifierStyle.POSTGRESQL),
                IdentifierStyle.POSTGRESQL);
        assertTrue(postgres.accepts("SELECT quantity FROM \"Order Items\""));
        assertFalse(postgres.accepts("SELECT name FROM customers WHERE city = \"Berlin\""), "a name, not a string");
        assertFalse(postgres.accepts("SELECT quantity FROM `Order Items`"));

        PrefixChecker h2 = PrefixChecker.of(TestSchemas.shop(IdentifierStyle.H2), IdentifierStyle.H2);
        assertTrue(h2.accepts("SELECT NAME FROM PRODUCTS WHERE \"GROUP\" IS NULL OR name = 'x'"));
    }

    @Test
    void aDerivedTableNeedsAnAliasWhereTheDatabaseDoes() {
        String sql = "SELECT COUNT(*) FROM (SELECT name FROM customers)";
        assertTrue(PrefixChecker.of(TestSchemas.shop(IdentifierStyle.SQLITE), IdentifierStyle.SQLITE).accepts(sql));
        assertTrue(PrefixChecker.of(TestSchemas.shop(IdentifierStyle.H2), IdentifierStyle.H2).accepts(sql));
        assertFalse(PrefixChecker.of(TestSchemas.shop(IdentifierStyle.POSTGRESQL), IdentifierStyle.POSTGRESQL)
                .accepts(sql));
        assertFalse(PrefixChecker.of(TestSchemas.shop(IdentifierStyle.MARIADB), IdentifierStyle.MARIADB)
                .accepts(sql));
    }

    @Test
    void withoutGuardsOnlyTheSchemasNamesAreChecked() {
        PrefixChecker namesOnly = PrefixChecker.namesOnly(CONCERT, IdentifierStyle.SQLITE,
                dev.nl2sql.picard.grammar.GrammarBounds.FULL);
        assertTrue(namesOnly.accepts("SELECT Capacity FROM singer"));
        assertTrue(namesOnly.accepts("SELECT T3.Name FROM singer AS T1"));
        assertFalse(namesOnly.accepts("SELECT singer.Capacity FROM singer"));
        assertFalse(namesOnly.accepts("SELECT Capacity FROM singers"));
    }
}
