package dev.nl2sql.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tables, columns and literals of Spider-style gold SQL, as the linking command counts them. */
class LinkingGoldSqlTest {

    private static final Map<String, List<String>> SCHEMA = Map.of(
            "singer", List.of("Singer_ID", "Name", "Country", "Age"),
            "concert", List.of("concert_ID", "concert_Name", "Year"),
            "singer_in_concert", List.of("concert_ID", "Singer_ID"),
            "stadium", List.of("Stadium_ID", "Name", "Capacity"));

    @Test
    void aliasesAreResolvedAndBareColumnsBelongToATableOfTheQuery() {
        GoldSql.Uses uses = GoldSql.read("SELECT T2.name , count(*) FROM singer_in_concert AS T1 JOIN singer AS T2 "
                + "ON T1.singer_id = T2.singer_id WHERE age > 30 GROUP BY T2.singer_id", SCHEMA);
        assertEquals(Set.of("singer_in_concert", "singer"), uses.tables());
        assertEquals(Set.of("singer.Name", "singer_in_concert.Singer_ID", "singer.Singer_ID", "singer.Age"),
                uses.columns());
        assertEquals(List.of(), uses.literals());
    }

    @Test
    void literalsInEitherQuoteAndLikePatternsWithoutPercent() {
        GoldSql.Uses uses = GoldSql.read("SELECT name FROM singer WHERE country = \"France\" AND name LIKE '%Jo%' "
                + "AND name != 'O''Neil'", SCHEMA);
        assertEquals(List.of(new GoldSql.Literal("France", false), new GoldSql.Literal("Jo", true),
                new GoldSql.Literal("O'Neil", false)), uses.literals());
        assertEquals(Set.of("singer.Name", "singer.Country"), uses.columns());
    }

    @Test
    void subqueriesRebindAliasesAndCommaJoinsCount() {
        GoldSql.Uses uses = GoldSql.read("SELECT T1.name FROM stadium AS T1 WHERE T1.stadium_id NOT IN "
                + "(SELECT T1.year FROM concert AS T1) AND capacity > (SELECT avg(age) FROM singer, stadium)", SCHEMA);
        assertEquals(Set.of("stadium", "concert", "singer"), uses.tables());
        assertEquals(Set.of("stadium.Name", "stadium.Stadium_ID", "concert.Year", "stadium.Capacity", "singer.Age"),
                uses.columns());
    }

    @Test
    void matchedValuesAreReadBackFromTheExplainColumn() {
        assertEquals(List.of("France", "it's, here", "x"),
                ExplainedLinking.values("singer.Country = 'France', t.c = 'it''s, here', a.b = 'x'"));
        assertEquals(List.of(), ExplainedLinking.values(""));
    }
}
