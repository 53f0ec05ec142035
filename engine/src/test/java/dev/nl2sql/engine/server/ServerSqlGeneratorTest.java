package dev.nl2sql.engine.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nl2sql.engine.EngineSettings;
import dev.nl2sql.engine.EngineSettingsBuilder;
import dev.nl2sql.engine.Generation;
import dev.nl2sql.engine.GenerationControl;
import dev.nl2sql.engine.GenerationRequest;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible protocol, against a server on loopback (no llama.cpp server package exists for Debian 12). */
class ServerSqlGeneratorTest {

    private static final String GRAMMAR = "root ::= \"SELECT \" (\"name\" | \"city\") \" FROM customers\"\n";

    private static EngineSettings settings(String url, String grammarField) {
        return EngineSettingsBuilder.engine("server").contextSize(4096).maxTokens(200).schemaPromptChars(1000)
                .maxQuestionChars(1000)
                .server(new EngineSettings.Server(url, "qwen2.5-coder-7b", "secret-token", grammarField)).build();
    }

    private static GenerationRequest question(long timeoutMillis) {
        return new GenerationRequest("You write SQL.", "Where do customers live?", GRAMMAR,
                GenerationControl.withTimeout(timeoutMillis));
    }

    @Test
    void sendsTheChatAndTheGrammarAndReadsTheAnswer() throws Exception {
        try (FakeModelServer server = new FakeModelServer().answering("DROP TABLE customers",
                "SELECT city FROM customers")) {
            Generation g = new ServerSqlGenerator(settings(server.baseUrl(), "grammar")).generate(question(10_000));
            assertEquals("SELECT city FROM customers", g.text(), "the answer the grammar allows");
            assertEquals(123, g.promptTokens());
            assertEquals(7, g.generatedTokens());
            JsonNode sent = server.requests().get(0);
            assertEquals("qwen2.5-coder-7b", sent.get("model").asText());
            assertEquals("system", sent.get("messages").get(0).get("role").asText());
            assertEquals("You write SQL.", sent.get("messages").get(0).get("content").asText());
            assertEquals("Where do customers live?", sent.get("messages").get(1).get("content").asText());
            assertEquals(0.0, sent.get("temperature").asDouble());
            assertEquals(200, sent.get("max_tokens").asInt());
            assertEquals(GRAMMAR, sent.get("grammar").asText());
            assertFalse(sent.get("stream").asBoolean());
        }
    }

    @Test
    void vllmTakesTheGrammarAsGuidedGrammarAndOllamaTakesNone() throws Exception {
        try (FakeModelServer server = new FakeModelServer().answering("SELECT name FROM customers")) {
            new ServerSqlGenerator(settings(server.baseUrl(), "guided_grammar")).generate(question(10_000));
            assertEquals(GRAMMAR, server.requests().get(0).get("guided_grammar").asText());
            assertFalse(server.requests().get(0).has("grammar"));

            ServerSqlGenerator ollama = new ServerSqlGenerator(settings(server.baseUrl(), "none"));
            ollama.generate(question(10_000));
            assertFalse(server.requests().get(1).has("grammar") || server.requests().get(1).has("guided_grammar"));
            assertFalse(ollama.followsGrammar());
        }
    }

    @Test
    void takesTheQueryOutOfAMarkdownAnswer() {
        assertEquals("SELECT name FROM customers", SqlText.extract("Here you go:\n```sql\nSELECT name FROM customers\n```"));
        assertEquals("SELECT 1", SqlText.extract("The query is SELECT 1"));
        assertEquals("WITH x AS (SELECT 1) SELECT * FROM x", SqlText.extract("WITH x AS (SELECT 1) SELECT * FROM x"));
    }

    @Test
    void serverErrorsAreSqlExceptionsThatSayWhatToCheck() throws Exception {
        try (FakeModelServer server = new FakeModelServer().failingWith(503)) {
            SQLException e = assertThrows(SQLException.class,
                    () -> new ServerSqlGenerator(settings(server.baseUrl(), "grammar")).generate(question(10_000)));
            assertEquals("HY000", e.getSQLState());
            assertTrue(e.getMessage().contains("answered HTTP 503"), e.getMessage());
        }
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        SQLException down = assertThrows(SQLException.class, () -> new ServerSqlGenerator(
                settings("http://127.0.0.1:" + closedPort + "/v1", "grammar")).generate(question(10_000)));
        assertEquals("HY000", down.getSQLState());
        assertTrue(down.getMessage().contains("cannot be reached"), down.getMessage());

        SQLException noUrl = assertThrows(SQLException.class, () -> new ServerSqlGenerator(settings(null, "grammar")));
        assertTrue(noUrl.getMessage().contains("nl2sql.serverUrl"), noUrl.getMessage());
    }

    @Test
    void aSlowServerIsCutOffAtTheDeadlineAndByCancel() throws Exception {
        try (FakeModelServer server = new FakeModelServer().answering("SELECT name FROM customers").slowBy(5_000)) {
            ServerSqlGenerator generator = new ServerSqlGenerator(settings(server.baseUrl(), "grammar"));
            long started = System.nanoTime();
            SQLException timeout = assertThrows(SQLException.class, () -> generator.generate(question(300)));
            assertEquals("HYT00", timeout.getSQLState());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 3_000, "cut off at the deadline");

            GenerationRequest request = question(60_000);
            CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(() -> request.control().cancel());
            started = System.nanoTime();
            SQLException cancelled = assertThrows(SQLException.class, () -> generator.generate(request));
            assertEquals("HY008", cancelled.getSQLState());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 3_000, "stopped by cancel");
        }
    }
}
