package dev.nl2sql.engine.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/** The real databases the tests run on, and a shared fixture schema for H2, PostgreSQL and MariaDB. */
public final class TestDatabases {

    private TestDatabases() {
    }

    public enum Kind { H2, POSTGRESQL, MARIADB }

    public static Path spiderDir() {
        String dir = System.getProperty("NL2SQL_SPIDER_DIR", System.getenv("NL2SQL_SPIDER_DIR"));
        return Path.of(dir != null ? dir : "../../shared/benchmarks/spider-dev");
    }

    public static Connection spider(String db) throws SQLException {
        Path file = spiderDir().resolve("database").resolve(db).resolve(db + ".sqlite");
        assertTrue(Files.isRegularFile(file), "Spider database missing: " + file.toAbsolutePath()
                + " (set NL2SQL_SPIDER_DIR to the spider-dev folder)");
        Properties p = new Properties();
        p.setProperty("open_mode", "1"); // read-only
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
    }

    public static String url(Kind kind) {
        return switch (kind) {
            case H2 -> "jdbc:h2:mem:nl2sql_" + ThreadLocalRandom.current().nextInt(1_000_000) + ";DB_CLOSE_DELAY=-1";
            case POSTGRESQL -> env("NL2SQL_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
            case MARIADB -> env("NL2SQL_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");
        };
    }

    private static String env(String name, String def) {
        String v = System.getProperty(name, System.getenv(name));
        return v == null || v.isBlank() ? def : v;
    }

    /**
     * A connection. A server that cannot be reached fails the test rather than skipping it: PostgreSQL and MariaDB
     * run on every development machine and in CI (.ci/databases.sh waits for both), so a skip would hide a failure.
     */
    public static Connection connect(String url) {
        try {
            return DriverManager.getConnection(url);
        } catch (SQLException e) {
            throw new AssertionError("Database not reachable (" + url + "): " + e.getMessage()
                    + ". Start it, or point NL2SQL_TEST_POSTGRES_URL / NL2SQL_TEST_MARIADB_URL at one.", e);
        }
    }

    /**
     * customers, products, orders (with a quoted camel-case column {@code shipDate}) and a view, with comments,
     * primary and foreign keys; table names end in a random suffix.
     */
    public static final class Fixture implements AutoCloseable {
        public final Kind kind;
        public final String url;
        public final Connection connection;
        public final String suffix;
        public final String customers;
        public final String products;
        public final String orders;
        public final String view;

        public Fixture(Kind kind) throws SQLException {
            this.kind = kind;
            this.url = url(kind);
            this.connection = connect(url);
            this.suffix = "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
            this.customers = "customers" + suffix;
            this.products = "products" + suffix;
            this.orders = "orders" + suffix;
            this.view = "big_orders" + suffix;
            try {
                create();
            } catch (SQLException | RuntimeException e) {
                try {
                    close(); // drop what was created
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        /** How the hand-written SQL names the camel-case column. */
        public String shipDate() {
            return kind == Kind.MARIADB ? "shipDate" : "\"shipDate\"";
        }

        /** {c} {p} {o} {v} table names in lower case, {C} {P} {O} in upper case, {shipDate} as stored. */
        public String sql(String template) {
            return template.replace("{c}", customers).replace("{p}", products).replace("{o}", orders)
                    .replace("{v}", view).replace("{C}", customers.toUpperCase(Locale.ROOT))
                    .replace("{P}", products.toUpperCase(Locale.ROOT)).replace("{O}", orders.toUpperCase(Locale.ROOT))
                    .replace("{shipDate}", shipDate());
        }

        private void create() throws SQLException {
            boolean maria = kind == Kind.MARIADB;
            String ship = maria ? "shipDate" : "\"shipDate\"";
            try (Statement st = connection.createStatement()) {
                st.execute(sql("CREATE TABLE {c} (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, city VARCHAR(40)"
                        + (maria ? " COMMENT 'Home town') COMMENT='People who buy'" : ")")));
                st.execute(sql("CREATE TABLE {p} (id INT PRIMARY KEY, name VARCHAR(50), price DECIMAL(10,2),"
                        + " active BOOLEAN)"));
                st.execute(sql("CREATE TABLE {o} (id INT PRIMARY KEY, customer_id INT NOT NULL, product_id INT,"
                        + " qty INT, " + ship + " DATE,"
                        + " FOREIGN KEY (customer_id) REFERENCES {c}(id), FOREIGN KEY (product_id) REFERENCES {p}(id))"));
                if (!maria) {
                    st.execute(sql("COMMENT ON TABLE {c} IS 'People who buy'"));
                    st.execute(sql("COMMENT ON COLUMN {c}.city IS 'Home town'"));
                }
                st.execute(sql("CREATE VIEW {v} AS SELECT id, customer_id, qty FROM {o} WHERE qty >= 3"));
                st.execute(sql("INSERT INTO {c} VALUES (1, 'Ana', 'Lisbon'), (2, 'Bruno', 'Porto'),"
                        + " (3, 'Carla', 'Lisbon'), (4, 'Dinis', NULL)"));
                st.execute(sql("INSERT INTO {p} VALUES (1, 'Pen', 1.50, TRUE), (2, 'Book', 12.00, TRUE),"
                        + " (3, 'Lamp', 30.00, FALSE)"));
                st.execute(sql("INSERT INTO {o} VALUES (1, 1, 1, 3, DATE '2024-01-05'), (2, 1, 2, 1, DATE '2024-02-01'),"
                        + " (3, 2, 2, 2, DATE '2024-02-10'), (4, 3, 3, 1, DATE '2024-03-15'), (5, 3, 1, 10, NULL)"));
            }
        }

        @Override
        public void close() throws SQLException {
            try (Statement st = connection.createStatement()) {
                for (String drop : List.of("DROP VIEW IF EXISTS {v}", "DROP TABLE IF EXISTS {o}",
                        "DROP TABLE IF EXISTS {p}", "DROP TABLE IF EXISTS {c}")) {
                    st.execute(sql(drop));
                }
            } finally {
                connection.close();
            }
        }
    }

    /** The rows of a query, values normalised to text (numbers without trailing zeros). */
    public static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof Number num) {
                        row.add(new BigDecimal(num.toString()).stripTrailingZeros().toPlainString());
                    } else {
                        row.add(v == null ? null : v.toString());
                    }
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
