package dev.nl2sql.driver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * A second JVM for the memory tests: {@code hold <h2 url>} opens a store file without AUTO_SERVER and keeps it open
 * until its standard input closes (a locked store); {@code teach <nl2sql url> <store url> <count> <prefix>} teaches
 * pairs through JDBC; {@code count <nl2sql url> <store url>} prints how many pairs NL LIST: shows.
 */
public final class MemoryStoreChild {

    private MemoryStoreChild() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "hold" -> {
                try (Connection c = DriverManager.getConnection(args[1])) {
                    c.createStatement().execute("CREATE TABLE IF NOT EXISTS held (x INT)");
                    System.out.println("ready");
                    System.out.flush();
                    while (System.in.read() >= 0) {
                        // hold the store until the parent closes our input
                    }
                }
            }
            case "teach" -> {
                try (Connection c = DriverManager.getConnection(args[1], properties(args[2]));
                     Statement s = c.createStatement()) {
                    for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                        s.executeUpdate("NL TEACH: " + args[4] + " question " + i
                                + " => SELECT COUNT(*) FROM orders WHERE total > " + i);
                    }
                }
                System.out.println("taught");
            }
            case "count" -> {
                try (Connection c = DriverManager.getConnection(args[1], properties(args[2]));
                     Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL LIST: pairs")) {
                    int n = 0;
                    while (rs.next()) {
                        n++;
                    }
                    System.out.println("pairs=" + n);
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static Properties properties(String storeUrl) {
        Properties p = new Properties();
        p.setProperty("nl2sql.engine", "replay");
        p.setProperty("nl2sql.replay", System.getProperty("java.io.tmpdir") + "/nl2sql-memory-child-none.tsv");
        p.setProperty("nl2sql.memoryUrl", storeUrl);
        return p;
    }
}
