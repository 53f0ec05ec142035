package dev.nl2sql.examples.dashboard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Which dashboard user taught which pair or note, in the dashboard's own store. The driver's memory records the
 * database account that taught an item, and every dashboard user asks through the same account, so ownership (who
 * may remove an item besides an admin) is kept here, by the memory's kind and id, per database.
 */
final class Teachers {

    private final AppStore store;
    private final String database;

    Teachers(AppStore store, String database) {
        this.store = store;
        this.database = database;
    }

    void record(String kind, long id, String user) throws SQLException {
        try (Connection c = store.connection();
             PreparedStatement s = c.prepareStatement("MERGE INTO teachings (database_url, kind, memory_id, taught_by)"
                     + " KEY (database_url, kind, memory_id) VALUES (?, ?, ?, ?)")) {
            s.setString(1, database);
            s.setString(2, kind);
            s.setLong(3, id);
            s.setString(4, user);
            s.executeUpdate();
        }
    }

    /** The dashboard user who taught each item, by "kind id" ({@code pair 3}). */
    Map<String, String> all() throws SQLException {
        try (Connection c = store.connection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT kind, memory_id, taught_by FROM teachings WHERE database_url = ?")) {
            s.setString(1, database);
            try (ResultSet rs = s.executeQuery()) {
                Map<String, String> owners = new HashMap<>();
                while (rs.next()) {
                    owners.put(rs.getString(1) + " " + rs.getLong(2), rs.getString(3));
                }
                return owners;
            }
        }
    }

    void forget(String kind, long id) throws SQLException {
        try (Connection c = store.connection();
             PreparedStatement s = c.prepareStatement(
                     "DELETE FROM teachings WHERE database_url = ? AND kind = ? AND memory_id = ?")) {
            s.setString(1, database);
            s.setString(2, kind);
            s.setLong(3, id);
            s.executeUpdate();
        }
    }
}
