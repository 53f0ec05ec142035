package dev.nl2sql.engine.sql;

import java.util.List;
import java.util.Map;

/**
 * How a database's connection for answers is opened and set up: settings its URL must carry (they win over
 * properties in MariaDB Connector/J), properties for its driver, and session statements, each with the query that
 * reads its effect back where a proxy in between could drop it.
 *
 * @param urlSettings  URL parameters the connection must have, replacing the caller's
 * @param properties   driver properties the connection must have
 * @param statements   run once on the new connection, in order
 */
public record AnswerSession(Map<String, String> urlSettings, Map<String, String> properties, List<Pin> statements) {

    /** A session statement, and a query that must then return {@code expected} (both null where nothing is read). */
    public record Pin(String statement, String check, String expected) {

        static Pin of(String statement) {
            return new Pin(statement, null, null);
        }
    }

    public AnswerSession {
        urlSettings = Map.copyOf(urlSettings);
        properties = Map.copyOf(properties);
        statements = List.copyOf(statements);
    }
}
