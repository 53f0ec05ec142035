package dev.nl2sql.examples.dashboard;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The bundled sample shop (the same script as the ask example) in an in-memory H2 database, opened through nl2sql.
 * The dashboard does not use H2's administrator for it: H2 enforces no read-only mode, and its administrator can
 * write files and define Java functions. It creates a SELECT-only account with a random password instead, and
 * questions and SQL from the page run as that account.
 */
final class SampleDatabase {

    static final String READER = "DASHBOARD_READER";
    /** The administrator keeps the database for the JVM's lifetime; only it may set that. */
    private static final String ADMIN_URL = "jdbc:nl2sql:h2:mem:dashboard_shop;DB_CLOSE_DELAY=-1";
    private static final String URL = "jdbc:nl2sql:h2:mem:dashboard_shop";
    /** One per JVM, as the in-memory database is: a dashboard started again in this JVM finds the account as is. */
    private static final String PASSWORD = PasswordHashing.randomPassword();

    private SampleDatabase() {
    }

    /** Loads the sample (again, if this JVM already has it) and returns it as the read-only account sees it. */
    static TargetDatabase start(Properties driverProperties) throws SQLException {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, "sa", "");
             Statement s = admin.createStatement()) {
            s.execute("RUNSCRIPT FROM 'classpath:/sample/shop.sql'");
            s.execute("CREATE USER IF NOT EXISTS " + READER + " PASSWORD '" + PASSWORD + "'");
            s.execute("GRANT SELECT ON SCHEMA PUBLIC TO " + READER);
        }
        Properties properties = new Properties();
        properties.putAll(driverProperties);
        properties.setProperty("user", READER);
        properties.setProperty("password", PASSWORD);
        return new TargetDatabase(URL, properties);
    }
}
