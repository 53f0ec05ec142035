package dev.nl2sql.examples.dashboard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** The people who may log in to the dashboard, with PBKDF2 password hashes, in the dashboard's own store. */
final class UserAccounts {

    static final int MIN_PASSWORD_LENGTH = 8;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

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

    /** Adds a user; refuses a name that is taken or malformed, and a password that is too short. */
    void add(String name, char[] password) throws SQLException {
        checkName(name);
        checkPassword(password);
        try (Connection c = store.connection();
             PreparedStatement s = c.prepareStatement("INSERT INTO users (name, password_hash) VALUES (?, ?)")) {
            s.setString(1, name);
            s.setString(2, PasswordHashing.hash(password));
            s.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new IllegalArgumentException("User " + name + " exists already", e);
            }
            throw e;
        }
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

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "A user name is 1 to 64 letters, digits, '.', '_', '@' or '-': " + name);
        }
    }

    private static void checkPassword(char[] password) {
        if (password == null || password.length < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException(
                    "A password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        }
    }
}
