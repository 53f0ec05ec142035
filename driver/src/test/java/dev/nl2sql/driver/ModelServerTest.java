package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nl2sql.engine.server.FakeModelServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * nl2sql.engine=server through JDBC: the question, the schema in the prompt and the schema grammar reach an
 * OpenAI-compatible server; its answer is checked and runs on the database.
 */
class ModelServerTest {

    private static Properties server(FakeModelServer server) {
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "server");
        p.setProperty("nl2sql.serverUrl", server.baseUrl());
        p.setProperty("nl2sql.serverModel", "llama-3.1-8b-instruct");
        return p;
    }

    private static String shop() {
        return "jdbc:nl2sql:h2:mem:srv" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:/shop-schema.sql'";
    }

    @Test
    void aQuestionIsAnsweredByTheSharedServer() throws Exception {
        // Only the last candidate names this schema's tables the way H2 needs them: the grammar picks it.
        try (FakeModelServer model = new FakeModelServer().answering("SELECT nothing FROM nowhere",
                "SELECT city, COUNT(*) FROM customers GROUP BY city ORDER BY city");
             Connection c = DriverManager.getConnection(shop(), server(model));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("NL: how many customers live in each city?")) {
            assertTrue(rs.next());
            assertEquals("Berlin", rs.getString(1));
            assertEquals(1, rs.getInt(2));
            assertTrue(s.getWarnings().getMessage().contains("llama-3.1-8b-instruct answered"),
                    s.getWarnings().getMessage());
            JsonNode request = model.requests().get(0);
            assertEquals("how many customers live in each city?", request.get("messages").get(1).get("content")
                    .asText());
            assertTrue(request.get("messages").get(0).get("content").asText().contains("customers("),
                    "the schema is in the system prompt");
            assertTrue(request.get("grammar").asText().contains("\"customers\""), "the schema grammar travels");
        }
    }

    @Test
    void anUnreachableServerIsAClearErrorAndTheConnectionStaysUsable() throws Exception {
        FakeModelServer gone = new FakeModelServer();
        Properties p = server(gone);
        gone.close();
        try (Connection c = DriverManager.getConnection(shop(), p); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("NL: how many customers?"));
            assertEquals("HY000", e.getSQLState());
            assertTrue(e.getMessage().contains("cannot be reached"), e.getMessage());
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM customers")) {
                assertTrue(rs.next());
                assertEquals(3, rs.getInt(1));
            }
        }
    }
}
