package dev.nl2sql.examples.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The dashboard's command line and its environment variables. */
class DashboardOptionsTest {

    @Test
    void defaultsServeTheSampleOnLoopback() {
        DashboardOptions o = DashboardOptions.parse(new String[0], Map.of());
        assertEquals("serve", o.command());
        assertNull(o.url());
        assertEquals("127.0.0.1", o.bind());
        assertEquals(8080, o.port());
        assertEquals(Path.of(System.getProperty("user.home"), ".nl2sql", "dashboard"), o.dataDir());
        assertEquals(120, o.timeoutSeconds());
        assertNull(o.adminPassword());
    }

    @Test
    void optionsWinOverTheEnvironment() {
        DashboardOptions o = DashboardOptions.parse(new String[] {"--url", "jdbc:nl2sql:postgresql://db/shop",
            "--bind", "0.0.0.0", "--port", "9000", "--data", "/srv/dash", "--timeout", "30", "--max-rows", "500"},
                Map.of("NL2SQL_DASHBOARD_URL", "jdbc:nl2sql:h2:mem:x", "NL2SQL_DASHBOARD_PORT", "1234",
                        "NL2SQL_DASHBOARD_DB_USER", "reader", "NL2SQL_DASHBOARD_DB_PASSWORD", "pw",
                        "NL2SQL_DASHBOARD_ADMIN_PASSWORD", "first password"));
        assertEquals("jdbc:nl2sql:postgresql://db/shop", o.url());
        assertEquals("0.0.0.0", o.bind());
        assertEquals(9000, o.port());
        assertEquals(Path.of("/srv/dash"), o.dataDir());
        assertEquals(30, o.timeoutSeconds());
        assertEquals(500, o.maxRows());
        assertEquals("reader", o.dbUser());
        assertEquals("pw", o.dbPassword());
        assertEquals("first password", o.adminPassword());
    }

    @Test
    void userCommandsNameTheUser() {
        DashboardOptions o = DashboardOptions.parse(new String[] {"add-user", "bob", "--data", "/tmp/d"}, Map.of());
        assertEquals("add-user", o.command());
        assertEquals("bob", o.userName());
        assertThrows(IllegalArgumentException.class, () -> DashboardOptions.parse(new String[] {"add-user"}, Map.of()));
    }

    @Test
    void passwordsInTheUrlAreMaskedForTheLog() {
        assertEquals("jdbc:nl2sql:postgresql://db/shop?user=r&password=***&ssl=true",
                new TargetDatabase("jdbc:nl2sql:postgresql://db/shop?user=r&password=s3&ssl=true",
                        new Properties()).displayUrl());
        assertEquals("jdbc:nl2sql:mariadb://r:***@db/shop", new TargetDatabase("jdbc:nl2sql:mariadb://r:s3@db/shop",
                new Properties()).displayUrl());
        assertThrows(IllegalArgumentException.class,
                () -> new TargetDatabase("jdbc:postgresql://db/shop", new Properties()));
    }

    @Test
    void mistakesAreExplained() {
        assertEquals("--port takes a whole number from 0 to 65535: http",
                assertThrows(IllegalArgumentException.class,
                        () -> DashboardOptions.parse(new String[] {"--port", "http"}, Map.of())).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DashboardOptions.parse(new String[] {"--colour", "red"}, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> DashboardOptions.parse(new String[] {"--admin-password", "short"}, Map.of()));
    }
}
