package dev.nl2sql.driver.clients;

import dev.nl2sql.driver.Nl2SqlDriver;
import dev.nl2sql.driver.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * The two databases the client replays run on, each reached the way a tool reaches it: an instance of the driver
 * class, then {@code connect(url, properties)} (DBeaver's path, no DriverManager lookup for nl2sql). H2 is written
 * {@code jdbc:nl2sql:jdbc:h2:mem:...}, PostgreSQL {@code jdbc:nl2sql:postgresql://...} (without the inner
 * {@code jdbc:}); PostgreSQL comes from {@code NL2SQL_TEST_POSTGRES_URL} or the local server, and a server that
 * cannot be reached fails the test.
 *
 * <p>Each run gets a schema of its own with two related tables, an index and a DATE column, created through the bare
 * driver and dropped at the end.
 */
enum ClientFixture {
    H2(TestDatabase.H2) {
        @Override
        String wrappedUrl(String directUrl) {
            return "jdbc:nl2sql:" + directUrl;
        }
    },
    POSTGRESQL(TestDatabase.POSTGRESQL) {
        @Override
        String wrappedUrl(String directUrl) {
            return "jdbc:nl2sql:" + directUrl.substring("jdbc:".length());
        }
    };

    private final TestDatabase database;

    ClientFixture(TestDatabase database) {
        this.database = database;
    }

    abstract String wrappedUrl(String directUrl);

    Db open() throws SQLException {
        String directUrl = database.open().directUrl();
        String schema = "nl2sql_c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Db db = new Db(this, directUrl, wrappedUrl(directUrl), schema);
        try (Connection c = db.direct(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("CREATE TABLE " + schema + ".customers (id INT PRIMARY KEY, name VARCHAR(60) NOT NULL,"
                    + " city VARCHAR(40), joined DATE)");
            s.execute("CREATE TABLE " + schema + ".orders (id INT PRIMARY KEY, customer_id INT NOT NULL REFERENCES "
                    + schema + ".customers (id), amount DECIMAL(10,2), placed DATE)");
            s.execute("CREATE INDEX " + schema + "_orders_placed ON " + schema + ".orders (placed)");
            s.execute("INSERT INTO " + schema + ".customers VALUES (1, 'Ada', 'Lisbon', DATE '2024-01-15'),"
                    + " (2, 'Grace', 'Porto', DATE '2024-03-02'), (3, 'Linus', 'Lisbon', NULL)");
            s.execute("INSERT INTO " + schema + ".orders VALUES (1, 1, 12.50, DATE '2024-02-01'),"
                    + " (2, 1, 3.20, DATE '2024-02-03'), (3, 2, 99.99, DATE '2024-04-10')");
        }
        return db;
    }

    /** One database: the bare driver's URL, nl2sql's URL over it, and this run's schema. */
    record Db(ClientFixture kind, String directUrl, String wrappedUrl, String schema) implements AutoCloseable {

        /** The bare driver, created and called as DBeaver does. */
        Connection direct() throws SQLException {
            return DriverManager.getDriver(directUrl).connect(directUrl, new Properties());
        }

        Connection wrapped() throws SQLException {
            return wrapped(new Properties());
        }

        Connection wrapped(Properties properties) throws SQLException {
            return new Nl2SqlDriver().connect(wrappedUrl, properties);
        }

        /** A name as the database stores an unquoted identifier (H2 folds to upper case, PostgreSQL to lower). */
        String stored(Connection c, String name) throws SQLException {
            return c.getMetaData().storesUpperCaseIdentifiers() ? name.toUpperCase(Locale.ROOT)
                    : name.toLowerCase(Locale.ROOT);
        }

        boolean sharedServer() {
            return kind == POSTGRESQL;
        }

        @Override
        public void close() throws SQLException {
            try (Connection c = direct(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
