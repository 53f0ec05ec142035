package dev.nl2sql.examples.clients;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * A small shop to point a client at, through jdbc:nl2sql:, on H2 or on the PostgreSQL server that runs on every
 * development machine and in CI (NL2SQL_TEST_POSTGRES_URL overrides it). Its tables carry a random suffix and are
 * dropped on close. The question engine is the small real model in ../shared/models (NL2SQL_TEST_MODELS_DIR).
 */
final class ClientDatabase implements AutoCloseable {

    enum Kind { H2, POSTGRESQL }

    final String url;
    final String customers;
    final String orders;

    private ClientDatabase(String url, String suffix) throws SQLException {
        this.url = url;
        this.customers = "cl_customers_" + suffix;
        this.orders = "cl_orders_" + suffix;
        try (Connection c = DriverManager.getConnection(url, modelProperties()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + customers + " (id INT PRIMARY KEY, name VARCHAR(40), city VARCHAR(40))");
            s.execute("CREATE TABLE " + orders + " (id INT PRIMARY KEY, customer_id INT REFERENCES " + customers
                    + " (id), amount DECIMAL(10,2))");
            s.execute("INSERT INTO " + customers + " VALUES (1, 'Ada', 'Lisbon'), (2, 'Grace', 'Porto'), "
                    + "(3, 'Alan', 'Berlin')");
            s.execute("INSERT INTO " + orders + " VALUES (1, 1, 12.50), (2, 2, 3.20)");
        }
    }

    static ClientDatabase open(Kind kind) throws SQLException {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String inner = switch (kind) {
            case H2 -> "h2:mem:client" + suffix + ";DB_CLOSE_DELAY=-1";
            case POSTGRESQL -> {
                String configured = System.getenv("NL2SQL_TEST_POSTGRES_URL");
                String pg = configured == null || configured.isBlank()
                        ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres" : configured;
                yield pg.substring("jdbc:".length());
            }
        };
        return new ClientDatabase("jdbc:nl2sql:" + inner, suffix);
    }

    /** The driver properties that run the small model fast on a 2-core machine. */
    static Properties modelProperties() {
        String dir = System.getenv().getOrDefault("NL2SQL_TEST_MODELS_DIR", "../../shared/models");
        Properties p = new Properties();
        p.setProperty("nl2sql.model", dir + "/stories260K.gguf");
        p.setProperty("nl2sql.threads", "1");
        p.setProperty("nl2sql.contextSize", "2048");
        p.setProperty("nl2sql.schemaPromptChars", "900");
        p.setProperty("nl2sql.maxTokens", "512");
        return p;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, modelProperties()); Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + orders);
            s.execute("DROP TABLE " + customers);
        }
    }
}
