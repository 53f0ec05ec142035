package dev.nl2sql.engine.t5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.engine.GenerationControl;
import dev.nl2sql.engine.Translation;
import dev.nl2sql.engine.Translator;
import dev.nl2sql.engine.testing.TestDatabases;
import dev.nl2sql.picard.checker.PrefixChecker;
import dev.nl2sql.picard.schema.IdentifierStyle;
import dev.nl2sql.engine.schema.SchemaReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole T5 path on a random model with the real T5 vocabulary: tokenise, encode, PICARD beam search, check. */
class T5SqlGeneratorTest {

    private static T5SqlGenerator generator;
    private static Translator translator;

    @BeforeAll
    static void load() throws SQLException {
        generator = T5Models.load(TinyT5.checkpoint(), TinyT5.settings(TinyT5.checkpoint(), 4, 96));
        translator = new Translator(generator, TinyT5.settings(TinyT5.checkpoint(), 4, 96));
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    @Test
    void randomWeightsStillWriteValidSqlThatRuns() throws SQLException {
        try (Connection c = TestDatabases.spider("concert_singer")) {
            String key = "jdbc:sqlite:/spider/concert_singer.sqlite\u0000";
            for (String question : new String[] {"How many singers do we have?",
                "What are the names of the stadiums with a capacity over 5000?", "List the concerts in 2014."}) {
                Translation t = translator.translate(question, c, key, GenerationControl.withTimeout(60_000));
                assertTrue(t.generatedTokens() > 0);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(t.sql())) {
                    assertTrue(rs.getMetaData().getColumnCount() >= 1, t.sql());
                }
            }
        }
    }

    @Test
    void theFinishedBeamsAreTheCandidatesBestFirstWithoutRunningTheModelAgain() throws SQLException {
        try (Connection c = TestDatabases.spider("concert_singer")) {
            String key = "jdbc:sqlite:/spider/concert_singer.sqlite\u0000";
            String question = "What is the name of the oldest singer?";
            Translation best = translator.translate(question, c, key, GenerationControl.withTimeout(60_000));
            assertEquals(0, best.candidate());
            java.util.Set<String> seen = new java.util.HashSet<>(java.util.List.of(best.sql()));
            int next = 1;
            while (true) {
                Translation t;
                try {
                    t = translator.translate(question, c, key, GenerationControl.withTimeout(60_000),
                            java.util.List.of(), next);
                } catch (SQLException e) {
                    assertEquals("42000", e.getSQLState(), e.getMessage());
                    break;
                }
                assertTrue(seen.add(t.sql()), "each beam is another query: " + t.sql());
                assertEquals(0, t.promptTokens(), "served from the finished beams, not a new search");
                next = t.candidate() + 1;
            }
            assertTrue(seen.size() >= 2 && seen.size() <= 4, seen.toString());
        }
    }

    /** On this table the random model wanders for hundreds of tokens: long enough to be stopped. */
    @Test
    void aTimeoutOrACancelStopsTheBeamSearch() throws Exception {
        Translator patient = new Translator(generator, TinyT5.settings(TinyT5.checkpoint(), 4, 4096));
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:h2:mem:t5_stop");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t5_pets (id INT PRIMARY KEY, name VARCHAR(20), age INT)");
            String key = "jdbc:h2:mem:t5_stop\u0000";
            long started = System.nanoTime();
            SQLException timeout = assertThrows(SQLException.class, () -> patient.translate("how old is Rex?", c, key,
                    GenerationControl.withTimeout(200)));
            assertEquals("HYT00", timeout.getSQLState(), timeout.getMessage());
            assertTrue(System.nanoTime() - started < 10_000_000_000L, "stopped within a step, not at the end");

            GenerationControl control = GenerationControl.withTimeout(60_000);
            Thread canceller = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                control.cancel();
            });
            canceller.start();
            SQLException cancelled = assertThrows(SQLException.class,
                    () -> patient.translate("how old is Tom?", c, key, control));
            assertEquals("HY008", cancelled.getSQLState(), cancelled.getMessage());
            canceller.join();
        }
    }

    @Test
    void everyFinishedBeamPassesTheCheckerAndTheDatabaseIdIsRemoved() throws Exception {
        try (Connection c = TestDatabases.spider("concert_singer")) {
            var schema = SchemaReader.withoutSamples().read(c);
            PrefixChecker checker = PrefixChecker.of(schema, SchemaReader.styleOf(c));
            PicardBeamSearch search = new PicardBeamSearch(T5Vocabulary.read(TinyT5.tokenizerJson(), 1), 4, 4, 96);
            String input = PicardInput.serialize("Which singers are older than 30?", "concert_singer",
                    schema, java.util.List.of());
            try (T5Model.Decoding d = generator.model().start(generator.inputIds(input))) {
                PicardBeamSearch.Outcome outcome = search.search(d, 0, "concert_singer", checker,
                        GenerationControl.withTimeout(60_000));
                assertFalse(outcome.results().isEmpty());
                assertTrue(outcome.results().size() <= 4);
                double previous = Double.POSITIVE_INFINITY;
                for (PicardBeamSearch.Result r : outcome.results()) {
                    assertTrue(checker.accepts(r.sql()), r.sql());
                    assertFalse(r.sql().startsWith("concert_singer"), r.sql());
                    assertTrue(r.score() <= previous);
                    previous = r.score();
                }
            }
        }
    }

    /** The random model reads thousands of tokens down its ranking per step: every batch of the selection is used. */
    @Test
    void thePartialRankingFindsTheSameBeamsAsAFullSortOfTheVocabulary() throws Exception {
        try (Connection c = TestDatabases.spider("concert_singer")) {
            var schema = SchemaReader.withoutSamples().read(c);
            PrefixChecker checker = PrefixChecker.of(schema, SchemaReader.styleOf(c));
            T5Vocabulary vocabulary = T5Vocabulary.read(TinyT5.tokenizerJson(), 1);
            for (int beams : new int[] {1, 4}) {
                PicardBeamSearch partial = new PicardBeamSearch(vocabulary, beams, beams, 48);
                PicardBeamSearch full = new PicardBeamSearch(vocabulary, beams, beams, 48, FullSortRanking::rank);
                for (String question : new String[] {"How many singers do we have?", "List the concerts in 2014."}) {
                    String input = PicardInput.serialize(question, "concert_singer", schema, java.util.List.of());
                    PicardBeamSearch.Outcome expected;
                    PicardBeamSearch.Outcome actual;
                    try (T5Model.Decoding d = generator.model().start(generator.inputIds(input))) {
                        expected = full.search(d, 0, "concert_singer", checker, GenerationControl.withTimeout(120_000));
                    }
                    try (T5Model.Decoding d = generator.model().start(generator.inputIds(input))) {
                        actual = partial.search(d, 0, "concert_singer", checker,
                                GenerationControl.withTimeout(120_000));
                    }
                    assertFalse(expected.results().isEmpty());
                    assertTrue(expected.checks() > 64 * expected.steps(), "reads past the first batch");
                    assertEquals(expected, actual, question + ", " + beams + " beams");
                }
            }
        }
    }
}
