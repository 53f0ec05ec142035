package dev.nl2sql.examples.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A pooled connection carries no conversation from one borrower to the next: HikariCP calls clearWarnings on every
 * connection given back, and nl2sql starts its conversation afresh there. One connection in the pool, so the second
 * borrower gets the very connection the first one asked on.
 */
class HikariConversationTest {

    private static final String FIRST = "Which customers are there?";
    private static final String FOLLOW_UP = "and only those from Lisbon?";

    @ParameterizedTest
    @EnumSource(ClientDatabase.Kind.class)
    void theNextBorrowerStartsAfresh(ClientDatabase.Kind kind, @TempDir Path dir) throws Exception {
        try (ClientDatabase db = ClientDatabase.open(kind)) {
            Path replay = Files.write(dir.resolve("answers.tsv"), List.of(
                    FIRST + "\tSELECT name FROM " + db.customers,
                    FOLLOW_UP + " || " + FIRST + "\tSELECT name FROM " + db.customers + " WHERE city = 'Lisbon'"),
                    StandardCharsets.UTF_8);
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(db.url);
            config.setMaximumPoolSize(1);
            config.setPoolName("nl2sql-conversation-test");
            config.addDataSourceProperty("nl2sql.engine", "replay");
            config.addDataSourceProperty("nl2sql.replay", replay.toString());
            config.addDataSourceProperty("nl2sql.memory", "off");
            try (HikariDataSource pool = new HikariDataSource(config)) {
                Connection physical;
                try (Connection alice = pool.getConnection(); Statement s = alice.createStatement()) {
                    physical = alice.unwrap(Connection.class);
                    s.executeQuery("NL: " + FIRST).close();
                    try (ResultSet rs = s.executeQuery("NL: " + FOLLOW_UP)) {
                        assertTrue(rs.next());
                        assertEquals("Ada", rs.getString(1));
                        assertFalse(rs.next());
                    }
                    assertEquals(2, count(s.executeQuery("NL CONVERSATION:")));
                }
                try (Connection bob = pool.getConnection(); Statement s = bob.createStatement()) {
                    assertSame(physical, bob.unwrap(Connection.class), "the pool lent the same connection");
                    assertEquals(0, count(s.executeQuery("NL CONVERSATION:")), "nothing of the first borrower's");
                    SQLException alone = assertThrows(SQLException.class, () -> s.executeQuery("NL: " + FOLLOW_UP));
                    assertEquals("42000", alone.getSQLState(), "without the first borrower's turn the follow-up "
                            + "has no answer in the file: " + alone.getMessage());
                    s.executeQuery("NL: " + FIRST).close();
                    assertEquals(1, count(s.executeQuery("NL CONVERSATION:")), "his own conversation works");
                }
                assertEquals(0, pool.getHikariPoolMXBean().getActiveConnections());
                assertEquals(1, pool.getHikariPoolMXBean().getTotalConnections(), "a refused question kept the "
                        + "connection in the pool");
            }
        }
    }

    private static int count(ResultSet rows) throws SQLException {
        try (rows) {
            int n = 0;
            while (rows.next()) {
                n++;
            }
            return n;
        }
    }
}
