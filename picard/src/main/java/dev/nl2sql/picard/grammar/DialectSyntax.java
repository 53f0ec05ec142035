package dev.nl2sql.picard.grammar;

import dev.nl2sql.picard.schema.IdentifierStyle;

/**
 * The few differences in the supported SQL between the databases, taken from the wrapped connection's
 * {@link IdentifierStyle} (itself from {@code DatabaseMetaData.getDatabaseProductName()}).
 *
 * @param identifierQuote      how names are quoted: {@code "} (H2, PostgreSQL, SQLite) or {@code `} (MariaDB/MySQL)
 * @param doubleQuotedStrings  whether {@code "..."} may be a string literal: always in MariaDB/MySQL, and in SQLite
 *                             where it names nothing (Spider's gold SQL writes values so)
 * @param derivedTableAlias    whether a subquery in FROM must be given an alias (PostgreSQL before 16 and
 *                             MariaDB/MySQL refuse one without; SQLite and H2 do not)
 */
public record DialectSyntax(char identifierQuote, boolean doubleQuotedStrings, boolean derivedTableAlias) {

    public static DialectSyntax of(IdentifierStyle style) {
        return switch (style) {
            case SQLITE -> new DialectSyntax(style.quote(), true, false);
            case MARIADB -> new DialectSyntax(style.quote(), true, true);
            case H2, DUCKDB -> new DialectSyntax(style.quote(), false, false);
            case POSTGRESQL, ANSI -> new DialectSyntax(style.quote(), false, true);
        };
    }
}
