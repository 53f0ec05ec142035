package dev.nl2sql.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coverage command on the first Spider dev questions: the report has its figures, within their targets. */
class CoverageCommandTest {

    private static final Path SPIDER = Path.of("../../shared/benchmarks/spider-dev");

    @Test
    void reportsCoverageAndMutantsOnSpider(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isRegularFile(SPIDER.resolve("dev.json")), "Spider dev is not beside the project");
        Path out = dir.resolve("coverage.json");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int status = CoverageCommand.run(new String[] {"--questions", SPIDER.resolve("dev.json").toString(),
            "--tables", SPIDER.resolve("tables.json").toString(), "--db-dir", SPIDER.resolve("database").toString(),
            "--out", out.toString(), "--limit", "60"}, new PrintStream(stdout), System.err);
        assertEquals(0, status, stdout.toString());
        JsonNode report = new ObjectMapper().readTree(out.toFile());
        assertEquals(60, report.get("questions_measured").asInt());
        assertTrue(report.get("gold_coverage_grammar").asDouble() >= 0.995, report.toString());
        assertTrue(report.get("gold_coverage_checker").asDouble() >= 0.995, report.toString());
        assertTrue(report.get("mutants").asInt() > 100);
        assertTrue(report.get("mutants_rejected").asDouble() >= 0.99, report.toString());
        assertEquals(report.get("questions_measured").asInt() - report.get("gold_accepted_both").asInt(),
                report.get("refused").size(), "every refused gold query is listed");
        assertTrue(Files.readString(dir.resolve("coverage.md")).contains("| gold accepted by both |"));
    }

    @Test
    void refusesUnknownOptionsWithUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, CoverageCommand.run(new String[] {"--nope", "x"}, System.out, new PrintStream(err)));
        assertTrue(err.toString().contains("Usage: coverage"));
    }
}
