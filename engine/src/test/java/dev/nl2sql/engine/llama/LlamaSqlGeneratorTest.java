package dev.nl2sql.engine.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.engine.Conversation;
import dev.nl2sql.engine.EngineSettings;
import dev.nl2sql.engine.EngineSettingsBuilder;
import dev.nl2sql.engine.Generation;
import dev.nl2sql.engine.GenerationControl;
import dev.nl2sql.engine.GenerationRequest;
import dev.nl2sql.engine.ModelSlots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The llama.cpp generator with the real stories260K model: grammar, bounds, cancel, timeout, chat templates. */
class LlamaSqlGeneratorTest {

    /** Lets the model write freely for a long time: what cancel and timeout must cut short. */
    private static final String ENDLESS = "root ::= [a-z ]+\n";

    static Path models() {
        String configured = System.getenv("NL2SQL_TEST_MODELS_DIR");
        return configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("../../shared/models");
    }

    static EngineSettings settings(String chatTemplate, int maxTokens) {
        return EngineSettingsBuilder.engine("llama").model(models().resolve("stories260K.gguf").toString())
                .modelsDir(models()).chatTemplate(chatTemplate).maxTokens(maxTokens).build();
    }

    @Test
    void writesWhatTheGrammarAllows() throws SQLException {
        LlamaSqlGenerator generator = LlamaModels.forSettings(settings(null, 64));
        String grammar = "root ::= \"SELECT \" sel \" FROM singer\"\nsel ::= \"COUNT(*)\" | \"name\" | \"age\"\n";
        Generation g = generator.generate(new GenerationRequest("You write SQL.", "How many singers?", grammar,
                GenerationControl.withTimeout(30_000)));
        assertTrue(g.text().matches("SELECT (COUNT\\(\\*\\)|name|age) FROM singer"), g.text());
        assertTrue(g.promptTokens() > 0 && g.generatedTokens() > 0);
        assertSame(generator, LlamaModels.forSettings(settings(null, 64)), "loaded once per JVM");
    }

    @Test
    void cancelStopsGenerationInProgress() throws Exception {
        LlamaSqlGenerator generator = LlamaModels.forSettings(settings(null, 1900));
        GenerationControl control = GenerationControl.withTimeout(60_000);
        CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> {
            sleep(150);
            control.cancel();
        });
        long started = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> generator.generate(
                new GenerationRequest("Tell a story.", "Once upon a time", ENDLESS, control)));
        canceller.get(5, TimeUnit.SECONDS);
        assertEquals("HY008", e.getSQLState());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 10_000, "stopped promptly");
        Generation after = generator.generate(new GenerationRequest("You write SQL.", "Count singers.",
                "root ::= \"SELECT 1\"\n", GenerationControl.withTimeout(30_000)));
        assertEquals("SELECT 1", after.text(), "the model still works after a cancel");
    }

    @Test
    void aCrowdBeyondTheWaitingBoundIsRefusedAtOnceAndTheRestIsServedInTurn() throws Exception {
        LlamaSqlGenerator generator = LlamaModels.forSettings(settings(null, 1900));
        int crowd = ModelSlots.MAX_WAITING + 8;
        ExecutorService threads = Executors.newFixedThreadPool(crowd);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < crowd; i++) {
                outcomes.add(threads.submit(() -> {
                    try {
                        generator.generate(new GenerationRequest("Tell a story.", "Once upon a time", ENDLESS,
                                GenerationControl.withTimeout(1_500)));
                        return "answered";
                    } catch (SQLException e) {
                        return e.getSQLState();
                    }
                }));
            }
            Map<String, Integer> states = new TreeMap<>();
            for (Future<String> f : outcomes) {
                states.merge(f.get(60, TimeUnit.SECONDS), 1, Integer::sum);
            }
            // one model slot and long stories: those that found 64 already waiting are refused at once, the others
            // wait their turn and are answered or run into their deadline; nothing else goes wrong
            assertTrue(states.getOrDefault("54000", 0) >= 1, states.toString());
            assertEquals(crowd, states.getOrDefault("54000", 0) + states.getOrDefault("HYT00", 0)
                    + states.getOrDefault("answered", 0), states.toString());
        } finally {
            threads.shutdownNow();
        }
        // the timeout bounds a hang only: on a machine busy with other builds the answer can take its time
        Generation after = generator.generate(new GenerationRequest("You write SQL.", "Count singers.",
                "root ::= \"SELECT 1\"\n", GenerationControl.withTimeout(180_000)));
        assertEquals("SELECT 1", after.text(), "the model serves the next question");
    }

    @Test
    void timeoutStopsGenerationInProgress() {
        GenerationControl control = GenerationControl.withTimeout(200);
        SQLException e = assertThrows(SQLException.class, () -> LlamaModels.forSettings(settings(null, 1900))
                .generate(new GenerationRequest("Tell a story.", "Once upon a time", ENDLESS, control)));
        assertEquals("HYT00", e.getSQLState());
        assertTrue(e.getMessage().contains("ran out of time"), e.getMessage());
    }

    @Test
    void usesTheChatTemplateItIsGiven() throws SQLException {
        assertTrue(prompt("llama3").contains("<|start_header_id|>system<|end_header_id|>"), prompt("llama3"));
        assertTrue(prompt("chatml").contains("<|im_start|>user\nHow many singers?<|im_end|>"), prompt("chatml"));
        assertTrue(prompt("gemma").contains("<start_of_turn>user\n"), prompt("gemma"));
    }

    @Test
    void earlierTurnsComeBeforeTheQuestionAsUserAndAssistantMessages() throws SQLException {
        LlamaSqlGenerator generator = LlamaModels.forSettings(settings("chatml", 64));
        Conversation earlier = new Conversation(List.of(
                new Conversation.Turn("Which singers are French?", "SELECT name FROM singer WHERE country = 'France'")));
        GenerationRequest followUp = new GenerationRequest("You write SQL.", "Sort them by age.", "",
                GenerationControl.withTimeout(60_000), List.of(), 0, null, earlier);
        String prompt = generator.chatPrompt(followUp);
        int system = prompt.indexOf("<|im_start|>system\nYou write SQL.<|im_end|>");
        int before = prompt.indexOf("<|im_start|>user\nWhich singers are French?<|im_end|>");
        int answer = prompt.indexOf("<|im_start|>assistant\nSELECT name FROM singer WHERE country = 'France'"
                + "<|im_end|>");
        int question = prompt.indexOf("<|im_start|>user\nSort them by age.<|im_end|>");
        assertTrue(system >= 0 && system < before && before < answer && answer < question, prompt);

        // the real path: stories260K writes under a grammar with the conversation in its context
        String grammar = "root ::= \"SELECT \" (\"name\" | \"age\") \" FROM singer\"\n";
        Generation alone = generator.generate(new GenerationRequest("You write SQL.", "Sort them by age.", grammar,
                GenerationControl.withTimeout(60_000)));
        Generation withContext = generator.generate(new GenerationRequest("You write SQL.", "Sort them by age.",
                grammar, GenerationControl.withTimeout(60_000), List.of(), 0, null, earlier));
        assertTrue(withContext.promptTokens() > alone.promptTokens() + 10,
                alone.promptTokens() + " tokens alone, " + withContext.promptTokens() + " with the earlier turn");
        assertTrue(withContext.text().matches("SELECT (name|age) FROM singer"), withContext.text());
    }

    private static String prompt(String template) throws SQLException {
        return LlamaModels.forSettings(settings(template, 16)).chatPrompt(new GenerationRequest("You write SQL.",
                "How many singers?", "", GenerationControl.withTimeout(60_000)));
    }

    @Test
    void llamaCppsOwnLogCanBeTurnedOnWithoutChangingTheAnswer() throws SQLException {
        EngineSettings quiet = settings(null, 64);
        EngineSettings verbose = EngineSettingsBuilder.engine("llama").model(quiet.model()).modelsDir(quiet.modelsDir())
                .contextSize(1024).nativeLog(true).build();
        String grammar = "root ::= \"SELECT \" (\"name\" | \"age\") \" FROM singer\"\n";
        GenerationRequest request = new GenerationRequest("You write SQL.", "Names?", grammar,
                GenerationControl.withTimeout(30_000));
        assertEquals(LlamaModels.forSettings(quiet).generate(request).text(),
                LlamaModels.forSettings(verbose).generate(request).text());
    }

    @Test
    void aFileThatIsNoModelIsRefusedBeforeTheNativeLoad() throws Exception {
        Path dir = Files.createTempDirectory("nl2sql-models");
        Path fake = Files.writeString(dir.resolve("fake.gguf"), "GGUF but not really");
        EngineSettings s = EngineSettingsBuilder.engine("llama").model(fake.toString()).modelsDir(dir).contextSize(512)
                .maxTokens(16).schemaPromptChars(500).maxQuestionChars(500).build();
        SQLException e = assertThrows(SQLException.class, () -> LlamaModels.forSettings(s));
        assertEquals("HY000", e.getSQLState());
        assertTrue(e.getMessage().contains("cannot be used"), e.getMessage());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
