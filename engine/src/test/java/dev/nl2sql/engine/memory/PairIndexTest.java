package dev.nl2sql.engine.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import java.sql.JDBCType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PairIndexTest {

    private static TaughtPair pair(long id, String question, String sql) {
        return new TaughtPair(id, question, sql, "alice", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id),
                "fp1", false);
    }

    private static final List<TaughtPair> SINGERS = List.of(
            pair(1, "Which singers are older than 30?", "SELECT name FROM singer WHERE age > 30"),
            pair(2, "How many singers do we have?", "SELECT count(*) FROM singer"),
            pair(3, "Show the name and country of every singer ordered by age.",
                    "SELECT name, country FROM singer ORDER BY age"),
            pair(4, "What is the average age of singers from France?",
                    "SELECT avg(age) FROM singer WHERE country = 'France'"),
            pair(5, "How many concerts were held in 2014?", "SELECT count(*) FROM concert WHERE year = 2014"),
            pair(6, "Which stadium has the largest capacity?",
                    "SELECT name FROM stadium ORDER BY capacity DESC LIMIT 1"));

    @Test
    void paraphraseWithOtherValuesIsNearestButNotNearExact() {
        PairIndex index = PairIndex.of(SINGERS);
        String asked = "Which singers are older than 40?";
        List<PairMatch> nearest = index.nearest(asked, 3);
        assertEquals(1, nearest.get(0).pair().id(), nearest.toString());
        assertTrue(nearest.get(0).score() < 1, "a different value never scores 1");
        assertEquals(Optional.empty(), index.nearExact(asked), "30 and 40 are different queries");
        assertEquals(Optional.empty(), index.nearExact("Which singers are younger than 30?"));
        assertEquals(Optional.empty(), index.nearExact("What is the average age of singers from Germany?"));
    }

    @Test
    void paraphraseInOtherWordsIsFound() {
        PairIndex index = PairIndex.of(SINGERS);
        assertEquals(2, index.nearest("What is the total number of singers?", 1).get(0).pair().id());
        assertEquals(6, index.nearest("What stadium has the biggest capacity", 1).get(0).pair().id());
        assertEquals(3, index.nearest("List singer names and countries sorted by their age", 1).get(0).pair().id());
    }

    @Test
    void sameQuestionUpToCaseAndPunctuationIsNearExact() {
        PairIndex index = PairIndex.of(SINGERS);
        for (String same : List.of("How many singers do we have?", "how many singers do we have",
                "  HOW MANY SINGERS, do we have??", "How many singer do we have?")) {
            Optional<PairMatch> match = index.nearExact(same);
            assertTrue(match.isPresent(), same);
            assertEquals(2, match.get().pair().id());
            assertEquals(1.0, match.get().score());
            assertEquals(2, index.nearest(same, 1).get(0).pair().id());
            assertEquals(1.0, index.nearest(same, 1).get(0).score());
        }
        assertTrue(index.nearExact("What is the average age of singers from França?").isEmpty());
        assertTrue(index.nearExact("What is the average age of singers from france").isPresent(), "case aside");
        assertTrue(index.nearExact("How many singers do we not have?").isEmpty(), "one more word is another query");
    }

    @Test
    void nearExactPrefersTheNewestOfSeveralTaughtTheSameQuestion() {
        List<TaughtPair> pairs = new ArrayList<>(SINGERS);
        pairs.add(pair(7, "how many singers do we have", "SELECT count(DISTINCT singer_id) FROM singer"));
        PairIndex index = PairIndex.of(pairs);
        assertEquals(7, index.nearExact("How many singers do we have?").orElseThrow().pair().id());
    }

    @Test
    void stalePairsNeverComeBack() {
        List<TaughtPair> pairs = new ArrayList<>(SINGERS);
        TaughtPair stale = new TaughtPair(9, "How many singers are there in total?", "SELECT count(*) FROM singers_old",
                "bob", Instant.now(), "fp0", true);
        pairs.add(stale);
        PairIndex index = PairIndex.of(pairs);
        assertEquals(SINGERS.size(), index.size());
        assertTrue(index.nearExact("How many singers are there in total?").isEmpty());
        assertTrue(index.nearest("How many singers are there in total?", 100).stream()
                .noneMatch(m -> m.pair().id() == 9));
        PairIndex onlyStale = PairIndex.of(List.of(stale));
        assertEquals(0, onlyStale.size());
        assertTrue(onlyStale.nearest("How many singers are there in total?", 3).isEmpty());
    }

    @Test
    void emptyIndexFindsNothing() {
        PairIndex index = PairIndex.of(List.of());
        assertEquals(0, index.size());
        assertEquals(List.of(), index.nearest("How many singers do we have?", 3));
        assertEquals(Optional.empty(), index.nearExact("How many singers do we have?"));
        assertEquals(List.of(), PairIndex.of(SINGERS).nearest("", 3));
        assertEquals(List.of(), PairIndex.of(SINGERS).nearest("How many singers?", 0));
        assertThrows(IllegalArgumentException.class, () -> index.nearest("x", -1));
    }

    @Test
    void scoresAreInUnitRangeAndBestFirst() {
        PairIndex index = PairIndex.of(SINGERS);
        for (String q : List.of("singers", "How many singers are older than 30 in France?", "capacity of stadiums",
                "~count ~num how many how many", "What?")) {
            List<PairMatch> found = index.nearest(q, 10);
            for (int i = 0; i < found.size(); i++) {
                assertTrue(found.get(i).score() >= 0 && found.get(i).score() <= 1, found.toString());
                if (i > 0) {
                    assertTrue(found.get(i - 1).score() >= found.get(i).score(), found.toString());
                }
            }
        }
    }

    @Test
    void schemaMarksCapitalisedValuesSoQuestionsDifferingInNamesMeet() {
        DbSchema schema = new DbSchema("concert_singer", List.of(new DbTable("singer", DbTable.Kind.TABLE, null,
                List.of(column("Singer_ID"), column("Name"), column("Country"), column("Age")), List.of())),
                List.of());
        List<TaughtPair> pairs = List.of(
                pair(1, "What is the average age of singers from France?",
                        "SELECT avg(age) FROM singer WHERE country = 'France'"),
                pair(2, "What is the average age of singers?", "SELECT avg(age) FROM singer"));
        PairIndex index = PairIndex.of(pairs, schema);
        assertEquals(1, index.nearest("What is the average age of singers from Italy?", 1).get(0).pair().id());
        assertTrue(index.nearExact("What is the average age of singers from Italy?").isEmpty());
    }

    private static DbColumn column(String name) {
        return new DbColumn(name, JDBCType.VARCHAR, "TEXT", true, null, List.of());
    }

    @Test
    void oneIndexAnswersManyThreadsAlike() throws Exception {
        // Immutable after of(): concurrent lookups must give exactly what one thread gets.
        PairIndex index = PairIndex.of(SINGERS);
        List<String> questions = List.of("Which singers are older than 40?", "How many singers do we have?",
                "stadium with the biggest capacity", "concerts in 2015");
        List<List<PairMatch>> expected = questions.stream().map(q -> index.nearest(q, 3)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        int q = i % questions.size();
                        if (!index.nearest(questions.get(q), 3).equals(expected.get(q))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pairsNeedQuestionAndSql() {
        assertThrows(NullPointerException.class, () -> new TaughtPair(1, null, "SELECT 1", null, null, null, false));
        assertThrows(NullPointerException.class, () -> new TaughtPair(1, "q", null, null, null, null, false));
        assertThrows(IllegalArgumentException.class, () -> new PairMatch(SINGERS.get(0), 1.5));
        assertFalse(new TaughtPair(1, "q", "SELECT 1", null, null, null, false).stale());
    }
}
