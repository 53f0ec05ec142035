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

/** memory-recall on the whole of Spider dev, with a small timing index: the measured figures must hold. */
class MemoryRecallCommandTest {

    @TempDir
    Path tmp;

    @Test
    void reproducesThePartnerCountAndBeatsBm25() throws Exception {
        Path report = tmp.resolve("memory-recall.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Bench.run(new String[] {"memory-recall", "--questions", SpiderData.devJson().toString(),
            "--tables", SpiderData.tablesJson().toString(), "--pairs", "500", "--lookups", "50", "--out",
            report.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertEquals(1034, json.get("questions").asInt());
        assertEquals(966, json.get("with_partner").asInt(), "the issue's count of questions with a partner");
        JsonNode methods = json.get("methods");
        assertEquals(0.7619, methods.get("bm25").get("recall_at_3").asDouble(), 0.01);
        assertTrue(methods.get("pair_index").get("recall_at_3").asDouble() >= 0.9, methods.toString());
        assertTrue(methods.get("pair_index_schema").get("recall_at_3").asDouble() >= 0.9, methods.toString());
        assertEquals(json.get("near_exact").get("answered").asInt(), json.get("near_exact").get("same_query").asInt(),
                "every near-exact answer on dev is the same query");
        assertEquals(500, json.get("lookup").get("pairs").asInt());
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("memory-recall: 966 of 1034"));
    }
}
