package dev.nl2sql.driver.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Replays one client's calls on the bare driver and on jdbc:nl2sql:, step by step, and asserts that every answer is
 * the same: values, result sets (labels, type names and every row), and failures (SQLState and message).
 */
final class SideBySide {

    /** One call a client makes; the answer is rendered to text for the comparison. */
    @FunctionalInterface
    interface Call {
        Object on(Connection connection) throws Exception;
    }

    private final Connection direct;
    private final Connection wrapped;
    private final List<String> transcript = new ArrayList<>();

    SideBySide(Connection direct, Connection wrapped) {
        this.direct = direct;
        this.wrapped = wrapped;
    }

    /** Runs the call on both connections and asserts equal answers; returns the wrapped side's rendering. */
    String same(String step, Call call) {
        String expected = render(call, direct);
        String actual = render(call, wrapped);
        assertEquals(expected, actual, step + ": jdbc:nl2sql: answers differently from the bare driver");
        transcript.add(step + " -> " + abbreviate(actual));
        return actual;
    }

    /**
     * As {@link #same}, for catalog-wide reads on a shared server (PostgreSQL), where another process may create or
     * drop an object between the two calls: a mismatch is read again, both sides, up to three times. A difference
     * that the wrapper causes is stable and still fails.
     */
    String sameOnSharedServer(String step, Call call) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            String expected = render(call, direct);
            String actual = render(call, wrapped);
            if (expected.equals(actual) || attempt == 3) {
                assertEquals(expected, actual, step + ": jdbc:nl2sql: answers differently from the bare driver");
                transcript.add(step + " -> " + abbreviate(actual));
                return actual;
            }
            Thread.sleep(200);
        }
    }

    /** For the few answers that differ on purpose: runs the call on the wrapped connection only. */
    String wrappedOnly(String step, Call call) {
        String actual = render(call, wrapped);
        transcript.add(step + " -> " + abbreviate(actual));
        return actual;
    }

    List<String> transcript() {
        return transcript;
    }

    static String render(Call call, Connection connection) {
        try {
            return render(call.on(connection));
        } catch (SQLException e) {
            return "SQLException[" + e.getSQLState() + "] " + e.getMessage();
        } catch (Exception e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    static String render(Object value) throws SQLException {
        if (value instanceof ResultSet rs) {
            try (rs) {
                return renderRows(rs);
            }
        }
        if (value instanceof Object[] array) {
            return Arrays.deepToString(array);
        }
        if (value instanceof byte[] bytes) {
            return Arrays.toString(bytes);
        }
        if (value instanceof int[] ints) {
            return Arrays.toString(ints);
        }
        return String.valueOf(value);
    }

    /** Labels and type names, then every row; the result set is read to the end. */
    static String renderRows(ResultSet rs) throws SQLException {
        StringBuilder out = new StringBuilder();
        ResultSetMetaData md = rs.getMetaData();
        int columns = md.getColumnCount();
        for (int i = 1; i <= columns; i++) {
            out.append(i == 1 ? "" : " | ").append(md.getColumnLabel(i)).append(':').append(md.getColumnTypeName(i));
        }
        int rows = 0;
        while (rs.next()) {
            out.append('\n');
            for (int i = 1; i <= columns; i++) {
                out.append(i == 1 ? "" : " | ").append(render(rs.getObject(i)));
            }
            rows++;
        }
        return out.append("\n(").append(rows).append(" rows)").toString();
    }

    private static String abbreviate(String text) {
        String flat = text.replace('\n', ' ');
        return flat.length() <= 120 ? flat : flat.substring(0, 117) + "...";
    }
}
