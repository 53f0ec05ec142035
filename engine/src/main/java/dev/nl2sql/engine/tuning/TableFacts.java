package dev.nl2sql.engine.tuning;

import dev.nl2sql.picard.schema.IdentifierStyle;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the query templates need to know of a sampled table: how SQL names it and a question calls it, the column
 * that labels its rows (a name or title), the text columns with few values (to filter and group on) and the numeric
 * ones (to compare, sum and sort), and every column a question may ask to see (its attributes: all but the keys, in
 * the table's order). Key columns are none of them: an id is not a measure.
 */
record TableFacts(TableSample sample, String sqlName, String singular, String plural, ColumnSample label,
        List<ColumnSample> categories, List<ColumnSample> measures, List<ColumnSample> attributes) {

    static TableFacts of(TableSample sample, Set<String> foreignKeyColumns, IdentifierStyle style) {
        String table = sample.table().name();
        List<String> primaryKey = sample.table().primaryKey();
        List<ColumnSample> categories = new ArrayList<>();
        List<ColumnSample> measures = new ArrayList<>();
        List<ColumnSample> attributes = new ArrayList<>();
        ColumnSample named = null;
        ColumnSample firstText = null;
        for (ColumnSample c : sample.columns()) {
            String name = c.column().name();
            boolean key = primaryKey.stream().anyMatch(name::equalsIgnoreCase)
                    || foreignKeyColumns.contains(lower(name)) || isIdName(name);
            if (key) {
                continue;
            }
            if (!c.values().isEmpty()) {
                attributes.add(c);
            }
            if (c.column().isText() && !c.values().isEmpty()) {
                String words = Nouns.words(name);
                if (named == null && (words.contains("name") || words.contains("title"))) {
                    named = c;
                }
                firstText = firstText == null ? c : firstText;
                if (c.isCategory()) {
                    categories.add(c);
                }
            } else if (c.isMeasure()) {
                measures.add(c);
            }
        }
        ColumnSample label = named != null ? named : firstText;
        if (label == null) {
            label = primaryKey.isEmpty() ? sample.columns().get(0)
                    : sample.column(primaryKey.get(0)).orElse(sample.columns().get(0));
        }
        ColumnSample chosen = label;
        categories.removeIf(c -> c == chosen && categories.size() > 1);
        return new TableFacts(sample, style.write(table), Nouns.singular(table), Nouns.plural(table), label, categories,
                measures, attributes);
    }

    /** The label column's name in SQL, under an alias or none. */
    String labelSql(IdentifierStyle style, String alias) {
        return column(style, alias, label);
    }

    static String column(IdentifierStyle style, String alias, ColumnSample c) {
        return (alias == null ? "" : alias + ".") + style.write(c.column().name());
    }

    /** The label column's words: "name". */
    String labelWords() {
        return Nouns.words(label.column().name());
    }

    /** The label column's words as a plural: "names". */
    String labelPlural() {
        return Nouns.plural(label.column().name());
    }

    /** A number of the sample at a quantile (0 the smallest, 1 the largest). */
    static BigDecimal quantile(ColumnSample measure, double q) {
        List<BigDecimal> sorted = measure.sortedNumbers();
        return sorted.get((int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1))));
    }

    private static boolean isIdName(String name) {
        String n = lower(name);
        return n.equals("id") || n.endsWith("_id") || n.endsWith("id") && name.length() > 2
                && Character.isUpperCase(name.charAt(name.length() - 2));
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
