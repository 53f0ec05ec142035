package dev.nl2sql.engine.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.engine.EngineSettings;
import dev.nl2sql.engine.EngineSettingsBuilder;
import dev.nl2sql.engine.GenerationControl;
import dev.nl2sql.engine.GenerationRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nl2sql.loraAdapter on the real stories260K model with adapters written here: one whose effect is known (it swaps two
 * tokens' logits) changes the answer as predicted at each scale, and every kind of wrong adapter file is a clear
 * SQLException before llama.cpp sees it, several of which would otherwise abort the JVM (all run in one test JVM,
 * which then goes on loading and answering).
 */
class LoraAdapterTest {

    /** The first token must be one of two single-letter tokens: the one the model prefers is the answer. */
    private static final String EITHER_LETTER = "root ::= \"S\" | \"Q\"\n";

    @TempDir
    static Path dir;
    private static GgufFile stories;
    private static Path swap;

    @BeforeAll
    static void writeTheSwapAdapter() throws IOException {
        stories = GgufFile.read(model());
        List<String> vocabulary = stories.strings("tokenizer.ggml.tokens");
        swap = TokenSwapAdapter.of(stories, vocabulary.indexOf("S"), vocabulary.indexOf("Q"))
                .write(dir.resolve("swap-s-q.gguf"));
    }

    private static Path model() {
        return LlamaSqlGeneratorTest.models().resolve("stories260K.gguf");
    }

    private static EngineSettings settings(Path adapter, float scale) {
        EngineSettingsBuilder b = EngineSettingsBuilder.engine("llama").model(model().toString())
                .modelsDir(LlamaSqlGeneratorTest.models()).maxTokens(4);
        return (adapter == null ? b : b.loraAdapter(adapter, scale)).build();
    }

    private static String firstLetter(EngineSettings settings) throws SQLException {
        return LlamaModels.forSettings(settings).generate(new GenerationRequest("You answer with one letter.",
                "Which letter?", EITHER_LETTER, GenerationControl.withTimeout(60_000))).text();
    }

    private static String other(String letter) {
        return letter.equals("S") ? "Q" : "S";
    }

    @Test
    void theAdapterSwapsTheModelsChoiceAndItsScaleWeighsIt() throws SQLException {
        String base = firstLetter(settings(null, 1f));
        assertTrue(base.equals("S") || base.equals("Q"), base);
        assertEquals(other(base), firstLetter(settings(swap, 1f)), "the adapter turns the preference around");
        assertEquals(other(base), firstLetter(settings(swap, 2f)), "twice as strong: still turned around");
        assertEquals(base, firstLetter(settings(swap, 0.25f)), "a quarter moves the logits, not past each other");
        assertEquals(base, firstLetter(settings(swap, 0f)), "scale 0 is the model's own answer");
        assertNotSame(LlamaModels.forSettings(settings(swap, 1f)), LlamaModels.forSettings(settings(swap, 0.25f)),
                "one loaded model per adapter and scale");
    }

    @Test
    void theScaledCopyIsDeletedOnceLoaded() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = scaledCopies(tmp);
        Path other = Files.copy(swap, dir.resolve("swap-again.gguf"));
        assertNotEquals("", firstLetter(settings(other, 0.75f)));
        assertEquals(before, scaledCopies(tmp));
    }

    private static long scaledCopies(Path tmp) throws IOException {
        try (var files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("nl2sql-lora-")).count();
        }
    }

    @Test
    void aMissingAdapterFileIsNamed() {
        assertRefused(dir.resolve("nowhere.gguf"), 1f, "does not exist");
        assertRefused(dir.resolve("a.gguf,b.gguf"), 1f, "llama-export-lora");
    }

    @Test
    void aFileThatIsNotGgufIsRefused() throws IOException {
        assertRefused(Files.writeString(dir.resolve("adapter_model.safetensors"), "{\"not\": \"gguf\"}"), 1f,
                "is not a complete GGUF file");
        byte[] whole = Files.readAllBytes(swap);
        assertRefused(Files.write(dir.resolve("cut.gguf"), java.util.Arrays.copyOf(whole, 200)), 1f,
                "is not a complete GGUF file");
    }

    @Test
    void aModelGivenAsTheAdapterIsRefused() {
        assertRefused(model(), 1f, "has no general.type");
    }

    @Test
    void anAdapterForAnotherArchitectureIsRefused() throws IOException {
        assertRefused(changed(a -> a.putString("general.architecture", "qwen2")), 1f,
                "was made for the architecture 'qwen2', but the model");
    }

    @Test
    void anAdapterOfAnotherKindIsRefused() throws IOException {
        assertRefused(changed(a -> a.putString("adapter.type", "control_vector")), 1f, "'control_vector' adapter");
    }

    @Test
    void anAdapterForAnotherShapeIsRefused() throws IOException {
        GgufFile narrow = new GgufFile().putString("general.type", "adapter").putString("general.architecture", "llama")
                .putString("adapter.type", "lora").putFloat32("adapter.lora.alpha", 1f)
                .add(GgufFile.Tensor.f32("output.weight.lora_a", new long[] {32, 1}, new float[32]))
                .add(GgufFile.Tensor.f32("output.weight.lora_b", new long[] {1, 512}, new float[512]));
        assertRefused(narrow.write(dir.resolve("narrow.gguf")), 1f, "does not fit the model");
    }

    @Test
    void halvesOfTheEmbeddingsPairThatDisagreeOnTheRankAreRefused() throws IOException {
        // llama.cpp checks the rank of other pairs, but not of token_embd's, and ggml then aborts the process in the
        // matrix product: lora_a [rank 2, vocabulary], lora_b [rank 1, embedding]
        GgufFile uneven = new GgufFile().putString("general.type", "adapter").putString("general.architecture", "llama")
                .putString("adapter.type", "lora").putFloat32("adapter.lora.alpha", 1f)
                .add(GgufFile.Tensor.f32("token_embd.weight.lora_a", new long[] {2, 512}, new float[1024]))
                .add(GgufFile.Tensor.f32("token_embd.weight.lora_b", new long[] {1, 64}, new float[64]));
        assertRefused(uneven.write(dir.resolve("uneven.gguf")), 1f, "does not fit the model");
    }

    @Test
    void anAdapterForATensorTheModelLacksIsRefused() throws IOException {
        GgufFile deeper = new GgufFile().putString("general.type", "adapter").putString("general.architecture", "llama")
                .putString("adapter.type", "lora").putFloat32("adapter.lora.alpha", 1f)
                .add(GgufFile.Tensor.f32("blk.9.attn_q.weight.lora_a", new long[] {64, 1}, new float[64]))
                .add(GgufFile.Tensor.f32("blk.9.attn_q.weight.lora_b", new long[] {1, 64}, new float[64]));
        assertRefused(deeper.write(dir.resolve("deeper.gguf")), 1f, "which the model");
    }

    @Test
    void valuesOfTheWrongTypeThatWouldAbortLlamaCppAreRefused() throws IOException {
        assertRefused(changed(a -> a.putUint32("general.type", 7)), 1f, "stores general.type as 7");
        assertRefused(changed(a -> a.put("adapter.lora.alpha", GgufFile.UINT32, 16L)), 1f,
                "stores adapter.lora.alpha as Long");
    }

    @Test
    void aScaleNeedsTheAdaptersAlpha() throws IOException, SQLException {
        Path noAlpha = changed(a -> a.metadata().remove("adapter.lora.alpha"));
        SQLException e = assertRefused(noAlpha, 0.5f, "states no adapter.lora.alpha");
        assertEquals("22023", e.getSQLState());
        assertTrue(firstLetter(settings(noAlpha, 1f)).matches("[SQ]"), "at scale 1 it needs no alpha");
    }

    private static Path changed(Consumer<GgufFile> change) throws IOException {
        GgufFile adapter = GgufFile.read(swap);
        change.accept(adapter);
        return adapter.write(Files.createTempFile(dir, "changed-", ".gguf"));
    }

    private static SQLException assertRefused(Path adapter, float scale, String expected) {
        SQLException e = assertThrows(SQLException.class, () -> LlamaModels.forSettings(settings(adapter, scale)),
                adapter.toString());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getSQLState().equals("HY000") || e.getSQLState().equals("22023"), e.getSQLState());
        return e;
    }
}
