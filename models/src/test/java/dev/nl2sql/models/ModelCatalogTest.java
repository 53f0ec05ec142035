package dev.nl2sql.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    @Test
    void builtInCatalogueIsWellFormed() {
        List<ModelCatalog.Entry> entries = ModelCatalog.builtIn().entries();
        assertFalse(entries.isEmpty());
        Set<String> files = new HashSet<>();
        for (ModelCatalog.Entry e : entries) {
            assertEquals("https", e.url().getScheme(), e.id());
            assertEquals("huggingface.co", e.url().getHost(), e.id());
            assertTrue(e.url().getPath().endsWith("/" + e.fileName()), e.id() + ": url must end with the file name");
            assertTrue(e.url().getPath().contains("/resolve/"), e.id());
            assertTrue(e.sizeBytes() > 0, e.id());
            assertTrue(e.sha256().isEmpty() || e.sha256().matches("[0-9a-f]{64}"), e.id());
            // every hash in the catalogue must say where it was found
            assertTrue(!e.hasChecksum() || !e.sha256Source().isBlank(), e.id() + ": sha256 without a source");
            assertFalse(e.licence().isBlank(), e.id());
            assertFalse(e.description().isBlank(), e.id());
            assertTrue(files.add(e.fileName()), "two entries share " + e.fileName());
        }
    }

    @Test
    void knownEntries() {
        ModelCatalog c = ModelCatalog.builtIn();
        ModelCatalog.Entry qwen = c.find("qwen2.5-coder-7b-instruct-q4_k_m").orElseThrow();
        assertEquals(ModelCatalog.ChatTemplate.CHATML, qwen.chatTemplate());
        assertEquals("Qwen2.5-Coder-7B-Instruct-Q4_K_M.gguf", qwen.fileName());
        assertTrue(qwen.hasChecksum());
        ModelCatalog.Entry llama = c.find("LLAMA-3.1-8B-Instruct-Q4_K_M").orElseThrow();
        assertEquals(ModelCatalog.ChatTemplate.LLAMA3, llama.chatTemplate());
        assertTrue(c.find("qwen2.5-coder-1.5b-instruct-q4_k_m").isPresent());
        assertTrue(c.find("no-such-model").isEmpty());
    }

    @Test
    void parsesEntryWithoutChecksum() throws IOException {
        String tsv = "# comment\n\nm1\tm1.gguf\thttps://example.org/m1.gguf\t10\t\tgemma\tMIT\tA model\t\n";
        ModelCatalog c = ModelCatalog.parse(new StringReader(tsv), "test");
        ModelCatalog.Entry e = c.find("m1").orElseThrow();
        assertFalse(e.hasChecksum());
        assertEquals(ModelCatalog.ChatTemplate.GEMMA, e.chatTemplate());
    }

    @Test
    void rejectsMalformedLinesWithTheLineNumber() {
        String good = "m1\tm1.gguf\thttps://example.org/m1.gguf\t10\t\tchatml\tMIT\tA\tsrc\n";
        assertBad(good + "m2\tm2.gguf\thttp://example.org/m2.gguf\t10\t\tchatml\tMIT\tA\tsrc\n", "test:2", "https");
        assertBad("m2\tm2.gguf\thttps://example.org/m2.gguf\t0\t\tchatml\tMIT\tA\tsrc\n", "test:1", "positive");
        assertBad("m2\tm2.gguf\thttps://example.org/m2.gguf\t10\tabc\tchatml\tMIT\tA\tsrc\n", "test:1", "64 hex");
        assertBad("m2\tm2.gguf\thttps://example.org/m2.gguf\t10\t\tvicuna\tMIT\tA\tsrc\n", "test:1", "template");
        assertBad("m2\tm2.gguf\thttps://example.org/m2.gguf\n", "test:1", "9 tab-separated");
        assertBad(good + good, "test:2", "duplicate");
    }

    private static void assertBad(String tsv, String where, String what) {
        IOException e = assertThrows(IOException.class, () -> ModelCatalog.parse(new StringReader(tsv), "test"));
        assertTrue(e.getMessage().startsWith(where), e.getMessage());
        assertTrue(e.getMessage().contains(what), e.getMessage());
    }
}
