package dev.nl2sql.examples.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

    @Test
    void optionsOfServingAreRefusedBeforeOrAfterAUserCommand() {
        assertEquals("Options go after the command: java -jar nl2sql-dashboard.jar add-user ... [OPTIONS]",
                assertThrows(IllegalArgumentException.class, () -> DashboardOptions.parse(
                        new String[] {"--data", "/tmp/d", "add-user", "bob"}, Map.of())).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DashboardOptions.parse(
                new String[] {"set-password", "bob", "--port", "9000"}, Map.of())).getMessage()
                .contains("Unknown options: '--port'"));
        assertThrows(IllegalArgumentException.class,
                () -> DashboardOptions.parse(new String[] {"--url", "--port", "9000"}, Map.of()));
        assertEquals(Path.of("/srv/d"), DashboardOptions.parse(new String[] {"serve", "--data", "/srv/d"},
                Map.of()).dataDir());
    }

    @Test
    void theCommandExitsWithTwoOnBadUsageAndListsItsOptions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, Dashboard.run(new String[] {"--colour", "red"}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Unknown options: '--colour', 'red'"), err.toString());
        assertEquals(2, Dashboard.run(new String[] {"--port", "http"}, o, e));
        assertEquals(0, Dashboard.run(new String[] {"--help"}, o, e));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String option : new String[] {"--url", "--db-user", "--bind", "--port", "--data", "--timeout",
            "--max-rows", "--admin-password", "add-user", "set-password", "--version"}) {
            assertTrue(help.contains(option), help);
        }
        out.reset();
        assertEquals(0, Dashboard.run(new String[] {"add-user", "--help"}, o, e));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("NAME"), out.toString());
    }
}
