package dev.nl2sql.driver;

import dev.nl2sql.engine.Conversation;
import dev.nl2sql.engine.EngineSettings;
import dev.nl2sql.engine.wiring.Engines;
import dev.nl2sql.engine.GenerationControl;
import dev.nl2sql.engine.GenerationRequest;
import dev.nl2sql.engine.Translation;
import dev.nl2sql.engine.Translator;
import dev.nl2sql.engine.memory.MemoryUse;
import dev.nl2sql.engine.memory.TaughtMemory;
import dev.nl2sql.engine.schema.SchemaSnapshot;
import dev.nl2sql.engine.schema.SchemaCache;
import dev.nl2sql.engine.sql.TargetDialect;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The question side of one connection: its engine settings, the translator they select (shared JVM-wide), and the
 * key under which the database's schema is cached. Made on the first question, so plain-SQL connections pay nothing.
 */
final class NlSession {

    private static final Logger log = LoggerFactory.getLogger(NlSession.class);

    /** Where generated SQL runs and the schema is read: a connection of its own, or the caller's (see below). */
    private volatile Connection answers;
    /** Opens the connection for answers again after it was lost; null when it is the caller's. */
    private final AnswerConnections answerConnections;
    /** Whether {@link #answers} is this session's own connection (closed with it) rather than the caller's. */
    private final boolean ownsAnswers;
    private final EngineSettings settings;
    /** URL (without credentials) and account: the prefix of the schema cache keys of this session. */
    private final String databaseKey;
    /** The database key with the catalog and schema the caller last had: the schema cache key of its questions. */
    private volatile String schemaKey;
    private final IdentifierStyle style;
    private final long defaultTimeoutMillis;
    private final int maxRows;
    private final int attempts;
    /** Whether the database runs inside this JVM, on the caller's heap (see {@link HeapGuard}). */
    private final boolean inProcess;
    /** What was taught (nl2sql.memory); null when it is off. */
    private final SessionSettings.MemorySettings memory;
    /**
     * The database's identity in the memory: the caller's URL without credentials, catalog and schema. Unlike the
     * schema key it leaves out the account, so everybody who uses the database shares what was taught for it.
     */
    private volatile String memoryKey;
    /** The questions answered so far that a follow-up may refer to; null when nl2sql.conversation=off. */
    private final ConversationLog conversation;

    private NlSession(Connection answers, boolean ownsAnswers, AnswerConnections answerConnections,
            EngineSettings settings, String databaseKey, IdentifierStyle style,
            long defaultTimeoutMillis, int maxRows, int attempts, boolean inProcess,
            SessionSettings.MemorySettings memory, ConversationLog conversation) {
        this.answers = answers;
        this.ownsAnswers = ownsAnswers;
        this.answerConnections = answerConnections;
        this.settings = settings;
        this.databaseKey = databaseKey;
        this.schemaKey = databaseKey;
        this.style = style;
        this.defaultTimeoutMillis = defaultTimeoutMillis;
        this.maxRows = maxRows;
        this.attempts = attempts;
        this.inProcess = inProcess;
        this.memory = memory;
        this.memoryKey = urlKey(databaseKey) + '\u0000' + '\u0000';
        this.conversation = conversation;
    }

    /**
     * The question side of a connection. Generated SQL runs on a connection of its own ({@link AnswerConnections}),
     * and the schema is read there too, so the model only sees what that account may read; a private in-memory
     * database can only be reached through the caller's connection.
     */
    static NlSession open(Connection delegate, DriverConfig config, AnswerConnections answerConnections,
            boolean forQuestion) throws SQLException {
        EngineSettings settings = SessionSettings.engine(config);
        long timeoutMillis = SessionSettings.timeoutMillis(config);
        int maxRows = SessionSettings.maxRows(config);
        SessionSettings.MemorySettings memory = SessionSettings.memory(config);
        SessionSettings.ConversationSettings conversation = SessionSettings.conversation(config);
        SessionSettings.warmUp(config); // read at connect, where a bad value is only logged: named here
        if (forQuestion) {
            Engines.translator(settings); // a missing model or a bad engine setting fails on the first question
        }
        Connection own = answerConnections == null ? null : answerConnections.open();
        Connection answers = own != null ? own : delegate;
        DatabaseMetaData metaData = answers.getMetaData();
        TargetDialect.warnIfUnknown(metaData.getDatabaseProductName());
        return new NlSession(answers, own != null, answerConnections, settings, databaseKey(delegate, metaData),
                IdentifierStyle.forProduct(metaData.getDatabaseProductName()), timeoutMillis, maxRows,
                settings.pipeline() == EngineSettings.Pipeline.BASELINE ? 1 : settings.attempts(),
                HeapGuard.inProcess(metaData.getURL()), memory,
                conversation == null ? null : new ConversationLog(conversation));
    }

    /**
     * Connections to the same database as the same user share one cached schema. The caller's URL names the database
     * (the connection for answers may add settings of its own to it), so DDL on the caller's connection finds the key.
     */
    private static String databaseKey(Connection caller, DatabaseMetaData answers) throws SQLException {
        return AnswerConnections.withoutCredentials(caller.getMetaData().getURL()) + '\u0000' + answers.getUserName();
    }

    /** DDL ran on a connection that has asked no question yet: drop what other connections cached. */
    static void schemaChanged(Connection delegate) {
        try {
            SchemaCache.shared().invalidateAll(
                    AnswerConnections.withoutCredentials(delegate.getMetaData().getURL()) + '\u0000');
        } catch (SQLException e) {
            // the schema is read again when its cache entry expires
        }
    }

    /** A question's first attempt, with the earlier turns of its conversation ({@code context}) in the prompt. */
    Translation translate(String question, Conversation context, GenerationControl control) throws SQLException {
        return translate(question, context, control, List.of(), 0);
    }

    /** Another attempt at a question: the model sees what went wrong; a candidate list continues after the last. */
    Translation translate(String question, Conversation context, GenerationControl control,
            List<GenerationRequest.Feedback> feedback, int candidate) throws SQLException {
        // looked up per question: a model whose file changed is replaced by a fresh load
        return Engines.translator(settings).translate(question, answers, schemaKey, control, feedback, candidate,
                memoryUse(), context);
    }

    /**
     * Prepares the schema, the grammar, the checker and Calcite for this database ahead of the first question (the
     * model was loaded when the session opened). It reads only the session's own connection, under the catalog and
     * schema that connection starts in, which are the caller's at connect time; the caller's connection belongs to
     * the caller's thread, so a session on it (a private in-memory database) warms the model alone.
     */
    void warmUp() throws SQLException {
        Translator translator = Engines.translator(settings);
        if (ownsAnswers) {
            translator.warmUp(answers, databaseKey + '\u0000' + answers.getCatalog() + '\u0000' + answers.getSchema());
        }
    }

    /** The conversation follow-up questions refer to; null when nl2sql.conversation=off. */
    ConversationLog conversation() {
        return conversation;
    }

    /** What questions of this session may use from the memory; null when it is off. */
    MemoryUse memoryUse() {
        return memory == null ? null : new MemoryUse(TaughtMemory.forUrl(memory.url()), memoryKey, memory.examples(),
                memory.promptChars());
    }

    /** The memory taught pairs and notes go to; null when nl2sql.memory=off. */
    TaughtMemory memory() {
        return memory == null ? null : TaughtMemory.forUrl(memory.url());
    }

    /** The schema cache key of this session's questions (after {@link #follow}). */
    String schemaKey() {
        return schemaKey;
    }

    EngineSettings settings() {
        return settings;
    }

    /** This database's identity in the memory (after {@link #follow}). */
    String memoryKey() {
        return memoryKey;
    }

    /** The schema questions see now, for checking what is taught. */
    SchemaSnapshot schema() throws SQLException {
        return SchemaCache.shared().get(schemaKey, answers);
    }

    private static String urlKey(String databaseKey) {
        return databaseKey.substring(0, databaseKey.indexOf('\u0000'));
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

    boolean inProcess() {
        return inProcess;
    }

    /** The connection generated SQL runs on. */
    Connection answers() {
        return answers;
    }

    /**
     * Runs generated SQL: on the session's own connection as it is (it was opened read-only where the database can
     * be); on the caller's connection with its read-only flag switched on for the query where that can be done.
     */
    <T> T runGenerated(GeneratedSql.SqlWork<T> work) throws SQLException {
        return ownsAnswers ? work.run() : GeneratedSql.readOnly(answers, work);
    }

    /**
     * An error of generated SQL: if it means the connection for answers is gone (the server ended the session, the
     * network broke), that connection is closed and the next question opens a new one. The caller's own connection
     * is fine, so the error must not carry a class 08 or 57P0x state, on which pools evict the caller's connection.
     */
    SQLException afterFailure(SQLException e) {
        String state = e.getSQLState();
        boolean lost = state != null && (state.startsWith("08") || state.startsWith("57P0"));
        if (!ownsAnswers || !lost) {
            return e;
        }
        try {
            answers.close();
        } catch (SQLException ignored) {
            // it is gone already
        }
        return new SQLException("The connection that runs questions was lost (" + e.getMessage() + "). Your "
                + "connection is fine; ask again and a new one is opened.", SqlState.GENERAL.code(), e);
    }

    void close() throws SQLException {
        if (ownsAnswers) {
            answers.close();
        }
    }

    /** Connection.abort reaches the connection questions run on too; where its driver cannot abort, it is closed. */
    void abort(Executor executor) {
        if (!ownsAnswers) {
            return;
        }
        try {
            answers.abort(executor);
        } catch (SQLException | RuntimeException e) {
            log.debug("Aborting the connection for questions failed; closing it instead", e);
            try {
                answers.close();
            } catch (SQLException ignored) {
                // it is being torn down either way
            }
        }
    }

    IdentifierStyle style() {
        return style;
    }

    void schemaChanged() {
        SchemaCache.shared().invalidateAll(databaseKey.substring(0, databaseKey.indexOf('\u0000') + 1));
    }

    /**
     * Before a question: generated SQL must see the catalog and schema the caller chose (DBeaver and Metabase call
     * setSchema/setCatalog on their connection), so the connection for answers follows them.
     */
    void follow(Connection caller) throws SQLException {
        if (ownsAnswers && answers.isClosed()) {
            answers = answerConnections.open();
        }
        if (!ownsAnswers) {
            schemaKey = databaseKey + '\u0000' + caller.getCatalog() + '\u0000' + caller.getSchema();
            memoryKey = urlKey(databaseKey) + '\u0000' + caller.getCatalog() + '\u0000' + caller.getSchema();
            return;
        }
        String catalog = caller.getCatalog();
        if (catalog != null && !catalog.equals(answers.getCatalog())) {
            answers.setCatalog(catalog);
        }
        String schema = caller.getSchema();
        if (schema != null && !schema.equals(answers.getSchema())) {
            answers.setSchema(schema);
        }
        schemaKey = databaseKey + '\u0000' + catalog + '\u0000' + schema;
        memoryKey = urlKey(databaseKey) + '\u0000' + catalog + '\u0000' + schema;
    }
}
