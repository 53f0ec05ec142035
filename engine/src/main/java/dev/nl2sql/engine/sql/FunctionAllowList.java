package dev.nl2sql.engine.sql;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * The functions generated SQL may call: pure built-ins that read their arguments and nothing else, per dialect. An
 * allow-list, not a deny-list, because every database can call functions by name that reach files, the network or
 * other sessions ({@code FILE_READ}, {@code CSVWRITE}, {@code LINK_SCHEMA}, {@code pg_read_file}, {@code lo_import},
 * {@code dblink}, {@code pg_sleep}, {@code LOAD_FILE}, {@code SLEEP}, {@code BENCHMARK}, {@code load_extension}), and
 * H2 aliases or PostgreSQL functions that an administrator created are callable by name too. Functions that build
 * large values from small inputs ({@code REPEAT}, {@code LPAD}, {@code RPAD}) are left out as well, and so is H2's
 * {@code LISTAGG}: H2 builds its whole text in memory without a bound (MariaDB caps GROUP_CONCAT at
 * group_concat_max_len), doubling a buffer no cancel can interrupt, so over a join it exhausts the heap of the JVM
 * that holds the database, often the caller's.
 */
final class FunctionAllowList {

    private static final Set<String> EVERYWHERE = Set.of(
            // aggregates
            "COUNT", "SUM", "AVG", "MIN", "MAX", "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP",
            "VAR_SAMP", "EVERY",
            // window functions
            "ROW_NUMBER", "RANK", "DENSE_RANK", "PERCENT_RANK", "CUME_DIST", "NTILE", "LAG", "LEAD", "FIRST_VALUE",
            "LAST_VALUE",
            // numbers
            "ABS", "ROUND", "CEIL", "CEILING", "FLOOR", "MOD", "POWER", "SQRT", "SIGN", "EXP", "LN", "LOG10",
            // text
            "UPPER", "LOWER", "LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH", "SUBSTRING", "SUBSTR", "TRIM", "LTRIM",
            "RTRIM", "REPLACE", "CONCAT", "POSITION",
            // nulls, comparison, types
            "COALESCE", "NULLIF", "CAST", "GREATEST", "LEAST",
            // time
            "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "EXTRACT", "YEAR", "MONTH", "DAYOFMONTH", "HOUR",
            "MINUTE", "SECOND", "QUARTER", "WEEK", "DAYOFWEEK", "DAYOFYEAR");

    private static final Map<TargetDialect, Set<String>> DIALECT = Map.of(
            TargetDialect.H2, Set.of("IFNULL", "NVL", "LEFT", "RIGHT", "INSTR", "LOCATE", "TRUNC", "TRUNCATE",
                    "LOG", "DAY", "DATEADD", "DATEDIFF", "FORMATDATETIME", "ANY_VALUE", "BOOL_AND",
                    "BOOL_OR"),
            TargetDialect.SQLITE, Set.of("IFNULL", "INSTR", "TOTAL", "GROUP_CONCAT", "DATE", "TIME", "DATETIME",
                    "JULIANDAY", "STRFTIME", "LOG", "TYPEOF", "IIF"),
            TargetDialect.POSTGRESQL, Set.of("LEFT", "RIGHT", "STRPOS", "TRUNC", "LOG", "DATE_TRUNC", "DATE_PART",
                    "AGE", "TO_CHAR", "STRING_AGG", "ARRAY_AGG", "BOOL_AND", "BOOL_OR", "INITCAP", "SPLIT_PART",
                    "NOW"),
            TargetDialect.MARIADB, Set.of("IFNULL", "LEFT", "RIGHT", "INSTR", "LOCATE", "TRUNCATE", "LOG", "DAY",
                    "DATE", "DATEDIFF", "DATE_FORMAT", "GROUP_CONCAT", "IF", "NOW", "STR_TO_DATE", "MONTHNAME",
                    "DAYNAME"),
            // DuckDB's file and network readers (read_csv, read_parquet, read_json, read_text, glob, httpfs) and
            // its catalog functions are table functions by name: none is on the list
            TargetDialect.DUCKDB, Set.of("IFNULL", "LEFT", "RIGHT", "INSTR", "STRPOS", "TRUNC", "LOG", "DAY",
                    "DATE_TRUNC", "DATE_PART", "DATEDIFF", "STRFTIME", "STRING_AGG", "BOOL_AND", "BOOL_OR",
                    "NOW"));

    private FunctionAllowList() {
    }

    /** The functions in {@code query} that generated SQL may not call (upper case), empty when all are allowed. */
    static Set<String> refused(SqlNode query, TargetDialect target) {
        Set<String> allowed = DIALECT.getOrDefault(target, Set.of());
        Set<String> refused = new HashSet<>();
        query.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getOperator() instanceof SqlFunction function) {
                    String name = function.getName().toUpperCase(Locale.ROOT);
                    if (!EVERYWHERE.contains(name) && !allowed.contains(name)) {
                        refused.add(name);
                    }
                }
                return super.visit(call);
            }
        });
        return refused;
    }
}
