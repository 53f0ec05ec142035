package dev.nl2sql.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return TuneCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static Path spider(String db) {
        String dir = System.getProperty("NL2SQL_SPIDER_DIR", System.getenv("NL2SQL_SPIDER_DIR"));
        return Path.of(dir != null ? dir : "../../shared/benchmarks/spider-dev").resolve("database").resolve(db)
                .resolve(db + ".sqlite").toAbsolutePath();
    }

    @Test
    void pairsWritesEveryFileAndSaysWhatItWrote(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("set");
        int status = run("pairs", "--url", "jdbc:nl2sql:jdbc:sqlite:" + spider("concert_singer"), "--out",
                target.toString(), "--seed", "3", "--per-query", "2", "-p",
                "nl2sql.memoryUrl=jdbc:h2:file:" + dir.resolve("memory"));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        for (String file : List.of("t5/train.jsonl", "t5/validation.jsonl", "chat/train.jsonl",
                "chat/validation.jsonl", "spider/train.json", "spider/dev.json", "spider/tables.json",
                "dataset.json")) {
            assertTrue(Files.size(target.resolve(file)) > 0, file);
        }
        JsonNode card = new ObjectMapper().readTree(target.resolve("dataset.json").toFile());
        String line = out.toString(StandardCharsets.UTF_8);
        assertTrue(line.startsWith("concert_singer: " + card.at("/splits/train/pairs").asInt() + " train + "
                + card.at("/splits/validation/pairs").asInt() + " validation pairs"), line);
        assertTrue(line.contains("join=") && line.contains(target.toAbsolutePath().toString()), line);
        assertEquals(3, card.get("seed").asInt());
    }

    @Test
    void aDatabaseThatCannotBeOpenedFailsWithItsMessage(@TempDir Path dir) {
        int status = run("pairs", "--url", "jdbc:nl2sql:nosuchdb://nowhere", "--out", dir.toString());
        assertEquals(1, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error: "), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aUrlThatIsNotNl2sqlAnUnknownOptionAndNoCommandAreUsageErrors(@TempDir Path dir) {
        assertEquals(2, run("pairs", "--url", "jdbc:sqlite:x.db", "--out", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("jdbc:nl2sql:"));
        assertEquals(2, run("pairs", "--url", "jdbc:nl2sql:sqlite:x.db", "--out", dir.toString(), "--bogus"));
        assertEquals(2, run("pairs", "--url", "jdbc:nl2sql:sqlite:x.db", "--out", dir.toString(),
                "--validation", "0.9"));
        assertEquals(2, run());
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("pairs"));
    }
}
