package dev.nl2sql.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nl2sql.benchmarks.harness.SpiderDataset.Question;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hardness of real dev.json entries. Each expected level was worked out by hand from the rules (component 1,
 * component 2, others) and agrees with the official evaluation's labels.
 */
class HardnessTest {

    private static List<Question> dev;

    @BeforeAll
    static void load() throws IOException {
        dev = SpiderDataset.load(SpiderData.devJson());
    }

    private static Hardness of(int index) {
        return dev.get(index).hardness();
    }

    @Test
    void handCheckedEntries() {
        // #0 SELECT count(*) FROM singer: c1 0, c2 0, others 0 (one aggregate only)
        assertEquals(Hardness.EASY, of(0));
        // #2 SELECT name, country, age FROM singer ORDER BY age DESC: c1 1 (order), others 1 (3 columns)
        assertEquals(Hardness.MEDIUM, of(2));
        // #4 SELECT avg(age), min(age), max(age) ... WHERE country = 'France': c1 1, others 2 (aggregates, columns)
        assertEquals(Hardness.MEDIUM, of(4));
        // #12 ... WHERE age > (SELECT avg(age) FROM singer): c1 1, c2 1 (nested), others 0
        assertEquals(Hardness.HARD, of(12));
        // #26 SELECT YEAR FROM concert GROUP BY YEAR ORDER BY count(*) DESC LIMIT 1: c1 3, others 0
        assertEquals(Hardness.HARD, of(26));
        // #24 JOIN + WHERE + GROUP BY + ORDER BY + LIMIT: c1 5
        assertEquals(Hardness.EXTRA, of(24));
        // #41 JOIN ... WHERE ... INTERSECT ...: c1 2, c2 1
        assertEquals(Hardness.EXTRA, of(41));
        // #81 pets_1: JOIN, GROUP BY, HAVING count(*) > 1: c1 2, others 1 (2 columns)
        assertEquals(Hardness.MEDIUM, of(81));
        assertEquals("pets_1", dev.get(81).dbId());
    }

    @Test
    void devDistributionIsThePublishedOne() {
        // Spider's dev split as published: 248 easy, 446 medium, 174 hard, 166 extra (1034).
        Map<Hardness, Integer> counts = new EnumMap<>(Hardness.class);
        dev.forEach(q -> counts.merge(q.hardness(), 1, Integer::sum));
        assertEquals(Map.of(Hardness.EASY, 248, Hardness.MEDIUM, 446, Hardness.HARD, 174, Hardness.EXTRA, 166),
                counts);
    }
}
