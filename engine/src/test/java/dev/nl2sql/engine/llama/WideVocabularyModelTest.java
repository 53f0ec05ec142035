package dev.nl2sql.engine.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.engine.EngineSettingsBuilder;
import dev.nl2sql.engine.Generation;
import dev.nl2sql.engine.GenerationControl;
import dev.nl2sql.engine.GenerationRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 128k-token fixture of the grammar sampling benchmark: a file llama.cpp loads, with the base vocabulary kept. */
class WideVocabularyModelTest {

    @TempDir
    static Path dir;

    private static Path base;
    private static Path wide;

    @BeforeAll
    static void write() throws IOException {
        base = LlamaSqlGeneratorTest.models().resolve("llama-2-tiny-random.gguf");
        wide = WideVocabularyModel.write(base, WideVocabularyModel.LLAMA3_VOCABULARY, dir.resolve("wide.gguf"), 1);
    }

    @Test
    void keepsTheBaseVocabularyAndAddsDistinctJoinedPieces() throws IOException {
        GgufFile original = GgufFile.read(base);
        GgufFile widened = GgufFile.read(wide);
        List<String> before = original.strings("tokenizer.ggml.tokens");
        List<String> after = widened.strings("tokenizer.ggml.tokens");
        assertEquals(128_256, after.size());
        assertEquals(before, after.subList(0, before.size()));
        assertEquals(after.size(), new HashSet<>(after).size(), "no token twice");
        for (String added : after.subList(before.size(), after.size())) {
            assertTrue(added.length() >= 2 && added.replaceFirst("^\u2581+", "").indexOf('\u2581') < 0, added);
        }
        for (String name : List.of("token_embd.weight", "output.weight")) {
            GgufFile.Tensor t = widened.tensor(name);
            assertArrayEquals(new long[] {8, 128_256}, t.shape(), name);
            byte[] kept = original.tensor(name).data();
            assertArrayEquals(kept, java.util.Arrays.copyOf(t.data(), kept.length), name + ": base rows kept");
        }
        assertArrayEquals(original.tensor("blk.0.attn_q.weight").data(), widened.tensor("blk.0.attn_q.weight").data());
        assertEquals(128_256, ((GgufFile.ArrayValue) widened.metadata().get("tokenizer.ggml.scores").value())
                .elements().size());
    }

    @Test
    void sameSeedSameFile() throws IOException {
        Path again = WideVocabularyModel.write(base, 40_000, dir.resolve("again.gguf"), 7);
        Path other = WideVocabularyModel.write(base, 40_000, dir.resolve("other.gguf"), 7);
        assertArrayEquals(Files.readAllBytes(again), Files.readAllBytes(other));
        assertThrows(IllegalArgumentException.class,
                () -> WideVocabularyModel.write(base, 31_999, dir.resolve("small.gguf"), 1));
    }

    @Test
    void halfPrecisionRoundTrips() {
        for (float v : new float[] {0f, 1f, -2.5f, 0.0999755859375f, 65504f, -0.00006103515625f}) {
            assertEquals(v, WideVocabularyModel.halfToFloat(WideVocabularyModel.floatToHalf(v)), 0f, "" + v);
        }
        assertEquals(0.0999755859375f, WideVocabularyModel.halfToFloat(WideVocabularyModel.floatToHalf(0.1f)), 0f);
    }

    @Test
    void llamaCppLoadsItAndSamplesUnderAGrammar() throws SQLException {
        LlamaSqlGenerator generator = LlamaModels.forSettings(EngineSettingsBuilder.engine("llama")
                .model(wide.toString()).modelsDir(dir).maxTokens(64).build());
        Generation g = generator.generate(new GenerationRequest("You write SQL.", "How many singers?",
                "root ::= \"SELECT \" (\"name\" | \"age\") \" FROM singer\"\n", GenerationControl.withTimeout(60_000)));
        assertTrue(g.text().matches("SELECT (name|age) FROM singer"), g.text());
    }
}
