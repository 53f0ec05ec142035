package dev.nl2sql.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code values}: reads a generated schema's value index whole, the same on every repeat, and reports it. */
class ValuesCommandTest {

    @Test
    void readsTheGeneratedSchemaWholeAndAlike(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("values.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Bench.run(new String[] {"values", "--spider", "none", "--synthetic", "66", "--repeat", "2",
            "--busy", "1", "--out", report.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertEquals(0, status, out.toString(StandardCharsets.UTF_8));
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertTrue(json.get("all_reads_agreed").asBoolean());
        JsonNode db = json.get("databases").get(0);
        assertEquals(db.get("text_columns").asInt(), db.get("columns_read").asInt());
        assertEquals(0, db.get("columns_skipped").asInt());
        assertTrue(db.get("values").asInt() > 0);
    }
}
