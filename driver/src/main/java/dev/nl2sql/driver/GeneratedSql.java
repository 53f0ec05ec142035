package dev.nl2sql.driver;

import dev.nl2sql.engine.EngineException;
import dev.nl2sql.engine.GenerationControl;
import dev.nl2sql.engine.Translation;
import dev.nl2sql.engine.sql.TargetDialect;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How SQL that a model wrote is run: bounded in rows and time, read-only where the driver can ask for it. */
final class GeneratedSql {

    private static final Logger log = LoggerFactory.getLogger(GeneratedSql.class);

    /** A callable that may throw SQLException. */
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    private GeneratedSql() {
    }

    /**
     * The statement to run for a translation: its SQL, or for EXPLAIN NL: a one-row description of it, whose last
     * column, {@code conversation}, holds the earlier turns that went into the prompt, one {@code question => SQL} per
     * line (empty for a question that stood alone).
     */
    static String statementFor(Translation translation, boolean explain, IdentifierStyle style) {
        if (!explain) {
            return translation.sql();
        }
        return "SELECT " + literal(translation.sql(), style) + " AS " + style.quoted("sql")
                + ", " + literal(translation.model(), style) + " AS " + style.quoted("model")
                + ", " + translation.generationMillis() + " AS " + style.quoted("generation_ms")
                + ", " + translation.promptTokens() + " AS " + style.quoted("prompt_tokens")
                + ", " + translation.generatedTokens() + " AS " + style.quoted("generated_tokens")
                + ", " + translation.attempts() + " AS " + style.quoted("attempts")
                + ", " + literal(translation.modelSql(), style) + " AS " + style.quoted("model_sql")
                + linkingColumns(translation.linking(), style) + memoryColumns(translation.memory(), style)
                + ", " + literal(translation.conversation().describe(), style) + " AS " + style.quoted("conversation");
    }

    /**
     * What was taught that the answer used: {@code memory_pairs} and {@code memory_notes} (ids, comma-separated, as
     * NL LIST: shows them) and {@code from_memory} ('true' when the SQL is a taught pair's, 'false' when a model's).
     */
    private static String memoryColumns(Translation.Memory memory, IdentifierStyle style) {
        return ", " + literal(ids(memory.pairs()), style) + " AS " + style.quoted("memory_pairs")
                + ", " + literal(ids(memory.notes()), style) + " AS " + style.quoted("memory_notes")
                + ", " + literal(String.valueOf(memory.answered()), style) + " AS " + style.quoted("from_memory");
    }

    private static String ids(java.util.List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * What the prompt described: {@code linked_tables} and {@code linked_columns} ({@code table.column}) and
     * {@code matched_values} ({@code table.column = 'value'}), each comma-separated; {@code linking_ms} (milliseconds,
     * to the microsecond) and {@code prompt_chars}.
     */
    private static String linkingColumns(Translation.Linking linking, IdentifierStyle style) {
        return ", " + literal(String.join(", ", linking.tables()), style) + " AS " + style.quoted("linked_tables")
                + ", " + literal(String.join(", ", linking.columns()), style) + " AS " + style.quoted("linked_columns")
                + ", " + literal(String.join(", ", linking.values()), style) + " AS " + style.quoted("matched_values")
                + ", " + String.format(Locale.ROOT, "%.3f", linking.millis()) + " AS " + style.quoted("linking_ms")
                + ", " + linking.promptChars() + " AS " + style.quoted("prompt_chars");
    }

    /** Every answered question is logged with the SQL that ran: what a model wrote must be traceable. */
    static void logAnswer(Translation translation) {
        if (log.isInfoEnabled()) {
            log.info("NL question \"{}\" -> {}", NlAnswerWarning.oneLine(translation.question()),
                    NlAnswerWarning.oneLine(translation.sql()));
        }
    }

    /**
     * The statement's warnings after a question: first a fresh warning with the generated SQL (DBeaver and sqlline show
     * statement warnings), then the wrapped driver's own ({@code own}, possibly null).
     */
    static SQLWarning warnings(Translation translation, SQLWarning own) {
        SQLWarning answered = new NlAnswerWarning(translation.question(), translation.sql(), translation.modelSql(),
                translation.model(), translation.generationMillis(), translation.promptTokens(),
                translation.generatedTokens(), translation.attempts());
        if (own != null) {
            answered.setNextWarning(own);
        }
        return answered;
    }

    /** Bounds an inner statement: the stricter row limit, and the question's remaining time (at least 1 s). */
    static void bound(Statement inner, int rowLimit, long remainingMillis) throws SQLException {
        inner.setMaxRows(rowLimit);
        inner.setQueryTimeout((int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(remainingMillis + 999)));
    }

    /**
     * Runs {@code work} with the connection read-only where that can be switched without harm (auto-commit on, not
     * read-only already). Drivers that refuse the switch (SQLite after open) run it as it is: this flag is one layer
     * among several and never the only guard.
     */
    static <T> T readOnly(Connection connection, SqlWork<T> work) throws SQLException {
        boolean switched = false;
        if (connection.getAutoCommit() && !connection.isReadOnly()) {
            try {
                connection.setReadOnly(true);
                switched = true;
            } catch (SQLException refused) {
                log.debug("The driver refused setReadOnly(true); running without it", refused);
            }
        }
        try {
            return work.run();
        } finally {
            if (switched) {
                connection.setReadOnly(false);
            }
        }
    }

    /**
     * Runs {@code work} on {@code statement} under the {@link Watchdog}: cancelled if still running at the question's
     * deadline, and then reported as the question's timeout (HYT00), whatever error the driver gave for it; cancelled
     * too once the question is stopped from another thread. On a database inside this JVM the {@link HeapGuard} also
     * cancels it when the heap fills up (HY001). An Error that the database lets out (out of memory, a stack overflow)
     * ends the question, never the caller's thread.
     */
    static <T> T watched(Statement statement, GenerationControl control, boolean inProcess, SqlWork<T> work)
            throws SQLException {
        try (Watchdog.Armed watchdog = Watchdog.arm(statement, control);
             HeapGuard.Guarded heap = inProcess ? HeapGuard.arm(statement) : null) {
            try {
                return work.run();
            } catch (SQLException e) {
                if (heap != null && heap.fired()) {
                    throw outOfMemory(e);
                }
                if (watchdog.fired()) {
                    throw EngineException.timeout("The question's time ran out while the database ran its SQL ("
                            + e.getMessage() + "). Ask for less, or allow more with Statement.setQueryTimeout or "
                            + "nl2sql.queryTimeout.");
                }
                throw e;
            } catch (OutOfMemoryError | StackOverflowError e) {
                throw outOfMemory(e);
            }
        }
    }

    /** HY001, memory allocation error: the question asked for more than the database could hold. */
    static SQLException outOfMemory(Throwable cause) {
        return new SQLNonTransientException("The database ran out of memory for this question's SQL (" + cause
                + "). Ask for fewer rows or less text per row, or give the JVM more heap.", "HY001", cause);
    }

    /** A string literal that the database reads back unchanged under every setting (see TargetDialect). */
    private static String literal(String text, IdentifierStyle style) {
        return TargetDialect.of(style).stringLiteral(text);
    }
}
