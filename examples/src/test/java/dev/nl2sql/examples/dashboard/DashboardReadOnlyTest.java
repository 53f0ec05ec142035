package dev.nl2sql.examples.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The dashboard through {@code --url} on the PostgreSQL and MariaDB servers of every development machine and CI
 * (NL2SQL_TEST_POSTGRES_URL, NL2SQL_TEST_MARIADB_URL), with an account that could write: its connections are
 * read-only sessions, so a write from the page is refused by the database itself (the guard behind the read-only
 * account the README asks for).
 */
class DashboardReadOnlyTest {

    enum Server {
        POSTGRESQL("NL2SQL_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"),
        MARIADB("NL2SQL_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");

        final String url;

        Server(String variable, String defaultUrl) {
            String configured = System.getenv(variable);
            String jdbc = configured == null || configured.isBlank() ? defaultUrl : configured;
            this.url = "jdbc:nl2sql:" + jdbc.substring("jdbc:".length());
        }
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void editedSqlReadsButCannotWrite(Server server, @TempDir Path dir) throws Exception {
        String table = "dash_notes_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection c = DriverManager.getConnection(server.url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, note VARCHAR(40))");
            s.execute("INSERT INTO " + table + " VALUES (1, 'kept'), (2, 'also kept')");
        }
        try (DashboardServer dashboard = DashboardServer.start(new DashboardServer.Config(
                new TargetDatabase(server.url, new Properties()),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), dir, 30, 1000,
                DashboardHttpTest.PASSWORD))) {
            DashboardClient client = new DashboardClient(dashboard);
            client.login("admin", DashboardHttpTest.PASSWORD);

            JsonNode read = client.run("/api/sql", Map.of("sql", "SELECT id, note FROM " + table + " ORDER BY id"));
            assertEquals("done", read.get("state").asText(), read.toString());
            assertEquals(2, read.get("rowCount").asInt());

            for (String write : List.of("DELETE FROM " + table, "UPDATE " + table + " SET note = 'changed'",
                    "DROP TABLE " + table, "CREATE TABLE " + table + "_new (id INT)")) {
                JsonNode job = client.run("/api/sql", Map.of("sql", write));
                assertEquals("failed", job.get("state").asText(), job.toString());
                assertTrue(job.get("error").asText().startsWith("The dashboard only reads this database"),
                        job.toString());
            }
        } finally {
            try (Connection c = DriverManager.getConnection(server.url); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE note LIKE '%kept'")) {
                    rs.next();
                    assertEquals(2, rs.getInt(1), "nothing was written");
                }
                s.execute("DROP TABLE " + table);
            }
        }
    }
    /**
     * A conversation keeps its connection between questions: one whose SQL the database refuses as it runs (a
     * subquery of two rows as one value) leaves it usable, and the next question, a follow-up of the one before the
     * failure, is answered on it with that context.
     */
    @ParameterizedTest
    @EnumSource(Server.class)
    void aConversationGoesOnAfterAFailedQuestion(Server server, @TempDir Path dir) throws Exception {
        String table = "dash_thread_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection c = DriverManager.getConnection(server.url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, note VARCHAR(40))");
            s.execute("INSERT INTO " + table + " VALUES (1, 'first'), (2, 'second')");
        }
        Path replay = dir.resolve("answers.tsv");
        java.nio.file.Files.writeString(replay, "List the notes\tSELECT id, note FROM " + table + " ORDER BY id\n"
                + "Which note is it\tSELECT (SELECT note FROM " + table + ") AS broken FROM " + table + "\n"
                + "And only the first? || List the notes\tSELECT id, note FROM " + table + " WHERE id = 1\n");
        Properties properties = new Properties();
        properties.setProperty("nl2sql.engine", "replay");
        properties.setProperty("nl2sql.replay", replay.toString());
        properties.setProperty("nl2sql.memoryUrl", "jdbc:h2:file:" + dir.resolve("memory").toAbsolutePath());
        try (DashboardServer dashboard = DashboardServer.start(new DashboardServer.Config(
                new TargetDatabase(server.url, properties),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), dir.resolve("data"), 30, 1000,
                DashboardHttpTest.PASSWORD))) {
            DashboardClient client = new DashboardClient(dashboard);
            client.login("admin", DashboardHttpTest.PASSWORD);
            String thread = client.post("/api/threads", Map.of()).json().get("id").asText();
            String ask = "/api/threads/" + thread + "/ask";

            JsonNode list = client.run(ask, Map.of("question", "List the notes"));
            assertEquals("done", list.get("state").asText(), list.toString());
            assertEquals(2, list.get("rowCount").asInt());
            JsonNode broken = client.run(ask, Map.of("question", "Which note is it"));
            assertEquals("failed", broken.get("state").asText(), "a subquery of two rows as a value: " + broken);
            assertTrue(!broken.get("error").asText().contains("replay file"), "the database refused it: " + broken);
            JsonNode followUp = client.run(ask, Map.of("question", "And only the first?"));
            assertEquals("done", followUp.get("state").asText(), followUp.toString());
            assertEquals(1, followUp.get("rowCount").asInt());
        } finally {
            try (Connection c = DriverManager.getConnection(server.url); Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + table);
            }
        }
    }
}
