package dev.nl2sql.examples.dashboard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Each user's questions and SQL from the page, with how they ended, in the dashboard's own store: searchable and
 * run again from the page. Only the newest {@value #KEEP_PER_USER} per user are kept; rows are not (a re-run asks
 * the database again).
 */
final class History {

    static final int KEEP_PER_USER = 1000;
    static final int MAX_SEARCH_CHARS = 200;

    /** One question or SQL as the history lists it. */
    record Entry(long id, String kind, String text, String sql, String state, Integer rowCount, String error,
            long elapsedMs, String at) {
    }

    private final AppStore store;

    History(AppStore store) {
        this.store = store;
    }

    /** Records a job that has just ended as {@code end}. */
    void record(QueryJob job, QueryJob.State end) throws SQLException {
        QueryResult result = job.result();
        try (Connection c = store.connection()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO history (user_name, kind, text, sql_text, "
                    + "state, row_count, error, elapsed_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, job.owner());
                s.setString(2, job.kind().name().toLowerCase(Locale.ROOT));
                s.setString(3, job.text());
                s.setString(4, job.sql());
                s.setString(5, end.name().toLowerCase(Locale.ROOT));
                if (end == QueryJob.State.DONE && result != null) {
                    s.setInt(6, result.rowCount());
                } else {
                    s.setNull(6, Types.INTEGER);
                }
                String error = job.error();
                s.setString(7, error == null || error.length() <= 4000 ? error : error.substring(0, 3999) + "…");
                s.setLong(8, job.elapsed().toMillis());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM history WHERE user_name = ? AND id <= "
                    + "(SELECT id FROM history WHERE user_name = ? ORDER BY id DESC OFFSET ? ROWS FETCH FIRST 1 ROW ONLY)")) {
                s.setString(1, job.owner());
                s.setString(2, job.owner());
                s.setInt(3, KEEP_PER_USER);
                s.executeUpdate();
            }
        }
    }

    /** {@code user}'s entries, newest first, those whose question or SQL contains {@code search} (any case). */
    List<Entry> search(String user, String search, int limit) throws SQLException {
        String term = search == null ? "" : search.strip();
        if (term.length() > MAX_SEARCH_CHARS) {
            throw new ApiException(400, "Search for at most " + MAX_SEARCH_CHARS + " characters");
        }
        String like = "%" + term.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
        try (Connection c = store.connection();
             PreparedStatement s = c.prepareStatement("SELECT id, kind, text, sql_text, state, row_count, error, "
                     + "elapsed_ms, created_at FROM history WHERE user_name = ? AND (LOWER(text) LIKE ? ESCAPE '\\' "
                     + "OR LOWER(COALESCE(sql_text, '')) LIKE ? ESCAPE '\\') ORDER BY id DESC FETCH FIRST ? ROWS ONLY")) {
            s.setString(1, user);
            s.setString(2, like);
            s.setString(3, like);
            s.setInt(4, limit);
            try (ResultSet rs = s.executeQuery()) {
                List<Entry> entries = new ArrayList<>();
                while (rs.next()) {
                    int rows = rs.getInt(6);
                    entries.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.wasNull() ? null : rows, rs.getString(7), rs.getLong(8),
                            rs.getObject(9).toString()));
                }
                return entries;
            }
        }
    }

    /** Forgets one of {@code user}'s entries; false where they have none of that id. */
    boolean delete(String user, long id) throws SQLException {
        try (Connection c = store.connection();
             PreparedStatement s = c.prepareStatement("DELETE FROM history WHERE user_name = ? AND id = ?")) {
            s.setString(1, user);
            s.setLong(2, id);
            return s.executeUpdate() > 0;
        }
    }
}
