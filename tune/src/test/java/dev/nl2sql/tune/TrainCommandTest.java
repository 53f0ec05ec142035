package dev.nl2sql.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.engine.t5.RandomT5Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop from the command line on a Spider database and a random tiny T5: the training set is written, a
 * few steps train the model, validation accuracy is scored through the driver, and the result loads through JDBC.
 */
class TrainCommandTest {

    @TempDir
    static Path shared;

    /** The answering fixture: it stops at the first complete query, so a few training steps leave it answering. */
    private static Path base;
    /** Hugging Face's initialisation, to learn from. */
    private static Path trainingBase;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void writeBase() throws Exception {
        base = shared.resolve("tiny");
        String models = System.getProperty("NL2SQL_TEST_MODELS_DIR", System.getenv("NL2SQL_TEST_MODELS_DIR"));
        Path tokenizer = Path.of(models != null ? models : "../../shared/models").resolve("t5-small")
                .resolve("tokenizer.json");
        RandomT5Checkpoint.write(base, tokenizer, RandomT5Checkpoint.shape("tiny"), 7);
        trainingBase = shared.resolve("tiny-training");
        RandomT5Checkpoint.writeForTraining(trainingBase, tokenizer, RandomT5Checkpoint.shape("tiny"), 7);
    }

    private int run(String... args) {
        return TuneCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String url() {
        String dir = System.getProperty("NL2SQL_SPIDER_DIR", System.getenv("NL2SQL_SPIDER_DIR"));
        return "jdbc:nl2sql:jdbc:sqlite:" + Path.of(dir != null ? dir : "../../shared/benchmarks/spider-dev")
                .resolve("database/concert_singer/concert_singer.sqlite").toAbsolutePath() + "?open_mode=1";
    }

    @Test
    void trainsALoraAdapterScoresItThroughTheDriverAndTheAdapterAnswers(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("adapter");
        int status = run("train", "--url", url(), "-p", "nl2sql.memory=off", "--base", base.toString(), "--out",
                target.toString(), "--epochs", "1", "--max-steps", "3", "--batch", "4", "--beams", "1",
                "--max-pairs", "60");
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("epoch 1: train loss") && printed.contains("accuracy 0."), printed);
        assertTrue(printed.contains("-Dnl2sql.adapter=" + target.toAbsolutePath()), printed);
        assertTrue(Files.isRegularFile(target.resolve("data/t5/train.jsonl")));
        List<String> curve = Files.readAllLines(target.resolve("loss.csv"));
        assertEquals(4, curve.size(), "a header and one line per step: " + curve);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("step 1/"), "progress line on standard error");
        JsonNode card = new ObjectMapper().readTree(target.resolve("adapter.json").toFile());
        assertTrue(card.toString().contains("concert_singer"), card.toString());

        // the adapter is what a user points nl2sql at: a question is answered with it through JDBC
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "t5");
        p.setProperty("nl2sql.model", base.toString());
        p.setProperty("nl2sql.adapter", target.toString());
        p.setProperty("nl2sql.device", "cpu");
        p.setProperty("nl2sql.beams", "1");
        p.setProperty("nl2sql.memory", "off");
        try (Connection c = DriverManager.getConnection(url(), p); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("NL: How many singers are there?")) {
            assertTrue(rs.getMetaData().getColumnCount() >= 1);
        }
    }

    @Test
    void aModelTrainedOnFourQuestionsAnswersThemThroughTheDriverWithOneBeamOrFour(@TempDir Path dir)
            throws Exception {
        // four questions of the database's own set, trained on until known, then asked back through jdbc:nl2sql:
        assertEquals(0, run("pairs", "--url", url(), "-p", "nl2sql.memory=off", "--out", dir.resolve("all").toString(),
                "--max-pairs", "60"), err.toString(StandardCharsets.UTF_8));
        List<String> distinct = new ArrayList<>();
        Set<String> groups = new HashSet<>();
        for (String line : Files.readAllLines(dir.resolve("all/t5/train.jsonl"))) {
            String group = new ObjectMapper().readTree(line).get("group").asText();
            if (groups.add(group) && distinct.size() < 4) {
                distinct.add(line);
            }
        }
        assertEquals(4, distinct.size());
        Path set = Files.createDirectories(dir.resolve("four/t5"));
        Files.write(set.resolve("train.jsonl"), distinct);
        Files.write(set.resolve("validation.jsonl"), distinct);
        for (String beams : List.of("1", "4")) {
            out.reset();
            assertEquals(0, run("train", "--url", url(), "-p", "nl2sql.memory=off", "--base",
                    trainingBase.toString(), "--out", dir.resolve("model-" + beams).toString(), "--data",
                    dir.resolve("four").toString(),
                    "--full", "--lr", "1e-2", "--batch", "4", "--epochs", "150", "--patience", "150", "--score",
                    "end", "--schedule", "constant", "--dropout", "0", "--beams", beams),
                    err.toString(StandardCharsets.UTF_8));
            String printed = out.toString(StandardCharsets.UTF_8);
            // every question asked back is answered with its own query's rows: with four beams too, where an
            // unlikely end that the checker allows must not end the search first
            assertTrue(printed.contains("accuracy with the kept weights: 1.000"), beams + " beams: " + printed);
        }
    }

    @Test
    void resumesFromItsCheckpointWithTheSameTrainingSet(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("full");
        String[] common = {"train", "--url", url(), "-p", "nl2sql.memory=off", "--base", base.toString(), "--out",
            target.toString(), "--full", "--batch", "4", "--checkpoint-every", "2", "--score", "none",
            "--max-pairs", "60", "--epochs", "1"};
        assertEquals(0, run(concat(common, "--max-steps", "2")), err.toString(StandardCharsets.UTF_8));
        long written = Files.getLastModifiedTime(target.resolve("data/t5/train.jsonl")).toMillis();
        out.reset();
        assertEquals(0, run(concat(common, "--max-steps", "4", "--resume")), err.toString(StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("\n4 steps, "), "the resumed run counts the steps before it: " + printed);
        assertEquals(written, Files.getLastModifiedTime(target.resolve("data/t5/train.jsonl")).toMillis(),
                "a resumed run keeps its training set");
        assertTrue(Files.isRegularFile(target.resolve("model.safetensors")), "full fine-tuning keeps a checkpoint");
        assertTrue(printed.contains("-Dnl2sql.model=" + target.toAbsolutePath()), printed);
    }

    @Test
    void aWrongCheckpointAndBadOptionsAreClearErrors(@TempDir Path dir) throws Exception {
        Path notACheckpoint = Files.createDirectories(dir.resolve("empty"));
        int status = run("train", "--url", url(), "-p", "nl2sql.memory=off", "--base", notACheckpoint.toString(),
                "--out", dir.resolve("o").toString(), "--max-pairs", "60", "--score", "none");
        assertEquals(1, status);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains(notACheckpoint.toString()) && message.contains("config.json"), message);

        assertEquals(2, run("train", "--url", url(), "--base", base.toString(), "--out", dir.toString(),
                "--schedule", "sideways"));
        assertEquals(2, run("train", "--url", url(), "--base", base.toString(), "--out", dir.toString(),
                "--score", "sometimes"));
        assertEquals(2, run("train", "--url", url(), "--base", base.toString(), "--out", dir.toString(),
                "--rank", "0"));
        assertEquals(1, run("train", "--url", url(), "--base", base.toString(), "--out", dir.toString(),
                "--data", dir.resolve("nothing").toString()));
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
