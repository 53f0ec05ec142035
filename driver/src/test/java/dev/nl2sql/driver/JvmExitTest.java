package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program whose main asks a question and returns must end by itself: no thread of the library may keep the JVM
 * alive. llama.cpp's native thread is non-daemon (kherud/java-llama.cpp#116); the driver's exit guard ends the JVM
 * when only that thread is left. The bound is a liveness one, not a timing one.
 */
class JvmExitTest {

    private static final long BOUND_SECONDS = 120;

    private static String h2() {
        return "jdbc:nl2sql:h2:mem:exit" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    }

    @Test
    void aProgramThatAsksTheTinyModelAndReturnsExits(@TempDir Path dir) throws Exception {
        Result result = run(dir, h2(), "how many customers are there?", "nl2sql.model=" + TestModels.stories()
                .toAbsolutePath(), "nl2sql.threads=1", "nl2sql.contextSize=2048", "nl2sql.schemaPromptChars=900",
                "nl2sql.maxTokens=64");
        assertEquals(0, result.status(), result.output());
        assertTrue(result.output().contains("answered") || result.output().contains("asked: 42"), result.output());
    }

    @Test
    void aProgramWhoseMainFailsAfterAQuestionExitsWithStatusOne(@TempDir Path dir) throws Exception {
        Result result = run(dir, h2(), "how many customers are there?", "nl2sql.model=" + TestModels.stories()
                .toAbsolutePath(), "nl2sql.threads=1", "nl2sql.contextSize=2048", "nl2sql.schemaPromptChars=900",
                "nl2sql.maxTokens=64", "fail");
        assertEquals(1, result.status(), "as the launcher would report it: " + result.output());
    }

    @Test
    void aProgramThatAsksTheReplayEngineAndReturnsExits(@TempDir Path dir) throws Exception {
        Path replay = Files.writeString(dir.resolve("q.tsv"), "How many customers?\tSELECT COUNT(*) FROM customers\n");
        Result result = run(dir, h2(), "How many customers?", "nl2sql.engine=replay",
                "nl2sql.replay=" + replay.toAbsolutePath());
        assertEquals(0, result.status(), result.output());
        assertTrue(result.output().contains("answered"), result.output());
    }

    private record Result(int status, String output) {
    }

    private static Result run(Path dir, String url, String question, String... properties) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), AskAndReturn.class.getName(), url,
                question));
        command.addAll(List.of(properties));
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = child.waitFor(BOUND_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        assertTrue(exited, "the child JVM did not exit by itself within " + BOUND_SECONDS + " s:\n" + output);
        return new Result(child.exitValue(), output);
    }
}
