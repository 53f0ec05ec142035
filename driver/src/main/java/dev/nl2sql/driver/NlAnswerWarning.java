package dev.nl2sql.driver;

import java.sql.SQLWarning;
import java.util.regex.Pattern;

/**
 * The first warning of a statement after it answered a question: which SQL ran and what writing it cost. Clients
 * that show statement warnings (DBeaver, sqlline) print its message; programs such as the benchmark harness read its
 * fields: {@code if (statement.getWarnings() instanceof NlAnswerWarning answer) ...}.
 */
public final class NlAnswerWarning extends SQLWarning {

    private static final long serialVersionUID = 1L;
    private static final Pattern LINE_BREAK = Pattern.compile("\\s*\\R\\s*");

    private final String question;
    private final String sql;
    private final String modelSql;
    private final String model;
    private final long generationMillis;
    private final int promptTokens;
    private final int generatedTokens;
    private final int attempts;

    public NlAnswerWarning(String question, String sql, String modelSql, String model, long generationMillis,
            int promptTokens, int generatedTokens, int attempts) {
        super("nl2sql: " + model + " answered \"" + oneLine(question) + "\" with: " + oneLine(sql), "01000");
        this.question = question;
        this.sql = sql;
        this.modelSql = modelSql;
        this.model = model;
        this.generationMillis = generationMillis;
        this.promptTokens = promptTokens;
        this.generatedTokens = generatedTokens;
        this.attempts = attempts;
    }

    /**
     * The text on one line, for a message or a log line: the dialect writer breaks long SQL before its clauses, and a
     * question's line breaks must not start what looks like another log line.
     */
    static String oneLine(String text) {
        return LINE_BREAK.matcher(text.strip()).replaceAll(" ");
    }

    /** The question as asked. */
    public String question() {
        return question;
    }

    /** The SQL that ran: checked and written in the database's dialect. */
    public String sql() {
        return sql;
    }

    /** What the model wrote for the SQL that ran. */
    public String modelSql() {
        return modelSql;
    }

    /** The model's name. */
    public String model() {
        return model;
    }

    /** Time spent writing SQL, all attempts together. */
    public long generationMillis() {
        return generationMillis;
    }

    /** Tokens of the prompt of the attempt that ran. */
    public int promptTokens() {
        return promptTokens;
    }

    /** Tokens the model wrote, all attempts together. */
    public int generatedTokens() {
        return generatedTokens;
    }

    /** SQL candidates tried, the one that ran included (execution-guided choice). */
    public int attempts() {
        return attempts;
    }
}
