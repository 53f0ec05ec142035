package dev.nl2sql.driver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A program that asks one question and returns from main, for {@link JvmExitTest}: arguments are the URL, the
 * question, then key=value properties; a last argument {@code fail} ends main with an exception instead.
 */
public final class AskAndReturn {

    private AskAndReturn() {
    }

    public static void main(String[] args) throws SQLException {
        Properties p = new Properties();
        boolean fail = false;
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("fail")) {
                fail = true;
            } else {
                p.setProperty(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
            }
        }
        try (Connection c = DriverManager.getConnection(args[0], p); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(40))");
            s.execute("INSERT INTO customers VALUES (1, 'Ada')");
            try (ResultSet rs = s.executeQuery("NL: " + args[1])) {
                System.out.println("answered with " + rs.getMetaData().getColumnCount() + " columns");
            } catch (SQLException e) {
                System.out.println("asked: " + e.getSQLState()); // the tiny model writes poor SQL
            }
        }
        if (fail) {
            throw new IllegalStateException("main ends with an exception");
        }
    }
}
