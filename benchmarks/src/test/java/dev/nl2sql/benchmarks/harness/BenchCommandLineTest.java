package dev.nl2sql.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The harness's command line: options refused where they do not belong, help, driver properties. */
class BenchCommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int bench(String... args) {
        out.reset();
        err.reset();
        return Bench.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unknownOptionsAreRefusedByEverySubcommand() {
        for (String subcommand : List.of("spider", "coverage", "gold-replay", "predictions", "linking", "load", "t5", "values")) {
            assertEquals(2, bench(subcommand, "--verbose"), subcommand);
            assertTrue(err().contains("Unknown option: '--verbose'"), subcommand + ": " + err());
        }
    }

    @Test
    void optionsOfAnotherSubcommandOrBeforeTheSubcommandAreRefused() {
        assertEquals(2, bench("values", "--url", "jdbc:nl2sql:h2:mem:x"));
        assertTrue(err().contains("values: Unknown options: '--url'"), err());
        assertEquals(2, bench("--limit", "5", "spider"));
        assertEquals(2, bench("spider", "--limit", "--seed", "1"));
        assertTrue(err().contains("--limit"), err());
        assertEquals(2, bench("gold-replay", "-Dnl2sql.engine=replay"), "gold-replay opens no nl2sql connection");
    }

    @Test
    void badValuesAreUsageErrors() {
        assertEquals(2, bench("spider", "--limit", "many"));
        assertEquals(2, bench("spider", "-Dnl2sql.model"));
        assertTrue(err().contains("KEY=VALUE") || err().contains("key=value"), err());
        assertEquals(2, bench("load"));
        assertTrue(err().contains("--url"), err());
        assertEquals(2, bench("values", "--repeat", "0"));
        assertTrue(err().contains("--repeat must be at least 1"), err());
        assertEquals(2, bench("spider", "--db", "a,,b"));
    }

    @Test
    void helpListsTheSubcommandsAndTheirOptions() {
        assertEquals(0, bench("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String name : List.of("spider", "coverage", "gold-replay", "predictions", "linking", "load", "t5", "values",
                "--version")) {
            assertTrue(help.contains(name), help);
        }
        assertEquals(0, bench("spider", "--help"));
        help = out.toString(StandardCharsets.UTF_8);
        for (String option : List.of("--questions", "--tables", "--db-dir", "--out", "--db", "--seed", "--limit",
                "--timeout", "--pipelines", "--predictions", "-D, --prop", "--no-warmup", "--help")) {
            assertTrue(help.contains(option), option + " in " + help);
        }
        assertEquals(0, bench("help", "load"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--threads"));
        assertEquals(0, bench("--version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("nl2sql-bench "));
        assertFalse(err().contains("Exception"), err());
    }

    @Test
    void driverPropertiesComeAsDashDOrProp() {
        SpiderCommand spider = new SpiderCommand();
        new CommandLine(spider).parseArgs("-Dnl2sql.model=a.gguf", "--prop", "nl2sql.threads=2",
                "--prop=nl2sql.engine=replay", "-Dopen_mode=1");
        assertEquals("a.gguf", spider.driver.connectionProperties().getProperty("nl2sql.model"));
        assertEquals("2", spider.driver.connectionProperties().getProperty("nl2sql.threads"));
        assertEquals("replay", spider.driver.connectionProperties().getProperty("nl2sql.engine"));
        assertTrue(spider.driver.given("open_mode"));
    }
}
