package dev.nl2sql.engine.sql;

import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Keeps generated SQL from building values without bound. One row's expression is evaluated by the database in one go,
 * where embedded H2 does not look at a cancel and MariaDB holds locks until it ends, so a deadline cannot stop it: the
 * size of what it builds must be bounded before it runs. Text grows by multiplication only through {@code REPLACE}
 * (each match may become the whole replacement) and through concatenation of values that themselves grew (a derived
 * table that concatenates a column with itself, read by another that does the same, doubles at each level). The
 * bound is the product, over the whole query, of each REPLACE's replacement length and each concatenation's count of
 * non-constant parts: sibling calls are counted as if nested, which over-estimates but never under-estimates. Rows
 * cannot grow without bound either: recursive {@code WITH} is refused, and so is more than one list aggregate
 * (GROUP_CONCAT, STRING_AGG, LISTAGG, ARRAY_AGG), whose nesting grows with the square of the rows.
 * A cast to a fixed-length type longer than {@link #MAX_FIXED_LENGTH} is refused (H2 and PostgreSQL pad every value
 * to it: {@code CAST(v AS CHAR(50000000))} built 50 million characters per row on H2). {@code REPEAT}, {@code LPAD},
 * {@code RPAD} and {@code SPACE} never pass the function allow-list.
 */
final class GrowthLimit {

    /** The largest factor by which generated SQL may multiply the length of the values it reads. */
    static final long MAX_GROWTH = 1024;

    private static final Set<String> LIST_AGGREGATES = Set.of("GROUP_CONCAT", "STRING_AGG", "LISTAGG", "ARRAY_AGG",
            "JSON_ARRAYAGG", "JSON_OBJECTAGG", "XMLAGG");

    /** The longest fixed-length type (CHAR(n), BINARY(n)) a cast may pad to. */
    static final int MAX_FIXED_LENGTH = 1000;
    private static final Set<String> PADDED_TYPES = Set.of("CHAR", "CHARACTER", "NCHAR", "BINARY");

    private GrowthLimit() {
    }

    /** The length a cast pads every value to (CHAR(n), BINARY(n)), or 0 for types that do not pad. */
    private static int padsTo(SqlDataTypeSpec type) {
        if (type.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic
                && PADDED_TYPES.contains(basic.getTypeName().getSimple().toUpperCase(Locale.ROOT))) {
            return Math.max(0, basic.getPrecision());
        }
        return 0;
    }

    /** Refuses a query that could grow its values or rows without bound; the message says what to write instead. */
    static void check(SqlNode query) throws SqlCheckException {
        Walk walk = new Walk();
        query.accept(walk);
        if (walk.problem != null) {
            throw new SqlCheckException(walk.problem);
        }
    }

    private static final class Walk extends SqlBasicVisitor<Void> {
        long growth = 1;
        int listAggregates;
        String problem;

        @Override
        public Void visit(SqlCall call) {
            if (problem != null) {
                return null;
            }
            if (call instanceof SqlWithItem item && item.recursive != null && item.recursive.booleanValue()) {
                problem = "Generated SQL may not use recursive WITH: write the query without recursion";
                return null;
            }
            String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
            if (name.equals("REPLACE") && call.operandCount() == 3) {
                SqlNode replacement = call.operand(2);
                if (!(replacement instanceof SqlCharStringLiteral literal)) {
                    problem = "REPLACE in generated SQL must replace with a constant string";
                    return null;
                }
                grow(Math.max(1, literal.getValueAs(String.class).length()));
            } else if (call.getOperator() == SqlStdOperatorTable.CONCAT || name.equals("CONCAT")
                    || name.equals("CONCAT_WS")) {
                long parts = call.getOperandList().stream()
                        .filter(o -> o != null && o.getKind() != SqlKind.LITERAL).count();
                grow(Math.max(1, parts));
            } else if (call.getKind() == SqlKind.CAST && call.operandCount() == 2
                    && call.operand(1) instanceof SqlDataTypeSpec type && padsTo(type) > MAX_FIXED_LENGTH) {
                problem = "Generated SQL may not cast to a fixed length over " + MAX_FIXED_LENGTH + " ("
                        + type + "): the database pads every value to that length";
                return null;
            } else if (LIST_AGGREGATES.contains(name) && ++listAggregates > 1) {
                problem = "Generated SQL may use at most one list aggregate (" + name + " is the second)";
                return null;
            }
            return problem == null ? super.visit(call) : null;
        }

        private void grow(long factor) {
            growth = Math.multiplyHigh(growth, factor) != 0 ? Long.MAX_VALUE : growth * factor;
            if (growth > MAX_GROWTH) {
                problem = "Generated SQL could make values up to " + (growth == Long.MAX_VALUE ? "unboundedly many"
                        : String.valueOf(growth)) + " times longer than the data it reads (REPLACE and "
                        + "concatenation multiply); at most " + MAX_GROWTH + " times is allowed";
            }
        }
    }
}
