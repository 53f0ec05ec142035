package dev.nl2sql.driver;

import dev.nl2sql.engine.tuning.TuningSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The database behind a {@code jdbc:nl2sql:} connection, as fine-tuning reads it: the connection questions run on,
 * the schema's cache key, the connection's engine settings (which shape the prompts) and its memory.
 *
 * <pre>{@code
 * try (Connection c = DriverManager.getConnection("jdbc:nl2sql:jdbc:sqlite:shop.db")) {
 *     TrainingSet set = new TrainingSetBuilder().build(NlTuning.source(c), TrainingSetBuilder.Options.DEFAULTS);
 * }
 * }</pre>
 */
public final class NlTuning {

    private NlTuning() {
    }

    /** The training source of a jdbc:nl2sql: connection (or a pool's proxy of one); it needs no model. */
    public static TuningSource source(Connection connection) throws SQLException {
        Nl2SqlConnection nl = connection.unwrap(Nl2SqlConnection.class);
        NlSession session = nl.nl(false);
        session.follow(nl.delegate);
        return new TuningSource(session.answers(), session.schemaKey(), session.settings(), session.memoryUse());
    }
}
