package dev.nl2sql.engine.sql;

import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.H2SqlDialect;
import org.apache.calcite.sql.dialect.MysqlSqlDialect;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;
import org.apache.calcite.sql.dialect.SqliteSqlDialect;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database nl2sql writes SQL for, and the one home of what differs between them above picard: how the model's SQL is
 * parsed (the database's identifier quote), which Calcite {@link SqlDialect} writes it back and how literals are
 * written ({@link SettingProofWriting}), how names are folded, and how a connection for answers is set up
 * ({@link #answerSession()}). picard's {@link IdentifierStyle} (quoting and folding for the grammar, which sits below
 * the engine) is the one part kept beneath it.
 */
public enum TargetDialect {
    H2(IdentifierStyle.H2, new H2SqlDialect(H2SqlDialect.DEFAULT_CONTEXT) {
        @Override
        public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            if (!SettingProofWriting.unparseCall(writer, call, false)) {
                super.unparseCall(writer, call, leftPrec, rightPrec);
            }
        }

        @Override
        public void quoteStringLiteral(StringBuilder buf, String charsetName, String val) {
            buf.append(SettingProofWriting.standardString(val));
        }
    }),
    SQLITE(IdentifierStyle.SQLITE, new SqliteSqlDialect(SqliteSqlDialect.DEFAULT_CONTEXT) {
        @Override
        public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            if (!SettingProofWriting.unparseCall(writer, call, false)) {
                super.unparseCall(writer, call, leftPrec, rightPrec);
            }
        }

        @Override
        public void quoteStringLiteral(StringBuilder buf, String charsetName, String val) {
            buf.append(SettingProofWriting.standardString(val));
        }
    }),
    POSTGRESQL(IdentifierStyle.POSTGRESQL, new PostgresqlSqlDialect(PostgresqlSqlDialect.DEFAULT_CONTEXT) {
        @Override
        public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            if (!SettingProofWriting.unparseCall(writer, call, false)) {
                super.unparseCall(writer, call, leftPrec, rightPrec);
            }
        }

        @Override
        public void quoteStringLiteral(StringBuilder buf, String charsetName, String val) {
            buf.append(SettingProofWriting.postgresString(val));
        }
    }),
    /** MariaDB and MySQL, written by Calcite's MySQL dialect. */
    MARIADB(IdentifierStyle.MARIADB, new MysqlSqlDialect(MysqlSqlDialect.DEFAULT_CONTEXT) {
        @Override
        public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            if (SettingProofWriting.unparseCall(writer, call, true)) {
                return;
            }
            if (call.getKind() == SqlKind.EXTRACT && !(call.operand(0) instanceof SqlLiteral)) {
                // Calcite's MySQL dialect expects the unit as a literal (as planned SQL has it) and fails on the
                // parser's interval qualifier: EXTRACT(YEAR FROM d) is written as is, which MariaDB reads alike
                call.getOperator().unparse(writer, call, leftPrec, rightPrec);
                return;
            }
            super.unparseCall(writer, call, leftPrec, rightPrec);
        }

        @Override
        public void quoteStringLiteral(StringBuilder buf, String charsetName, String val) {
            buf.append(SettingProofWriting.mariadbString(val));
        }
    }),
    /**
     * DuckDB (embedded), written by Calcite's PostgreSQL dialect, whose SQL DuckDB reads. A DuckDB string knows no
     * backslash escapes and no setting turns them on, so strings are written in the standard form.
     */
    DUCKDB(IdentifierStyle.DUCKDB, new PostgresqlSqlDialect(PostgresqlSqlDialect.DEFAULT_CONTEXT) {
        @Override
        public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            if (!SettingProofWriting.unparseCall(writer, call, false)) {
                super.unparseCall(writer, call, leftPrec, rightPrec);
            }
        }

        @Override
        public void quoteStringLiteral(StringBuilder buf, String charsetName, String val) {
            buf.append(SettingProofWriting.standardString(val));
        }
    });

    private static final Logger LOG = LoggerFactory.getLogger(TargetDialect.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final IdentifierStyle style;
    private final SqlDialect dialect;

    TargetDialect(IdentifierStyle style, SqlDialect dialect) {
        this.style = style;
        this.dialect = dialect;
    }

    public IdentifierStyle style() {
        return style;
    }

    public SqlDialect sqlDialect() {
        return dialect;
    }

    /**
     * {@code value} as a string literal that this database reads back as exactly {@code value} under every server
     * setting (see {@link SettingProofWriting}).
     */
    public String stringLiteral(String value) {
        return switch (this) {
            case H2, SQLITE, DUCKDB -> SettingProofWriting.standardString(value);
            case POSTGRESQL -> SettingProofWriting.postgresString(value);
            case MARIADB -> SettingProofWriting.mariadbString(value);
        };
    }

    /** {@link IdentifierStyle#ANSI} (an unknown database) is written as H2 writes SQL, which is close to the standard. */
    public static TargetDialect of(IdentifierStyle style) {
        return switch (style) {
            case H2, ANSI -> H2;
            case SQLITE -> SQLITE;
            case POSTGRESQL -> POSTGRESQL;
            case MARIADB -> MARIADB;
            case DUCKDB -> DUCKDB;
        };
    }

    /** The dialect for a database product name; an unknown product gets the ANSI rendering, with a warning. */
    public static TargetDialect forProduct(String productName) {
        warnIfUnknown(productName);
        return of(IdentifierStyle.forProduct(productName));
    }

    /**
     * Logs, once per product name, that nl2sql has no rules for this database: its SQL is written in the ANSI form
     * (as for H2) and answers may need checking. Returns whether this call logged it.
     */
    public static boolean warnIfUnknown(String productName) {
        boolean warn = IdentifierStyle.forProduct(productName) == IdentifierStyle.ANSI
                && WARNED.add(String.valueOf(productName));
        if (warn) {
            LOG.warn("nl2sql has no dialect rules for the database product '{}': questions are answered with "
                    + "standard (ANSI) SQL, which this database may read differently or refuse; answers may need "
                    + "checking. Known products: H2, SQLite, PostgreSQL, MariaDB, MySQL, DuckDB.", productName);
        }
        return warn;
    }

    /** The database a JDBC URL names by its prefix, or null for one nl2sql has no rules for. */
    public static TargetDialect forUrl(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:h2:")) {
            return H2;
        } else if (u.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        } else if (u.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        } else if (u.startsWith("jdbc:mariadb:") || u.startsWith("jdbc:mysql:")) {
            return MARIADB;
        } else if (u.startsWith("jdbc:duckdb:")) {
            return DUCKDB;
        }
        return null;
    }

    /**
     * How the connection that runs generated SQL is set up on this database: its read-only mode where one exists, one
     * statement per call, and the settings that decide how literals are read pinned to the standard reading (the
     * rendering reads alike under every setting; the pins are the second layer). H2 has no read-only session mode:
     * there the account (nl2sql.nlUser) is the guard.
     */
    public AnswerSession answerSession() {
        return switch (this) {
            case H2 -> new AnswerSession(Map.of(), Map.of(), List.of());
            case SQLITE -> new AnswerSession(Map.of(), Map.of("open_mode", "1"), // SQLITE_OPEN_READONLY
                    List.of(AnswerSession.Pin.of("PRAGMA query_only = 1")));
            // pgjdbc splits at semicolons itself whatever the protocol: the checked rendering keeps one statement
            case POSTGRESQL -> new AnswerSession(Map.of(), Map.of(), List.of(
                    AnswerSession.Pin.of("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"),
                    new AnswerSession.Pin("SET standard_conforming_strings = on",
                            "SHOW standard_conforming_strings", "on")));
            // Connector/J runs several statements when the caller's URL allows it; a server-side prepare takes one
            // in the URL (which wins in MariaDB's driver) and as properties too (for a driver that reads those first)
            case MARIADB -> new AnswerSession(Map.of("allowMultiQueries", "false", "useServerPrepStmts", "true"),
                    Map.of("allowMultiQueries", "false", "useServerPrepStmts", "true"), List.of(
                    AnswerSession.Pin.of("SET SESSION TRANSACTION READ ONLY"),
                    new AnswerSession.Pin("SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), "
                            + "'NO_BACKSLASH_ESCAPES')",
                            "SELECT FIND_IN_SET('NO_BACKSLASH_ESCAPES', @@SESSION.sql_mode) > 0", "1")));
            // An embedded DuckDB file that the caller has open in this JVM can only be opened again with the same
            // configuration (duckdb.read_only would be refused), and enable_external_access is database-wide: the
            // checker (one SELECT, the function allow-list, tables of the schema only) is the guard, and no setting
            // changes how DuckDB reads a literal.
            case DUCKDB -> new AnswerSession(Map.of(), Map.of(), List.of());
        };
    }

    /**
     * The parser for the model's SQL: names compared case-insensitively and kept as written, the database's identifier
     * quote, lenient conformance ({@code LIMIT}, {@code !=}, {@code LIMIT a, b}, GROUP BY alias, ...).
     */
    SqlParser.Config parserConfig() {
        return SqlParser.config()
                .withQuoting(this == MARIADB ? Quoting.BACK_TICK : Quoting.DOUBLE_QUOTE)
                .withUnquotedCasing(Casing.UNCHANGED)
                .withQuotedCasing(Casing.UNCHANGED)
                .withCaseSensitive(false)
                .withConformance(SqlConformanceEnum.LENIENT);
    }

    /** How a name that is not in the schema (an alias) is written: as the database folds it when unquoted. */
    String foldAlias(String name) {
        return switch (this) {
            case H2 -> name.toUpperCase(Locale.ROOT);
            case POSTGRESQL -> name.toLowerCase(Locale.ROOT);
            case SQLITE, MARIADB, DUCKDB -> name;
        };
    }
}
