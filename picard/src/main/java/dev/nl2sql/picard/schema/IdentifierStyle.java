package dev.nl2sql.picard.schema;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a target database writes identifiers: its quote character and how it folds unquoted names. The model writes a
 * name bare where the database would find it bare (readable, and how people write SQL), and quoted otherwise.
 */
public enum IdentifierStyle {
    /** H2: "..." quotes; unquoted names fold to upper case. */
    H2('"', Fold.UPPER),
    /** PostgreSQL: "..." quotes; unquoted names fold to lower case. */
    POSTGRESQL('"', Fold.LOWER),
    /** SQLite: "..." quotes; names match case-insensitively. */
    SQLITE('"', Fold.NONE),
    /** MariaDB and MySQL: `...` quotes; column names match case-insensitively, table names as the file system does. */
    MARIADB('`', Fold.NONE),
    /** DuckDB: "..." quotes; names match case-insensitively and are kept as written. */
    DUCKDB('"', Fold.NONE),
    /** Any other database: standard "..." quotes, upper-case folding. */
    ANSI('"', Fold.UPPER);

    private enum Fold { UPPER, LOWER, NONE }

    private static final Pattern SIMPLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Words no identifier may be written as bare, in any of the dialects (the grammar's keywords among them). */
    private static final Set<String> RESERVED = Set.of(
            "ALL", "AND", "ANY", "AS", "ASC", "BETWEEN", "BY", "CASE", "CAST", "CROSS", "CURRENT_DATE",
            "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "DEFAULT", "DESC", "DISTINCT", "ELSE", "END",
            "EXCEPT", "EXISTS", "FALSE", "FETCH", "FOR", "FROM", "FULL", "GROUP", "HAVING", "IN", "INNER",
            "INTERSECT", "INTERVAL", "IS", "JOIN", "KEY", "LEFT", "LIKE", "LIMIT", "MINUS", "NATURAL", "NOT", "NULL",
            "OFFSET", "ON", "OR", "ORDER", "OUTER", "RIGHT", "ROW", "ROWNUM", "SELECT", "SET", "TABLE", "THEN",
            "TO", "TOP", "TRUE", "UNION", "UNIQUE", "USER", "USING", "VALUE", "VALUES", "WHEN", "WHERE", "WITH",
            "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "INDEX", "CHECK", "PRIMARY", "REFERENCES",
            "CONSTRAINT", "FOREIGN", "CREATE", "DROP", "ALTER", "INSERT", "UPDATE", "DELETE", "INTO", "GRANT",
            "RANK", "ROWS", "OVER", "PARTITION", "WINDOW", "FILTER", "LATERAL", "QUALIFY", "REGEXP", "RLIKE",
            "ILIKE", "SIMILAR", "ESCAPE", "COLLATE", "OF", "ONLY", "SOME", "SYMMETRIC", "NULLS", "FIRST", "LAST");

    private final char quote;
    private final Fold fold;

    IdentifierStyle(char quote, Fold fold) {
        this.quote = quote;
        this.fold = fold;
    }

    public char quote() {
        return quote;
    }

    /** The name as it is written in SQL for this database: bare where that finds the same name, else quoted. */
    public String write(String storedName) {
        if (canWriteBare(storedName)) {
            return fold == Fold.NONE ? storedName : storedName.toLowerCase(Locale.ROOT);
        }
        return quote + storedName.replace(String.valueOf(quote), String.valueOf(quote) + quote) + quote;
    }

    /** Always quoted, whatever the name. */
    public String quoted(String storedName) {
        return quote + storedName.replace(String.valueOf(quote), String.valueOf(quote) + quote) + quote;
    }

    private boolean canWriteBare(String name) {
        if (!SIMPLE.matcher(name).matches() || RESERVED.contains(name.toUpperCase(Locale.ROOT))) {
            return false;
        }
        return switch (fold) {
            case UPPER -> name.equals(name.toUpperCase(Locale.ROOT));
            case LOWER -> name.equals(name.toLowerCase(Locale.ROOT));
            case NONE -> true;
        };
    }

    /** The style for a database product name as {@code DatabaseMetaData.getDatabaseProductName()} reports it. */
    public static IdentifierStyle forProduct(String productName) {
        String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (p.contains("h2")) {
            return H2;
        } else if (p.contains("postgres")) {
            return POSTGRESQL;
        } else if (p.contains("sqlite")) {
            return SQLITE;
        } else if (p.contains("mariadb") || p.contains("mysql")) {
            // MySQL Connector/J says "MySQL" for a MariaDB server too
            return MARIADB;
        } else if (p.contains("duckdb")) {
            return DUCKDB;
        }
        return ANSI;
    }
}
