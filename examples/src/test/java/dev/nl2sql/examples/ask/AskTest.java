package dev.nl2sql.examples.ask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AskTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int ask(String... args) {
        return Ask.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void plainSqlRunsOnTheSampleShop() {
        assertEquals(0, ask("--sql", "SELECT country, COUNT(*) AS customers FROM customers GROUP BY country "
                + "ORDER BY country"));
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.startsWith("COUNTRY     | CUSTOMERS\n"), table);
        assertTrue(table.contains("Portugal    | 6"), table);
        assertTrue(table.endsWith("(7 rows)\n"), table);
    }

    @Test
    void errorsAreReportedWithTheirSqlState() {
        assertEquals(1, ask("--sql", "SELECT nope FROM customers"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error [42S22]:"), err.toString());
    }

    /** The README's main command: a question about the sample shop, answered by a real local model. */
    @Test
    void aQuestionIsAnsweredWithALocalModel() {
        String models = System.getenv().getOrDefault("NL2SQL_TEST_MODELS_DIR", "../../shared/models");
        System.setProperty("nl2sql.model", models + "/stories260K.gguf");
        System.setProperty("nl2sql.threads", "1");
        System.setProperty("nl2sql.contextSize", "2048");
        System.setProperty("nl2sql.schemaPromptChars", "900");
        System.setProperty("nl2sql.maxTokens", "512");
        try {
            assertEquals(0, ask("How many customers are there in Portugal?"), err.toString(StandardCharsets.UTF_8));
            String notes = err.toString(StandardCharsets.UTF_8);
            assertTrue(notes.contains("answered \"How many customers are there in Portugal?\" with: SELECT"), notes);
            assertTrue(out.toString(StandardCharsets.UTF_8).matches("(?s).*\\(\\d+\\+? rows?\\)\n"), out.toString());
        } finally {
            for (String key : new String[] {"nl2sql.model", "nl2sql.threads", "nl2sql.contextSize",
                "nl2sql.schemaPromptChars", "nl2sql.maxTokens"}) {
                System.clearProperty(key);
            }
        }
    }

    @Test
    void withoutTextItShowsHowToUseIt() {
        assertEquals(2, ask());
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Usage:"));
    }

    /** Before picocli, "--verbose --sql SELECT 1" asked the question "--verbose SELECT 1". */
    @Test
    void unknownOptionsAreRefused() {
        assertEquals(2, ask("--verbose", "--sql", "SELECT 1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Unknown option: '--verbose'"), err.toString());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anOptionWhereAValueBelongsIsRefused() {
        assertEquals(2, ask("--url", "--sql", "SELECT 1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--url"), err.toString());
        assertEquals(2, ask("-D", "--sql", "SELECT 1"));
    }

    @Test
    void textStartingWithADashGoesAfterTheEndOfOptions() {
        assertEquals(0, ask("--sql", "--", "SELECT -1 AS minus_one"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("-1"), out.toString());
    }

    @Test
    void connectionPropertiesComeAsDashD(@TempDir Path dir) throws Exception {
        Path replay = Files.writeString(dir.resolve("answers.tsv"),
                "How many customers are there?\tSELECT COUNT(*) AS customers FROM customers\n");
        assertEquals(0, ask("-Dnl2sql.engine=replay", "-Dnl2sql.replay=" + replay, "How many customers are there?"),
                err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("CUSTOMERS\n"), out.toString());
    }

    @Test
    void helpListsTheOptions() {
        assertEquals(0, ask("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String option : new String[] {"--url", "--sql", "-D", "--help", "--version", "TEXT"}) {
            assertTrue(help.contains(option), help);
        }
        out.reset();
        assertEquals(0, ask("--version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("nl2sql "), out.toString());
    }
}
