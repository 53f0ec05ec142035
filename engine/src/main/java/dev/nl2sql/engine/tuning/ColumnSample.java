package dev.nl2sql.engine.tuning;

import dev.nl2sql.picard.schema.DbColumn;
import java.math.BigDecimal;
import java.util.List;

/**
 * The values of one column among a table's sampled rows.
 *
 * @param column   the column
 * @param values   its distinct non-null values, the most frequent first (text as read, numbers as BigDecimal)
 * @param nonNull  how many sampled rows have a value in it
 * @param rowsRead how many rows were sampled
 */
record ColumnSample(DbColumn column, List<Object> values, int nonNull, int rowsRead) {

    ColumnSample {
        values = List.copyOf(values);
    }

    /** Text with few distinct values (a country, a type): the best values to filter and group on. */
    boolean isCategory() {
        return column.isText() && values.size() >= 2 && values.size() <= Math.max(2, nonNull * 2 / 3);
    }

    /** Numbers that are not all the same. */
    boolean isMeasure() {
        return column.isNumeric() && values.size() >= 2 && values.stream().allMatch(v -> v instanceof BigDecimal);
    }

    /** The numeric values, ascending. */
    List<BigDecimal> sortedNumbers() {
        return values.stream().filter(v -> v instanceof BigDecimal).map(v -> (BigDecimal) v).sorted().toList();
    }

    /** The text values, the most frequent first. */
    List<String> texts() {
        return values.stream().filter(v -> v instanceof String).map(v -> (String) v).toList();
    }
}
