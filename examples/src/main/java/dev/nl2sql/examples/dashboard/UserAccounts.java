package dev.nl2sql.examples.dashboard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The people who may log in to the dashboard, with PBKDF2 password hashes and a role, in the dashboard's own store.
 * An admin manages users and may change every dashboard and every taught item; there is always at least one admin
 * while there are users (the store makes its first user one, and the last admin cannot be removed or demoted).
 */
final class UserAccounts {

    static final int MIN_PASSWORD_LENGTH = 8;
    static final int MAX_PASSWORD_LENGTH = 1024;
    static final String ADMIN = "admin";
    static final String USER = "user";
    static final List<String> ROLES = List.of(ADMIN, USER);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    /** A user as the admin page lists them. */
    record Account(String name, String role, String createdAt) {
    }

    private final AppStore store;

    UserAccounts(AppStore store) {
        this.store = store;
    }

    boolean isEmpty() throws SQLException {
        try (Connection c = store.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users")) {
            rs.next();
            return rs.getLong(1) == 0;
        }
    }

    boolean exists(String name) throws SQLException {
        return storedHash(name) != null;
    }

    /** The role of a user, or empty for a name that is not (or no longer) a user. */
    Optional<String> role(String name) throws SQLException {
        try (Connection c = store.connection();
             PreparedStatement s = c.prepareStatement("SELECT role FROM users WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    List<Account> list() throws SQLException {
        try (Connection c = store.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, role, created_at FROM users ORDER BY name")) {
            List<Account> accounts = new ArrayList<>();
            while (rs.next()) {
                accounts.add(new Account(rs.getString(1), rs.getString(2), rs.getObject(3).toString()));
            }
            return accounts;
        }
    }

    /** Adds a user; refuses a name that is taken or malformed, a password that is too short, and an unknown role. */
    void add(String name, char[] password, String role) throws SQLException {
        checkName(name);
        checkPassword(password);
        checkRole(role);
        try (Connection c = store.connection();
             PreparedStatement s = c.prepareStatement("INSERT INTO users (name, password_hash, role) VALUES (?, ?, ?)")) {
            s.setString(1, name);
            s.setString(2, PasswordHashing.hash(password));
            s.setString(3, role);
            s.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new IllegalArgumentException("User " + name + " exists already", e);
            }
            throw e;
        }
        // A store without an admin (users added before any was) makes its first user one.
        store.ensureAnAdmin();
    }

    /** Replaces the password of an existing user. */
    void setPassword(String name, char[] password) throws SQLException {
        checkPassword(password);
        try (Connection c = store.connection();
             PreparedStatement s = c.prepareStatement("UPDATE users SET password_hash = ? WHERE name = ?")) {
            s.setString(1, PasswordHashing.hash(password));
            s.setString(2, name);
            if (s.executeUpdate() == 0) {
                throw new IllegalArgumentException("No user named " + name);
            }
        }
    }

    /** Gives a user another role; the last admin stays one. */
    void setRole(String name, String role) throws SQLException {
        checkRole(role);
        changeKeepingAnAdmin(name, "UPDATE users SET role = ? WHERE name = ?", role,
                "stay an admin: make another user an admin first");
    }

    /** Removes a user; never the last admin. */
    void remove(String name) throws SQLException {
        changeKeepingAnAdmin(name, "DELETE FROM users WHERE name = ?", null,
                "stay: make another user an admin first");
    }

    /**
     * Runs a change to one user in a transaction that checks, after the change, that an admin is left. One at a
     * time (one process holds the store: H2 locks its file), so two admins demoting each other cannot both succeed.
     */
    private synchronized void changeKeepingAnAdmin(String name, String sql, String role, String lastAdminAdvice)
            throws SQLException {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    int at = 1;
                    if (role != null) {
                        s.setString(at++, role);
                    }
                    s.setString(at, name);
                    if (s.executeUpdate() == 0) {
                        throw new ApiException(404, "No user named " + name);
                    }
                }
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users WHERE role = 'admin'")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        throw new ApiException(409, name + " is the last admin and must " + lastAdminAdvice);
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Whether the name and password match a user; an unknown name costs as much time as a wrong password. */
    boolean verify(String name, char[] password) throws SQLException {
        return PasswordHashing.verify(password, NAME.matcher(name).matches() ? storedHash(name) : null);
    }

    private String storedHash(String name) throws SQLException {
        try (Connection c = store.connection();
             PreparedStatement s = c.prepareStatement("SELECT password_hash FROM users WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "A user name is 1 to 64 letters, digits, '.', '_', '@' or '-': " + name);
        }
    }

    static void checkPassword(char[] password) {
        if (password == null || password.length < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException(
                    "A password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length > MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("A password has at most " + MAX_PASSWORD_LENGTH + " characters");
        }
    }

    private static void checkRole(String role) {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("A role is one of " + ROLES + ", not " + role);
        }
    }
}
