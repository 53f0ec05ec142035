package dev.nl2sql.benchmarks.harness;

import dev.nl2sql.benchmarks.harness.SpiderDataset.Question;
import dev.nl2sql.driver.NlAnswerWarning;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteOpenMode;

/**
 * Runs Spider questions the way an application would: gold SQL on a plain {@code jdbc:sqlite:} connection, and
 * each question as {@code NL: <question>} on a {@code jdbc:nl2sql:jdbc:sqlite:} connection, both opened read-only.
 */
final class SpiderRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpiderRunner.class);

    /** sqlite-jdbc's connection property for the open flags; READONLY also refuses any write to the file. */
    static final String OPEN_MODE = "open_mode";

    /** The gold query's result, or why it failed. */
    record Gold(Rows rows, String error) {
        boolean ok() {
            return error == null;
        }
    }

    /** A question that could not be answered at all because of the driver's set-up (model, engine), not the SQL. */
    static final class SetupFailure extends Exception {
        private static final long serialVersionUID = 1L;

        SetupFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path databaseDir;
    private final DriverSettings settings;
    private final int timeoutSeconds;
    private final boolean warmUp;
    private final Map<String, Connection> goldConnections = new HashMap<>();
    private final Map<Integer, Gold> goldResults = new HashMap<>();
    private final String targetUrl;

    SpiderRunner(Path databaseDir, DriverSettings settings, int timeoutSeconds, boolean warmUp) {
        this(databaseDir, settings, timeoutSeconds, warmUp, null);
    }

    /**
     * @param targetUrl null to ask on the SQLite files; else the JDBC URL that the nl2sql connections wrap, with
     *     {@code {db}} standing for the database id in lower case (gold still runs on SQLite, the reference)
     */
    SpiderRunner(Path databaseDir, DriverSettings settings, int timeoutSeconds, boolean warmUp, String targetUrl) {
        this.databaseDir = databaseDir;
        this.settings = settings;
        this.timeoutSeconds = timeoutSeconds;
        this.warmUp = warmUp;
        this.targetUrl = targetUrl;
    }

    /**
     * Whether row order is part of the answer: the official rule on the SQLite files; on another database only an
     * ORDER BY of the outermost query counts, since there an unordered query's rows come in that database's own order.
     */
    boolean ordered(Question question) {
        String gold = officialPostprocess(question.goldSql());
        return targetUrl == null ? ResultComparison.orderMatters(gold) : ResultComparison.outerQueryOrdered(gold);
    }

    /** The wrapped URL of a database's nl2sql connection: its SQLite file, or the target URL. */
    String wrappedUrl(String dbId) {
        return targetUrl == null ? "jdbc:sqlite:" + file(dbId)
                : targetUrl.replace("{db}", dbId.toLowerCase(java.util.Locale.ROOT));
    }

    /** The gold result of a question, run once and kept. */
    Gold gold(Question question) {
        return goldResults.computeIfAbsent(question.index(), i -> runGold(question));
    }

    private Gold runGold(Question question) {
        return direct(question.dbId(), officialPostprocess(question.goldSql()));
    }

    /** Any SQL run as written on the plain read-only SQLite connection of a database (the gold queries' path). */
    Gold direct(String dbId, String sql) {
        try {
            Connection connection = goldConnections.get(dbId);
            if (connection == null) {
                connection = DriverManager.getConnection("jdbc:sqlite:" + file(dbId), readOnly());
                goldConnections.put(dbId, connection);
            }
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(timeoutSeconds);
                try (ResultSet rs = statement.executeQuery(sql)) {
                    return new Gold(Rows.read(rs), null);
                }
            }
        } catch (SQLException e) {
            return new Gold(null, firstLine(e));
        }
    }

    /** The official evaluation's clean-up of spacing in comparison operators ({@code > =}), applied to gold SQL. */
    static String officialPostprocess(String sql) {
        return sql.replace("> =", ">=").replace("< =", "<=").replace("! =", "!=");
    }

    /**
     * Asks every question under one pipeline ({@code nl2sql.pipeline}), with one nl2sql connection per database.
     * Questions whose gold failed must not be passed in.
     */
    List<Outcome> run(String pipeline, List<Question> questions, Progress progress) throws SetupFailure {
        Map<String, Connection> connections = new LinkedHashMap<>();
        List<Outcome> outcomes = new ArrayList<>(questions.size());
        int correct = 0;
        int valid = 0;
        try {
            if (warmUp && !questions.isEmpty()) {
                warmUp(pipeline, questions.get(0), connections);
            }
            for (Question question : questions) {
                Outcome outcome = ask(pipeline, question, connections, valid == 0);
                outcomes.add(outcome);
                correct += outcome.correct() ? 1 : 0;
                valid += outcome.valid() ? 1 : 0;
                progress.update(outcomes.size(), correct, valid);
            }
        } finally {
            for (Connection c : connections.values()) {
                closeQuietly(c);
            }
        }
        progress.finish();
        return outcomes;
    }

    /**
     * One untimed {@code EXPLAIN NL:} of the first question before a pass: it loads the model and warms the JVM, so
     * that neither lands in the first measured question's latency (and a set-up error stops the run at once).
     */
    private void warmUp(String pipeline, Question first, Map<String, Connection> connections) throws SetupFailure {
        try (Statement statement = connection(pipeline, first.dbId(), connections).createStatement()) {
            statement.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = statement.executeQuery("EXPLAIN NL: " + first.text())) {
                Rows.read(rs);
            }
        } catch (SQLException e) {
            if ("HY000".equals(e.getSQLState())) {
                throw new SetupFailure("The driver could not answer a first question (" + first.dbId() + ": \""
                        + first.text() + "\"): " + firstLine(e) + " [SQLState HY000: model or engine set-up]", e);
            }
            log.debug("Warm-up question failed; the pass goes on", e);
        }
    }

    private Connection connection(String pipeline, String dbId, Map<String, Connection> connections)
            throws SQLException {
        Connection connection = connections.get(dbId);
        if (connection == null) {
            connection = DriverManager.getConnection("jdbc:nl2sql:" + wrappedUrl(dbId), nlProperties(pipeline));
            connections.put(dbId, connection);
        }
        return connection;
    }

    private Outcome ask(String pipeline, Question question, Map<String, Connection> connections, boolean noneRanYet)
            throws SetupFailure {
        Gold gold = gold(question);
        long start = System.nanoTime();
        Statement statement = null;
        try {
            Connection connection = connection(pipeline, question.dbId(), connections);
            start = System.nanoTime();
            statement = connection.createStatement();
            statement.setQueryTimeout(timeoutSeconds);
            Rows answer;
            // NL NEW: Spider questions are unrelated; each stands alone, whatever the connection asked before
            try (ResultSet rs = statement.executeQuery("NL NEW: " + question.text())) {
                answer = Rows.read(rs);
            }
            long latency = System.nanoTime() - start;
            NlAnswerWarning cost = answerWarning(statement);
            ResultComparison.Verdict verdict = ResultComparison.compare(gold.rows().rows(), answer.rows(),
                    ordered(question));
            return outcome(question, true, verdict.equal(), latency, cost, verdict.reason(), answer.size());
        } catch (SQLException e) {
            long latency = System.nanoTime() - start;
            if (noneRanYet && "HY000".equals(e.getSQLState())) {
                // HY000 is the driver's set-up error (no model, a bad model file, a load failure): every question
                // would fail the same way, so stop rather than report a run of identical errors.
                throw new SetupFailure("The driver could not answer the first question (" + question.dbId() + ": \""
                        + question.text() + "\"): " + firstLine(e) + " [SQLState HY000: model or engine set-up]", e);
            }
            NlAnswerWarning cost = statement == null ? null : answerWarningQuietly(statement);
            return outcome(question, false, false, latency, cost, "error: " + firstLine(e), 0)
                    .withSqlState(e.getSQLState());
        } catch (RuntimeException e) {
            long latency = System.nanoTime() - start;
            log.warn("Question {} ({}) failed with an unexpected exception", question.index(), question.dbId(), e);
            return outcome(question, false, false, latency, null, "error: " + firstLine(e), 0);
        } finally {
            if (statement != null) {
                closeQuietly(statement);
            }
        }
    }

    private static Outcome outcome(Question question, boolean valid, boolean correct, long latencyNanos,
            NlAnswerWarning cost, String reason, int rows) {
        if (cost == null) {
            return new Outcome(question, valid, correct, latencyNanos, null, reason, -1, -1, -1, -1, null, rows);
        }
        return new Outcome(question, valid, correct, latencyNanos, cost.sql(), reason, cost.promptTokens(),
                cost.generatedTokens(), cost.attempts(), cost.generationMillis(), cost.model(), rows);
    }

    private static NlAnswerWarning answerWarning(Statement statement) throws SQLException {
        for (SQLWarning w = statement.getWarnings(); w != null; w = w.getNextWarning()) {
            if (w instanceof NlAnswerWarning answer) {
                return answer;
            }
        }
        return null;
    }

    private static NlAnswerWarning answerWarningQuietly(Statement statement) {
        try {
            return answerWarning(statement);
        } catch (SQLException e) {
            return null;
        }
    }

    private Properties nlProperties(String pipeline) {
        Properties properties = targetUrl == null ? readOnly() : new Properties();
        properties.putAll(settings.connectionProperties());
        properties.setProperty("nl2sql.pipeline", pipeline);
        return properties;
    }

    private Properties readOnly() {
        return readOnly(settings);
    }

    /** Opens SQLite read-only, unless the command line set the open flags itself. */
    static Properties readOnly(DriverSettings settings) {
        Properties properties = new Properties();
        properties.setProperty(OPEN_MODE, Integer.toString(SQLiteOpenMode.READONLY.flag));
        if (settings.given(OPEN_MODE)) {
            properties.setProperty(OPEN_MODE, settings.connectionProperties().getProperty(OPEN_MODE));
        }
        return properties;
    }

    private String file(String dbId) {
        return SpiderDataset.databaseFile(databaseDir, dbId).toAbsolutePath().toString();
    }

    static String firstLine(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
        int newline = message.indexOf('\n');
        return (newline >= 0 ? message.substring(0, newline) : message).strip();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.debug("Closing {} failed", closeable, e);
        }
    }

    @Override
    public void close() {
        for (Connection c : goldConnections.values()) {
            closeQuietly(c);
        }
        goldConnections.clear();
    }
}
