package dev.nl2sql.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelResolverTest {

    @TempDir
    Path modelsDir;

    @Test
    void existingFilePath() throws IOException {
        Path f = Files.writeString(modelsDir.resolve("x.gguf"), "GGUF");
        assertEquals(f.toAbsolutePath(), ModelResolver.resolve(f.toString(), Path.of("/nonexistent")));
    }

    @Test
    void realSharedModelByPath() throws IOException {
        Path f = TestModels.file("stories260K.gguf");
        assertEquals(f, ModelResolver.resolve(f.toString(), modelsDir));
    }

    @Test
    void catalogueIdThatIsDownloaded() throws IOException {
        Path f = Files.writeString(modelsDir.resolve("Qwen2.5-Coder-1.5B-Instruct-Q4_K_M.gguf"), "GGUF");
        assertEquals(f, ModelResolver.resolve("qwen2.5-coder-1.5b-instruct-q4_k_m", modelsDir));
    }

    @Test
    void catalogueIdNotDownloadedGivesTheDownloadCommand() {
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class,
                () -> ModelResolver.resolve("qwen2.5-coder-7b-instruct-q4_k_m", modelsDir));
        assertTrue(e.getMessage().contains("java -jar nl2sql-models.jar download qwen2.5-coder-7b-instruct-q4_k_m --dir "
                + modelsDir.toAbsolutePath()), e.getMessage());
        assertTrue(e.getMessage().contains("Qwen2.5-Coder-7B-Instruct-Q4_K_M.gguf"), e.getMessage());
    }

    @Test
    void fileNameInsideTheModelsDir() throws IOException {
        Path f = Files.writeString(modelsDir.resolve("my-own.gguf"), "GGUF");
        assertEquals(f.toAbsolutePath(), ModelResolver.resolve("my-own.gguf", modelsDir));
    }

    @Test
    void unknownNameListsTheWaysToNameAModel() {
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class,
                () -> ModelResolver.resolve("gpt-4", modelsDir));
        assertTrue(e.getMessage().contains("not a model in the catalogue"), e.getMessage());
        assertTrue(e.getMessage().contains("path of a .gguf file"), e.getMessage());
        assertTrue(e.getMessage().contains("llama-3.1-8b-instruct-q4_k_m"), e.getMessage());
    }

    @Test
    void missingPathAndBlankAndDirectory() {
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class,
                () -> ModelResolver.resolve("/no/such/model.gguf", modelsDir));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        e = assertThrows(ModelNotFoundException.class, () -> ModelResolver.resolve("  ", modelsDir));
        assertTrue(e.getMessage().startsWith("no model given"), e.getMessage());
        e = assertThrows(ModelNotFoundException.class, () -> ModelResolver.resolve(null, modelsDir));
        e = assertThrows(ModelNotFoundException.class, () -> ModelResolver.resolve(modelsDir.toString(), modelsDir));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void defaultModelsDirFollowsTheSystemProperty() {
        String old = System.getProperty(ModelResolver.MODELS_DIR_PROPERTY);
        try {
            System.setProperty(ModelResolver.MODELS_DIR_PROPERTY, modelsDir.toString());
            assertEquals(modelsDir, ModelResolver.defaultModelsDir());
            System.setProperty(ModelResolver.MODELS_DIR_PROPERTY, "~/m");
            assertEquals(Path.of(System.getProperty("user.home"), "m"), ModelResolver.defaultModelsDir());
            System.clearProperty(ModelResolver.MODELS_DIR_PROPERTY);
            if (System.getenv(ModelResolver.MODELS_DIR_ENV) == null) {
                assertEquals(Path.of(System.getProperty("user.home"), ".cache", "nl2sql", "models"),
                        ModelResolver.defaultModelsDir());
            }
        } finally {
            if (old == null) {
                System.clearProperty(ModelResolver.MODELS_DIR_PROPERTY);
            } else {
                System.setProperty(ModelResolver.MODELS_DIR_PROPERTY, old);
            }
        }
    }
}
