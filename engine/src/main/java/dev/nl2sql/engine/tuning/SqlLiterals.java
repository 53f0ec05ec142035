package dev.nl2sql.engine.tuning;

import java.math.BigDecimal;

/** Values as a query writes them and as a question names them. */
final class SqlLiterals {

    private SqlLiterals() {
    }

    /** {@code 'it''s'} for text, the plain number for a number. */
    static String sql(Object value) {
        if (value instanceof BigDecimal n) {
            return n.toPlainString();
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }

    /** The value as a question names it: the text itself, the plain number. */
    static String words(Object value) {
        return value instanceof BigDecimal n ? n.toPlainString() : value.toString();
    }
}
