package dev.nl2sql.engine.t5;

import dev.nl2sql.engine.EngineSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tests' T5: random weights over the real T5 vocabulary, written once per test JVM. */
final class TinyT5 {

    private static Path dir;

    private TinyT5() {
    }

    static Path tokenizerJson() {
        String configured = System.getenv("NL2SQL_TEST_MODELS_DIR");
        Path models = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("../../shared/models");
        return models.resolve("t5-small").resolve("tokenizer.json");
    }

    static synchronized Path checkpoint() {
        if (dir == null) {
            try {
                Path d = Files.createTempDirectory("tiny-t5");
                RandomT5Checkpoint.write(d, tokenizerJson(), RandomT5Checkpoint.tiny(2, 32), 7);
                d.toFile().deleteOnExit();
                dir = d;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    static EngineSettings settings(Path model, int beams, int maxTokens) {
        return new EngineSettings("t5", model.toString(), null, null, 0, 1, 512, 0f, maxTokens, 1, 6000, 2000, null,
                null, false, EngineSettings.Pipeline.FULL, 3, new EngineSettings.T5(beams, beams, "cpu", "fp32",
                        512));
    }
}
