package dev.nl2sql.driver.jdbc;

import dev.nl2sql.driver.DriverConfig;
import dev.nl2sql.driver.DriverProperty;
import dev.nl2sql.driver.Errors;
import dev.nl2sql.engine.EngineSettings;
import dev.nl2sql.engine.Engines;
import dev.nl2sql.engine.GenerationControl;
import dev.nl2sql.engine.GenerationRequest;
import dev.nl2sql.engine.Translation;
import dev.nl2sql.engine.Translator;
import dev.nl2sql.engine.schema.SchemaCache;
import dev.nl2sql.models.ModelResolver;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * The question side of one connection: its engine settings, the translator they select (shared JVM-wide), and the
 * key under which the database's schema is cached. Made on the first question, so plain-SQL connections pay nothing.
 */
final class NlSession {

    private final Connection delegate;
    private final Translator translator;
    private final String databaseKey;
    private final IdentifierStyle style;
    private final long defaultTimeoutMillis;
    private final int maxRows;
    private final int attempts;

    private NlSession(Connection delegate, Translator translator, String databaseKey, IdentifierStyle style,
            long defaultTimeoutMillis, int maxRows, int attempts) {
        this.delegate = delegate;
        this.translator = translator;
        this.databaseKey = databaseKey;
        this.style = style;
        this.defaultTimeoutMillis = defaultTimeoutMillis;
        this.maxRows = maxRows;
        this.attempts = attempts;
    }

    static NlSession open(Connection delegate, DriverConfig config) throws SQLException {
        EngineSettings settings = settings(config);
        long timeoutMillis = config.getInt(DriverProperty.QUERY_TIMEOUT, 1) * 1000L;
        int maxRows = config.getInt(DriverProperty.MAX_ROWS, 1);
        Translator translator = Engines.translator(settings);
        DatabaseMetaData metaData = delegate.getMetaData();
        return new NlSession(delegate, translator, databaseKey(metaData),
                IdentifierStyle.forProduct(metaData.getDatabaseProductName()), timeoutMillis, maxRows,
                settings.pipeline() == EngineSettings.Pipeline.BASELINE ? 1 : settings.attempts());
    }

    /** Connections to the same database as the same user share one cached schema. */
    private static String databaseKey(DatabaseMetaData metaData) throws SQLException {
        return metaData.getURL() + '\u0000' + metaData.getUserName();
    }

    /** DDL ran on a connection that has asked no question yet: drop what other connections cached. */
    static void schemaChanged(Connection delegate) {
        try {
            SchemaCache.shared().invalidate(databaseKey(delegate.getMetaData()));
        } catch (SQLException e) {
            // the schema is read again when its cache entry expires
        }
    }

    static EngineSettings settings(DriverConfig config) throws SQLException {
        int threads = config.get(DriverProperty.THREADS).isPresent() ? config.getInt(DriverProperty.THREADS, 1)
                : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        Path modelsDir = config.get(DriverProperty.MODELS_DIR).map(Path::of)
                .orElseGet(ModelResolver::defaultModelsDir);
        return new EngineSettings(
                config.get(DriverProperty.ENGINE).orElse("llama"),
                config.get(DriverProperty.MODEL).orElse(null),
                modelsDir,
                config.get(DriverProperty.CHAT_TEMPLATE).orElse(null),
                config.getInt(DriverProperty.GPU_LAYERS, 0),
                threads,
                config.getInt(DriverProperty.CONTEXT_SIZE, 256),
                config.getFloat(DriverProperty.TEMPERATURE),
                config.getInt(DriverProperty.MAX_TOKENS, 8),
                config.getInt(DriverProperty.MAX_CONCURRENT, 1),
                config.getInt(DriverProperty.SCHEMA_PROMPT_CHARS, 200),
                config.getInt(DriverProperty.MAX_QUESTION_CHARS, 1),
                new EngineSettings.Server(
                        config.get(DriverProperty.SERVER_URL).orElse(null),
                        config.get(DriverProperty.SERVER_MODEL).orElse(null),
                        config.get(DriverProperty.SERVER_API_KEY).orElse(null),
                        config.get(DriverProperty.SERVER_GRAMMAR).orElse("grammar")),
                config.get(DriverProperty.REPLAY).map(Path::of).orElse(null),
                Boolean.parseBoolean(config.get(DriverProperty.NATIVE_LOG).orElse("false")),
                pipeline(config.get(DriverProperty.PIPELINE).orElse("full")),
                config.getInt(DriverProperty.ATTEMPTS, 1));
    }

    private static EngineSettings.Pipeline pipeline(String name) throws SQLException {
        try {
            return EngineSettings.Pipeline.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Errors.invalidProperty(DriverProperty.PIPELINE, name, "full (the default) or baseline");
        }
    }

    Translation translate(String question, GenerationControl control) throws SQLException {
        return translator.translate(question, delegate, databaseKey, control);
    }

    /** Another attempt at a question: the model sees what went wrong; a candidate list continues after the last. */
    Translation translate(String question, GenerationControl control, List<GenerationRequest.Feedback> feedback,
            int candidate) throws SQLException {
        return translator.translate(question, delegate, databaseKey, control, feedback, candidate);
    }

    /** SQL candidates tried for one question: nl2sql.attempts, or one for the baseline pipeline. */
    int attempts() {
        return attempts;
    }

    /** The deadline of a question: the statement's own timeout where it set one, else nl2sql.queryTimeout. */
    GenerationControl control(int statementTimeoutSeconds) {
        return GenerationControl.withTimeout(timeoutMillis(statementTimeoutSeconds));
    }

    /** The statement's own timeout where it set one, else nl2sql.queryTimeout. */
    long timeoutMillis(int statementTimeoutSeconds) {
        return statementTimeoutSeconds > 0 ? statementTimeoutSeconds * 1000L : defaultTimeoutMillis;
    }

    /** The smaller of the client's row limit (0: none) and the driver's own. */
    int rowLimit(int clientMaxRows) {
        return clientMaxRows > 0 ? Math.min(clientMaxRows, maxRows) : maxRows;
    }

    IdentifierStyle style() {
        return style;
    }

    void schemaChanged() {
        SchemaCache.shared().invalidate(databaseKey);
    }
}
