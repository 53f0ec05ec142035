package dev.nl2sql.benchmarks.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The program {@link FirstAnswerCommand} starts in a fresh JVM: connect (the nl2sql.* settings are -D system
 * properties), wait, ask one
 * question, read its rows, and print one JSON line with the times. An error answer counts as an answer: what is
 * measured is how long the user waits for it, and a random-weight model often writes SQL that finds nothing.
 */
public final class FirstAnswerProgram {

    private FirstAnswerProgram() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        long waitMillis = Long.parseLong(args[1]);
        String question = args[2];
        long started = System.nanoTime();
        String outcome = "rows";
        long answerNanos;
        try (Connection c = DriverManager.getConnection(url)) {
            long connectNanos = System.nanoTime() - started;
            Thread.sleep(waitMillis);
            long asked = System.nanoTime();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("NL: " + question)) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            } catch (SQLException e) {
                outcome = "error " + e.getSQLState();
            }
            answerNanos = System.nanoTime() - asked;
            System.out.printf(java.util.Locale.ROOT, "{\"connect_ms\": %.1f, \"answer_ms\": %.1f, \"outcome\": \"%s\"}%n",
                    connectNanos / 1e6, answerNanos / 1e6, outcome);
        }
        System.out.flush();
        System.exit(0); // java-llama.cpp's native thread would hold the JVM open
    }
}
