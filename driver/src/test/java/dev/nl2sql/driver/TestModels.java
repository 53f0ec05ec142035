package dev.nl2sql.driver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The small real models in {@code ../shared/models} (beside the project; {@code NL2SQL_TEST_MODELS_DIR} points
 * elsewhere) and driver properties that run them fast on a 2-core machine. Tests never download a model.
 */
public final class TestModels {

    private TestModels() {
    }

    public static Path dir() {
        String configured = System.getenv("NL2SQL_TEST_MODELS_DIR");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("../../shared/models");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("Test models not found at " + dir.toAbsolutePath()
                    + ": set NL2SQL_TEST_MODELS_DIR to the shared/models folder");
        }
        return dir;
    }

    public static Path stories() {
        return dir().resolve("stories260K.gguf");
    }

    /**
     * stories260K: 1 thread (more is slower on 2 cores), its trained context of 2048 tokens, and a schema
     * description small enough to leave room for the answer (its vocabulary is mostly single characters).
     */
    public static Properties storiesProperties() {
        Properties p = new Properties();
        p.setProperty("nl2sql.model", stories().toString());
        p.setProperty("nl2sql.threads", "1");
        p.setProperty("nl2sql.contextSize", "2048");
        p.setProperty("nl2sql.schemaPromptChars", "900");
        p.setProperty("nl2sql.maxTokens", "512");
        return p;
    }

    public static Path spiderDatabase(String id) {
        String configured = System.getenv("NL2SQL_SPIDER_DIR");
        Path root = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of("../../shared/benchmarks/spider-dev");
        return root.resolve("database").resolve(id).resolve(id + ".sqlite");
    }
}
