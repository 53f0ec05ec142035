package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.engine.llama.GgufFile;
import dev.nl2sql.engine.llama.TokenSwapAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nl2sql.loraAdapter through a jdbc:nl2sql: connection: an adapter for the model answers questions, a file that is no
 * adapter is a clear error on the question (plain SQL goes on), and an adapter replaced under a running JVM is noticed
 * and loaded again. What the adapter does to the answers is LoraAdapterTest's.
 */
class LoraAdapterConnectionTest {

    private static String shop() {
        return "jdbc:nl2sql:h2:mem:lora" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:/shop-schema.sql'";
    }

    private static Path swapAdapter(Path dir) throws Exception {
        GgufFile stories = GgufFile.read(TestModels.stories());
        List<String> vocabulary = stories.strings("tokenizer.ggml.tokens");
        return TokenSwapAdapter.of(stories, vocabulary.indexOf("S"), vocabulary.indexOf("W"))
                .write(dir.resolve("swap.gguf"));
    }

    private static Properties withAdapter(Path adapter, String scale) {
        Properties p = TestModels.storiesProperties();
        p.setProperty("nl2sql.loraAdapter", adapter.toString());
        p.setProperty("nl2sql.loraScale", scale);
        return p;
    }

    @Test
    void aConnectionWithAnAdapterAnswersAndNoticesWhenTheAdapterIsReplaced(@TempDir Path dir) throws Exception {
        Path adapter = swapAdapter(dir);
        Path original = Files.copy(adapter, dir.resolve("original.gguf"));
        try (Connection c = DriverManager.getConnection(shop(), withAdapter(adapter, "0.5"))) {
            assertAnswers(c);
            Files.writeString(adapter, "retrained, half written");
            assertQuestionRefused(c, "HY000", "The LoRA adapter file " + adapter.toRealPath() + " changed since");
            assertQuestionRefused(c, "HY000", "is not a complete GGUF file");
            Files.copy(original, adapter, StandardCopyOption.REPLACE_EXISTING);
            assertAnswers(c); // restored: loaded again
        }
    }

    @Test
    void aModelGivenAsTheAdapterIsAClearErrorOnTheQuestion() throws Exception {
        try (Connection c = DriverManager.getConnection(shop(), withAdapter(TestModels.stories(), "1"))) {
            assertQuestionRefused(c, "HY000", "has no general.type");
        }
    }

    @Test
    void aScaleThatIsNoNumberIsRefused(@TempDir Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection(shop(), withAdapter(swapAdapter(dir), "strong"))) {
            assertQuestionRefused(c, "22023", "nl2sql.loraScale");
        }
    }

    private static void assertAnswers(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL: how many customers are there?")) {
            assertTrue(rs.getMetaData().getColumnCount() > 0);
        }
    }

    private static void assertQuestionRefused(Connection c, String state, String text) throws SQLException {
        try (Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: how many customers?"));
            assertEquals(state, e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains(text), e.getMessage());
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM customers")) {
                assertTrue(rs.next(), "plain SQL still runs");
            }
        }
    }
}
