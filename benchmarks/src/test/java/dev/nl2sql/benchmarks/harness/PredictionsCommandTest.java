package dev.nl2sql.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CI slice of the predictions command: one published prediction file on one database's questions. */
class PredictionsCommandTest {

    @TempDir
    Path tmp;

    private JsonNode predictions(String... args) throws Exception {
        Path report = tmp.resolve("report.json");
        List<String> line = new ArrayList<>(List.of("predictions", "--spider-dir", SpiderData.dir().toString(),
                "--out", report.toString()));
        line.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Bench.run(line.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        return new ObjectMapper().readTree(report.toFile());
    }

    @Test
    void countsAddUpAndGoldReplaysPerfectlyOnOneDatabase() throws Exception {
        // concert_singer: the first 45 dev questions, among them dev 38, which DTS-SQL answers with a forward alias.
        JsonNode report = predictions("--db", "concert_singer", "--file", "dts-sql-deepseek.sql");
        JsonNode files = report.get("files");
        assertEquals(2, files.size());
        JsonNode gold = files.get(0);
        assertEquals("gold", gold.get("file").asText());
        int questions = gold.get("questions").asInt();
        assertEquals(45, questions);
        assertEquals(questions, gold.get("correct_direct").asInt(), "gold SQL is correct run directly");
        assertEquals(questions, gold.get("correct_driver").asInt(), "gold replay through the driver is 100%");
        assertEquals(0, gold.get("lost").asInt());

        JsonNode model = files.get(1);
        assertEquals(questions, model.get("questions").asInt());
        int direct = model.get("correct_direct").asInt();
        int driver = model.get("correct_driver").asInt();
        int lost = model.get("lost").asInt();
        int rescued = model.get("rescued").asInt();
        assertEquals(driver, direct - lost + rescued);
        assertEquals(direct, model.get("correct_both").asInt() + lost);
        assertEquals(questions, direct + rescued + model.get("correct_neither").asInt());
        assertEquals(lost, model.get("lost_answers").size());
        assertEquals(rescued, model.get("rescued_answers").size());
        assertTrue(direct > questions / 2, "a real model's predictions are mostly correct: " + direct);
        for (JsonNode answer : model.get("lost_answers")) {
            assertEquals("concert_singer", answer.get("db").asText());
            assertTrue(answer.get("index").asInt() < 45);
            assertTrue(!answer.get("message").asText().isEmpty());
        }
    }

    @Test
    void aWrongOrMissingPredictionIsWrongBothWays(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        for (SpiderDataset.Question q : SpiderDataset.load(SpiderData.devJson()).subList(0, 4)) {
            lines.add(q.goldSql());
        }
        lines.set(1, "SELECT 42"); // runs, but answers something else
        lines.set(2, ""); // no prediction: the driver is asked and finds no line
        Path file = dir.resolve("mine.sql");
        Files.write(file, lines, StandardCharsets.UTF_8);
        JsonNode model = predictions("--limit", "4", "--no-gold", "--file", file.toString()).get("files").get(0);
        assertEquals(4, model.get("questions").asInt());
        assertEquals(2, model.get("correct_direct").asInt());
        assertEquals(2, model.get("correct_driver").asInt());
        assertEquals(0, model.get("lost").asInt());
        assertEquals(0, model.get("rescued").asInt());
    }
}
