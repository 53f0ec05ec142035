package dev.nl2sql.engine.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import java.sql.JDBCType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmbiguousWordingsTest {

    private static final DbSchema SCHEMA = new DbSchema("concerts", List.of(
            table("stadium", "Stadium_ID", "Name", "Capacity", "Highest", "Lowest", "Average"),
            table("singer", "Singer_ID", "Name", "Song_Name", "Age")), List.of());

    private final AmbiguousWordings ambiguous = new AmbiguousWordings(SCHEMA);

    @Test
    void aColumnsNameUsedAsAPlainWordLeavesTheWordingOut() {
        assertEquals(List.of("List the names and lowests of the top 3 stadiums by lowest."),
                kept("select name, lowest from stadium order by lowest desc limit 3",
                        "Show the three stadiums with the highest lowest, with their names.",
                        "List the names and lowests of the top 3 stadiums by lowest."));
        assertEquals(List.of("What is the mean capacity across stadiums?"),
                kept("select avg(capacity) from stadium",
                        "What is the average capacity of all stadiums?", "What is the mean capacity across stadiums?"));
    }

    @Test
    void columnsTheQueryReadsAndItsValuesMayBeNamed() {
        assertEquals(List.of("What is the capacity of Highest Park?"),
                kept("select capacity from stadium where name = 'Highest Park'", "What is the capacity of Highest Park?"));
        assertEquals(List.of("Show the highest of the stadium whose name is Somerset Park."),
                kept("select highest from stadium where name = 'Somerset Park'",
                        "Show the highest of the stadium whose name is Somerset Park."));
    }

    @Test
    void theWordsOfATableTheQueryDoesNotReadStayPlainWords() {
        assertEquals(List.of("What is the highest age among singers?", "What is the average age of the singers?"),
                kept("select max(age) from singer",
                        "What is the highest age among singers?", "What is the average age of the singers?"));
    }

    @Test
    void aLongerColumnNameIsNotMistakenForTheShorterOneItContains() {
        assertEquals(List.of("Show the song name of Joe Sharp."),
                kept("select song_name from singer where singer_id = 3", "Show the song name of Joe Sharp."));
        assertEquals(List.of(), kept("select age from singer where singer_id = 3",
                "Show the age of the singer whose name is Joe Sharp."));
    }

    private List<String> kept(String sql, String... questions) {
        return ambiguous.unambiguous(new PairCandidate(QueryShape.FILTER, sql, Arrays.asList(questions))).questions();
    }

    private static DbTable table(String name, String... columns) {
        return new DbTable(name, DbTable.Kind.TABLE, null, Arrays.stream(columns)
                .map(c -> new DbColumn(c, JDBCType.VARCHAR, "text", true, null, List.of()))
                .toList(), List.of(columns[0]));
    }
}
