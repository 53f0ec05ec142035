package dev.nl2sql.tune;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The database a command reads: a {@code jdbc:nl2sql:} URL, its account and connection properties. */
final class DatabaseOptions {

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "the database, as a jdbc:nl2sql: URL (nl2sql.* settings and memory included)")
    String url;

    @Option(names = "--user", paramLabel = "NAME", description = "the database account")
    String user;

    @Option(names = "--password", paramLabel = "SECRET", description = "its password")
    String password;

    @Option(names = {"-p", "--property"}, paramLabel = "KEY=VALUE",
            description = "a connection property, such as nl2sql.memoryUrl=... (repeatable)")
    Map<String, String> connectionProperties = new LinkedHashMap<>();

    /** Refuses a URL that does not go through nl2sql: its settings and memory would be missed. */
    void check(CommandSpec spec) {
        if (!url.startsWith("jdbc:nl2sql:")) {
            throw new ParameterException(spec.commandLine(), "--url must be a jdbc:nl2sql: URL, such as "
                    + "jdbc:nl2sql:jdbc:sqlite:shop.db (the settings and memory of questions come with it)");
        }
    }

    /** The connection properties, account included, with these added (they win). */
    Properties properties(Map<String, String> overrides) {
        Properties properties = new Properties();
        properties.putAll(connectionProperties);
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.putAll(overrides);
        return properties;
    }

    Connection open() throws SQLException {
        return open(Map.of());
    }

    Connection open(Map<String, String> overrides) throws SQLException {
        return DriverManager.getConnection(url, properties(overrides));
    }
}
