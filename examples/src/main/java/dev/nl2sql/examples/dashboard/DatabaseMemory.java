package dev.nl2sql.examples.dashboard;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The driver's memory of the database people ask (README, "Teaching nl2sql your database"), reached the way any SQL
 * client reaches it: the statements {@code NL TEACH:}, {@code NL NOTE:}, {@code NL LIST:} and {@code NL FORGET:} on a
 * connection to that database. The driver checks what is taught (one read-only query that runs on this schema) and
 * answers a taught question with its SQL from then on.
 */
final class DatabaseMemory {

    static final int MAX_QUESTION_CHARS = 2_000;
    static final int MAX_SQL_CHARS = 100_000;
    static final int MAX_NOTE_CHARS = 2_000;
    /** Tables and columns a note is tied to: names, {@code table.column}, comma-separated. */
    private static final Pattern TERMS = Pattern.compile("[\\p{L}\\p{N}_$.]+(\\s*,\\s*[\\p{L}\\p{N}_$.]+){0,19}");
    private static final int TIMEOUT_SECONDS = 60;

    /** A taught pair or note as {@code NL LIST:} gives it. */
    record Item(String kind, long id, String question, String sql, String note, String terms, String taughtBy,
            String taughtAt, boolean stale) {
    }

    private final TargetDatabase database;

    DatabaseMemory(TargetDatabase database) {
        this.database = database;
    }

    /** Teaches that {@code sql} answers {@code question}; returns the pair. */
    Item teach(String question, String sql) throws SQLException {
        String q = oneLine(question, "question", MAX_QUESTION_CHARS);
        if (q.contains("=>")) {
            throw new ApiException(400, "A taught question cannot contain \"=>\" (it separates the question from "
                    + "its SQL); rephrase it");
        }
        String s = sql == null ? "" : sql.strip();
        if (s.isEmpty() || s.length() > MAX_SQL_CHARS) {
            throw new ApiException(400, "The SQL is empty or longer than " + MAX_SQL_CHARS + " characters");
        }
        return only(run("NL TEACH: " + q + " => " + s));
    }

    /** Teaches a note, tied to {@code terms} (tables or columns, comma-separated) where given. */
    Item note(String text, String terms) throws SQLException {
        String note = oneLine(text, "note", MAX_NOTE_CHARS);
        String on = terms == null ? "" : terms.strip();
        if (!on.isEmpty() && !TERMS.matcher(on).matches()) {
            throw new ApiException(400, "A note is tied to tables or columns by name (orders, orders.total), "
                    + "comma-separated, at most 20: " + on);
        }
        return only(run(on.isEmpty() ? "NL NOTE: " + note : "NL NOTE ON " + on + ": " + note));
    }

    List<Item> list() throws SQLException {
        return run("NL LIST:");
    }

    /** Forgets a pair or note; false where the memory has none of that id. */
    boolean forget(String kind, long id) throws SQLException {
        try {
            return !run("NL FORGET: " + kind + " " + id).isEmpty();
        } catch (ApiException e) {
            if (e.status() == 400) {
                return false;
            }
            throw e;
        }
    }

    private List<Item> run(String command) throws SQLException {
        try (Connection c = database.open(); Statement s = c.createStatement()) {
            s.setQueryTimeout(TIMEOUT_SECONDS);
            List<Item> items = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(command)) {
                while (rs.next()) {
                    long id = rs.getLong("id");
                    Object at = rs.getObject("taught_at");
                    items.add(new Item(rs.getString("kind"), id, rs.getString("question"), rs.getString("sql"),
                            rs.getString("note"), rs.getString("terms"), rs.getString("taught_by"),
                            at == null ? null : at.toString(), rs.getBoolean("stale")));
                }
            }
            c.rollback();
            return items;
        } catch (SQLException e) {
            // 42000: the driver refused what was taught (the checker, an unknown column, not a query): the user's to fix.
            if ("42000".equals(e.getSQLState())) {
                throw new ApiException(400, "Not taught: " + e.getMessage());
            }
            throw new ApiException(503, "The database's memory failed: " + e.getMessage()
                    + (e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]"));
        }
    }

    private static Item only(List<Item> items) {
        if (items.size() != 1) {
            throw new IllegalStateException("The driver answered " + items.size() + " rows for one item taught");
        }
        return items.get(0);
    }

    private static String oneLine(String text, String what, int maxChars) {
        String line = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        if (line.isEmpty()) {
            throw new ApiException(400, "The " + what + " is empty");
        }
        if (line.length() > maxChars) {
            throw new ApiException(400, "The " + what + " is longer than " + maxChars + " characters");
        }
        return line;
    }
}
