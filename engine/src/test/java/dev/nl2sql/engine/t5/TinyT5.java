package dev.nl2sql.engine.t5;

import dev.nl2sql.engine.EngineSettings;
import dev.nl2sql.engine.EngineSettingsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tests' T5: random weights over the real T5 vocabulary, written once per test JVM. */
public final class TinyT5 {

    private static Path dir;

    private TinyT5() {
    }

    public static Path tokenizerJson() {
        String configured = System.getenv("NL2SQL_TEST_MODELS_DIR");
        Path models = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("../../shared/models");
        return models.resolve("t5-small").resolve("tokenizer.json");
    }

    public static synchronized Path checkpoint() {
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

    public static EngineSettings settings(Path model, int beams, int maxTokens) {
        return EngineSettingsBuilder.engine("t5").model(model.toString()).contextSize(512).maxTokens(maxTokens)
                .schemaPromptChars(6000).t5(new EngineSettings.T5(beams, beams, "cpu", "fp32", 512)).build();
    }
}
