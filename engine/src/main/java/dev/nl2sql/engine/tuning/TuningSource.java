package dev.nl2sql.engine.tuning;

import dev.nl2sql.engine.EngineSettings;
import dev.nl2sql.engine.memory.MemoryUse;
import java.sql.Connection;
import java.util.Objects;

/**
 * The database a training set is made from, as a {@code jdbc:nl2sql:} connection asks questions of it (the driver
 * builds this from such a connection).
 *
 * @param connection  where the schema is read and the queries run: the connection questions are answered on
 * @param databaseKey the schema cache's key of that database (URL without credentials, account, catalog, schema)
 * @param settings    the engine settings of the connection, which shape the prompts (pipeline, schema budget)
 * @param memory      what was taught for the database and how the prompt shows it; null when memory is off
 */
public record TuningSource(Connection connection, String databaseKey, EngineSettings settings, MemoryUse memory) {

    public TuningSource {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(databaseKey, "databaseKey");
        Objects.requireNonNull(settings, "settings");
    }
}
