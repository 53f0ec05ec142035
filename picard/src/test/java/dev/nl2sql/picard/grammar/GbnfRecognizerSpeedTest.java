package dev.nl2sql.picard.grammar;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.picard.schema.IdentifierStyle;
import org.junit.jupiter.api.Test;

/** A 300-character query against a 50-table schema is checked fast enough to run on every decoding step. */
class GbnfRecognizerSpeedTest {

    @Test
    void longQueryOnWideSchemaTakesMilliseconds() {
        GbnfRecognizer grammar = GbnfRecognizer.parse(
                SqlGrammar.gbnf(TestSchemas.wide(50, 10), IdentifierStyle.POSTGRESQL));
        String sql = "SELECT T1.attribute_7_3, COUNT(DISTINCT T2.attribute_8_1), AVG(T3.attribute_9_2)"
                + " FROM table_7 AS T1 JOIN table_8 AS T2 ON T1.id = T2.id LEFT JOIN table_9 AS T3 ON T2.id = T3.id"
                + " WHERE T1.attribute_7_5 LIKE '%abc%' AND T2.id IN (SELECT id FROM table_42"
                + " WHERE attribute_42_9 > 10) GROUP BY T1.attribute_7_3 HAVING COUNT(*) > 2"
                + " ORDER BY AVG(T3.attribute_9_2) DESC LIMIT 10";
        assertTrue(sql.length() >= 300, "query of " + sql.length() + " characters");
        assertTrue(grammar.matches(sql));

        long best = Long.MAX_VALUE;
        for (int run = 0; run < 20; run++) {
            long start = System.nanoTime();
            grammar.matches(sql);
            best = Math.min(best, System.nanoTime() - start);
        }
        // the best of several runs, so a busy machine does not fail it; the aim is well below this
        assertTrue(best < 100_000_000L, "best run took " + best / 1_000_000 + " ms");
    }
}
