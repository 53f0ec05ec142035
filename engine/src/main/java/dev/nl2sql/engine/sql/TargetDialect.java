package dev.nl2sql.engine.sql;

import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.Locale;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.H2SqlDialect;
import org.apache.calcite.sql.dialect.MysqlSqlDialect;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;
import org.apache.calcite.sql.dialect.SqliteSqlDialect;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * A database the checked SQL is written for: how the model's SQL is parsed (the database's identifier quote) and
 * which Calcite {@link SqlDialect} writes it back.
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
            if (!SettingProofWriting.unparseCall(writer, call, true)) {
                super.unparseCall(writer, call, leftPrec, rightPrec);
            }
        }

        @Override
        public void quoteStringLiteral(StringBuilder buf, String charsetName, String val) {
            buf.append(SettingProofWriting.mariadbString(val));
        }
    });

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
            case H2, SQLITE -> SettingProofWriting.standardString(value);
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
        };
    }

    public static TargetDialect forProduct(String productName) {
        return of(IdentifierStyle.forProduct(productName));
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
            case SQLITE, MARIADB -> name;
        };
    }
}
