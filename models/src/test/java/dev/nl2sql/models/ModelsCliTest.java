package dev.nl2sql.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCliTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ModelsCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void list() {
        assertEquals(0, run("list"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("qwen2.5-coder-7b-instruct-q4_k_m"));
    }

    @Test
    void inspectRealFile() {
        assertEquals(0, run("inspect", TestModels.file("stories260K.gguf").toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("architecture:   llama"), text);
        assertTrue(text.contains("context length: 2048"), text);
    }

    @Test
    void inspectBadFileFails() throws Exception {
        Path f = Files.writeString(tmp.resolve("x.gguf"), "nope");
        assertEquals(1, run("inspect", f.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not a GGUF file"));
    }

    @Test
    void usageErrors() {
        assertEquals(2, run());
        assertEquals(2, run("frobnicate"));
        assertEquals(2, run("download"));
        assertEquals(2, run("download", "no-such-model", "--dir", tmp.toString()));
        assertEquals(2, run("download", "qwen2.5-coder-7b-instruct-q4_k_m", "--dir"));
        assertEquals(2, run("inspect"));
    }

    @Test
    void unknownOptionsAreRefused() {
        assertEquals(2, run("download", "qwen2.5-coder-7b-instruct-q4_k_m", "--verbose"));
        assertTrue(err().contains("Unknown option: '--verbose'"), err());
        assertEquals(2, run("list", "--all"));
    }

    @Test
    void optionsOfAnotherCommandOrBeforeTheCommandAreRefused() {
        assertEquals(2, run("list", "--dir", tmp.toString()));
        assertTrue(err().contains("'--dir'"), err());
        assertEquals(2, run("--dir", tmp.toString(), "download", "qwen2.5-coder-7b-instruct-q4_k_m"));
        assertEquals(2, run("download", "--dir", "--allow-unverified", "qwen2.5-coder-7b-instruct-q4_k_m"));
    }

    @Test
    void helpListsTheCommandsAndTheirOptions() {
        assertEquals(0, run("--help"));
        String text = out.toString(StandardCharsets.UTF_8);
        for (String word : new String[] {"list", "download", "inspect", "--help", "--version"}) {
            assertTrue(text.contains(word), text);
        }
        out.reset();
        assertEquals(0, run("download", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--allow-unverified"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--dir=DIR"));
        out.reset();
        assertEquals(0, run("help", "inspect"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("FILE"));
        out.reset();
        assertEquals(0, run("--version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("nl2sql-models "));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
