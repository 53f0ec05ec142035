package dev.nl2sql.examples.dashboard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Named dashboards and the queries pinned to them, in the dashboard's own store, so they outlive a restart. A pin
 * keeps the SQL (not only the question): opening the dashboard re-runs that SQL on fresh data, without asking the
 * model again. Every user reads every dashboard; only its creator or an admin changes it (renames it, pins to it,
 * removes its pins, deletes it).
 */
final class Dashboards {

    static final List<String> DISPLAYS = ChartSpec.KINDS;

    /** A dashboard in the list. */
    record Summary(long id, String name, int pins, String createdBy) {
    }

    /**
     * One pinned query and how it is shown: its display, and the chart's axes where the user chose them ({@code x}
     * a column or -1 for the row number, {@code y} the measured columns), else null for those its shape calls for.
     */
    record Pin(long id, long dashboardId, String title, String question, String sql, String display,
            String createdBy, Integer x, List<Integer> y) {
    }

    /** A dashboard with its pins, oldest first. */
    record Board(long id, String name, String createdBy, List<Pin> pins) {
    }

    private final AppStore store;

    Dashboards(AppStore store) {
        this.store = store;
    }

    List<Summary> list() throws SQLException {
        try (Connection c = store.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT d.id, d.name, d.created_by, "
                     + "(SELECT COUNT(*) FROM pins p WHERE p.dashboard_id = d.id) FROM dashboards d ORDER BY d.name")) {
            List<Summary> list = new ArrayList<>();
            while (rs.next()) {
                list.add(new Summary(rs.getLong(1), rs.getString(2), rs.getInt(4), rs.getString(3)));
            }
            return list;
        }
    }

    /** Creates an empty dashboard; a name that is taken is refused. */
    Summary create(String name, String user) throws SQLException {
        String checked = checkedName(name);
        try (Connection c = store.connection()) {
            if (idOf(c, checked).isPresent()) {
                throw new ApiException(409, "A dashboard named \"" + checked + "\" exists already");
            }
            return new Summary(insertDashboard(c, checked, user), checked, 0, user);
        }
    }

    Optional<Board> find(long id) throws SQLException {
        try (Connection c = store.connection();
             PreparedStatement s = c.prepareStatement("SELECT name, created_by FROM dashboards WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Board(id, rs.getString(1), rs.getString(2), pins(c, id)));
            }
        }
    }

    boolean delete(long id) throws SQLException {
        try (Connection c = store.connection();
             PreparedStatement s = c.prepareStatement("DELETE FROM dashboards WHERE id = ?")) {
            s.setLong(1, id);
            return s.executeUpdate() > 0;
        }
    }

    /** Who may change a dashboard: its creator, and admins. */
    static boolean mayChange(String createdBy, String user, boolean admin) {
        return admin || user.equals(createdBy);
    }

    /** Renames a dashboard; a name another one has is refused. */
    void rename(long id, String name, String user, boolean admin) throws SQLException {
        String checked = checkedName(name);
        Board board = find(id).orElseThrow(() -> new ApiException(404, "No such dashboard (deleted by someone else?)"));
        refuseUnlessAllowed(board.createdBy(), user, admin);
        try (Connection c = store.connection();
             PreparedStatement s = c.prepareStatement("UPDATE dashboards SET name = ? WHERE id = ?")) {
            s.setString(1, checked);
            s.setLong(2, id);
            s.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new ApiException(409, "A dashboard named \"" + checked + "\" exists already");
            }
            throw e;
        }
    }

    static void refuseUnlessAllowed(String createdBy, String user, boolean admin) {
        if (!mayChange(createdBy, user, admin)) {
            throw new ApiException(403, "Only " + createdBy + ", who created this dashboard, or an admin may change "
                    + "it; pin to a dashboard of your own instead");
        }
    }

    /**
     * Pins a query to the dashboard of that name, which is created if it does not exist yet; pinning to someone
     * else's dashboard is for admins.
     */
    Pin pin(String dashboardName, String title, String question, String sql, String display, Integer x,
            List<Integer> y, String user, boolean admin) throws SQLException {
        String name = checkedName(dashboardName);
        String checkedTitle = checked(title, "title", 200);
        String checkedSql = checked(sql, "SQL", 100_000);
        if (!DISPLAYS.contains(display)) {
            throw new ApiException(400, "A pin is shown as one of " + DISPLAYS + ", not " + display);
        }
        if ((x == null) != (y == null) || (x != null && (x < -1 || x > 10_000 || y.size() > ChartChooser.MAX_SERIES
                || y.stream().anyMatch(i -> i < 0 || i > 10_000)))) {
            throw new ApiException(400, "A pin's axes are x (a column, or -1 for the row number) and y (up to "
                    + ChartChooser.MAX_SERIES + " columns), both or neither");
        }
        String axes = x == null ? null : "x=" + x + ";y=" + y.stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(","));
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            try {
                long dashboardId = idOf(c, name).orElse(-1L);
                if (dashboardId < 0) {
                    dashboardId = insertDashboardOrFind(c, name, user);
                }
                refuseUnlessAllowed(createdBy(c, dashboardId), user, admin);
                long id;
                try (PreparedStatement s = c.prepareStatement("INSERT INTO pins (dashboard_id, title, question, "
                        + "sql_text, display, created_by, axes) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    s.setLong(1, dashboardId);
                    s.setString(2, checkedTitle);
                    if (question == null || question.isBlank()) {
                        s.setNull(3, Types.VARCHAR);
                    } else {
                        s.setString(3, question.length() > 2000 ? question.substring(0, 2000) : question);
                    }
                    s.setString(4, checkedSql);
                    s.setString(5, display);
                    s.setString(6, user);
                    s.setString(7, axes);
                    s.executeUpdate();
                    id = generatedId(s);
                }
                c.commit();
                return new Pin(id, dashboardId, checkedTitle, question, checkedSql, display, user, x, y);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    Optional<Pin> findPin(long id) throws SQLException {
        try (Connection c = store.connection();
             PreparedStatement s = c.prepareStatement("SELECT id, dashboard_id, title, question, sql_text, display, "
                     + "created_by, axes FROM pins WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(pin(rs)) : Optional.empty();
            }
        }
    }

    boolean deletePin(long id) throws SQLException {
        try (Connection c = store.connection();
             PreparedStatement s = c.prepareStatement("DELETE FROM pins WHERE id = ?")) {
            s.setLong(1, id);
            return s.executeUpdate() > 0;
        }
    }

    private static List<Pin> pins(Connection c, long dashboardId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, dashboard_id, title, question, sql_text, display, "
                + "created_by, axes FROM pins WHERE dashboard_id = ? ORDER BY id")) {
            s.setLong(1, dashboardId);
            try (ResultSet rs = s.executeQuery()) {
                List<Pin> pins = new ArrayList<>();
                while (rs.next()) {
                    pins.add(pin(rs));
                }
                return pins;
            }
        }
    }

    private static Pin pin(ResultSet rs) throws SQLException {
        String axes = rs.getString(8);
        Integer x = null;
        List<Integer> y = null;
        if (axes != null) {
            String[] parts = axes.split(";", 2);
            x = Integer.parseInt(parts[0].substring(2));
            String ys = parts[1].substring(2);
            y = ys.isEmpty() ? List.of() : java.util.Arrays.stream(ys.split(",")).map(Integer::valueOf).toList();
        }
        return new Pin(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), x, y);
    }

    private static String createdBy(Connection c, long dashboardId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT created_by FROM dashboards WHERE id = ?")) {
            s.setLong(1, dashboardId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static Optional<Long> idOf(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM dashboards WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static long insertDashboard(Connection c, String name, String user) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dashboards (name, created_by) VALUES (?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, name);
            s.setString(2, user);
            s.executeUpdate();
            return generatedId(s);
        }
    }

    /** Creates the dashboard, or finds the one that someone else created by that name a moment ago. */
    private static long insertDashboardOrFind(Connection c, String name, String user) throws SQLException {
        try {
            return insertDashboard(c, name, user);
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            c.rollback();
            return idOf(c, name).orElseThrow(() -> e);
        }
    }

    private static long generatedId(Statement s) throws SQLException {
        try (ResultSet keys = s.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("The store returned no generated id");
            }
            return keys.getLong(1);
        }
    }

    private static String checkedName(String name) {
        return checked(name, "dashboard name", 120);
    }

    private static String checked(String value, String what, int maxLength) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.isEmpty()) {
            throw new ApiException(400, "The " + what + " is empty");
        }
        if (trimmed.length() > maxLength) {
            throw new ApiException(400, "The " + what + " is longer than " + maxLength + " characters");
        }
        return trimmed;
    }
}
