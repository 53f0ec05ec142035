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
}
