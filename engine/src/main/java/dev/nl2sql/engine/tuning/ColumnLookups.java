package dev.nl2sql.engine.tuning;

import dev.nl2sql.picard.schema.IdentifierStyle;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Queries that ask for any column, not only the one that labels a table's rows: a column or two of every row, the
 * distinct values of a column, a column of the row a question names, a column of the rows with a value or above a
 * number, and counts above and below a number. Spider's questions ask in these shapes more than in any other, and a
 * model learns to copy a column's name from the question into its SQL only when it has seen many columns in each
 * place: a training set that only ever selects the label teaches it that every question wants the label.
 */
final class ColumnLookups {

    /** Rows a question names by their label: each is one more instance of the same lookups with another constant. */
    private static final int LABEL_VALUES = 5;
    private static final int CATEGORY_VALUES = 3;
    /**
     * Where thresholds are taken, as quantiles of the sampled values: nine, because a model trained on three per
     * column learnt those numbers by heart and wrote one of them whatever number the question gave.
     */
    private static final double[] THRESHOLDS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

    private final IdentifierStyle style;

    ColumnLookups(IdentifierStyle style) {
        this.style = style;
    }

    List<PairCandidate> write(TableFacts t) {
        List<PairCandidate> out = new ArrayList<>();
        List<ColumnSample> others = t.attributes().stream().filter(c -> c != t.label()).toList();
        for (ColumnSample x : t.attributes()) {
            out.add(everyRow(t, x));
        }
        for (ColumnSample x : others) {
            out.add(withLabel(t, x));
        }
        for (ColumnSample c : t.categories()) {
            out.add(distinct(t, c));
        }
        if (t.label().column().isText()) {
            List<String> names = t.label().texts();
            for (String name : names.subList(0, Math.min(LABEL_VALUES, names.size()))) {
                for (ColumnSample x : others) {
                    out.add(ofNamedRow(t, x, name));
                }
            }
        }
        for (ColumnSample c : t.categories()) {
            List<String> values = c.texts().subList(0, Math.min(CATEGORY_VALUES, c.texts().size()));
            for (String v : values) {
                for (ColumnSample x : others) {
                    if (x != c) {
                        out.add(withValue(t, x, c, v));
                    }
                }
            }
        }
        for (ColumnSample m : t.measures()) {
            for (String q : thresholds(m)) {
                out.add(countAbove(t, m, q));
                out.add(countBelow(t, m, q));
                for (ColumnSample x : others) {
                    if (x != m) {
                        out.add(above(t, x, m, q));
                    }
                }
            }
        }
        return out;
    }

    private PairCandidate everyRow(TableFacts t, ColumnSample x) {
        String xw = Nouns.words(x.column().name());
        String xws = Nouns.plural(x.column().name());
        String p = t.plural();
        return new PairCandidate(QueryShape.FILTER, "select " + sql(x) + " from " + t.sqlName(), List.of(
                "What are the " + xws + " of all " + p + "?", "List the " + xw + " of every " + t.singular() + ".",
                "Show the " + xws + " of the " + p + ".", "Give me each " + t.singular() + "'s " + xw + "."));
    }

    private PairCandidate withLabel(TableFacts t, ColumnSample x) {
        String xw = Nouns.words(x.column().name());
        String xws = Nouns.plural(x.column().name());
        String lw = t.labelWords();
        String lws = t.labelPlural();
        String p = t.plural();
        return new PairCandidate(QueryShape.FILTER, "select " + t.labelSql(style, null) + ", " + sql(x) + " from "
                + t.sqlName(), List.of(
                "Show the " + lw + " and " + xw + " of each " + t.singular() + ".",
                "What are the " + lws + " and " + xws + " of all " + p + "?",
                "List every " + t.singular() + "'s " + lw + " with its " + xw + ".",
                "Give the " + lws + " of the " + p + " and their " + xws + "."));
    }

    private PairCandidate distinct(TableFacts t, ColumnSample c) {
        String cw = Nouns.words(c.column().name());
        String cws = Nouns.plural(c.column().name());
        String p = t.plural();
        return new PairCandidate(QueryShape.AGGREGATE, "select distinct " + sql(c) + " from " + t.sqlName(), List.of(
                "What are the different " + cws + " of the " + p + "?", "List the distinct " + cws + " of " + p + ".",
                "Which " + cws + " do the " + p + " have?", "Show each " + cw + " of the " + p + " once."));
    }

    private PairCandidate ofNamedRow(TableFacts t, ColumnSample x, String name) {
        String xw = Nouns.words(x.column().name());
        String s = t.singular();
        String lw = t.labelWords();
        return new PairCandidate(QueryShape.FILTER, "select " + sql(x) + " from " + t.sqlName() + " where "
                + t.labelSql(style, null) + " = " + SqlLiterals.sql(name), List.of(
                "What is the " + xw + " of the " + s + " named " + name + "?",
                "What is the " + xw + " of " + name + "?",
                "Show the " + xw + " of the " + s + " whose " + lw + " is " + name + ".",
                "For the " + s + " " + name + ", give the " + xw + "."));
    }

    private PairCandidate withValue(TableFacts t, ColumnSample x, ColumnSample c, String v) {
        String xw = Nouns.words(x.column().name());
        String xws = Nouns.plural(x.column().name());
        String cw = Nouns.words(c.column().name());
        String p = t.plural();
        return new PairCandidate(QueryShape.FILTER, "select " + sql(x) + " from " + t.sqlName() + " where " + sql(c)
                + " = " + SqlLiterals.sql(v), List.of(
                "What are the " + xws + " of the " + p + " whose " + cw + " is " + v + "?",
                "Show the " + xw + " of " + p + " with " + cw + " " + v + ".",
                "List the " + xws + " of all " + p + " with " + cw + " " + v + ".",
                "For " + p + " whose " + cw + " is " + v + ", give the " + xw + "."));
    }

    private PairCandidate countAbove(TableFacts t, ColumnSample m, String q) {
        String mw = Nouns.words(m.column().name());
        String p = t.plural();
        return new PairCandidate(QueryShape.COUNT, "select count(*) from " + t.sqlName() + " where " + sql(m) + " > "
                + q, List.of(
                "How many " + p + " have a " + mw + " greater than " + q + "?",
                "Count the " + p + " whose " + mw + " is more than " + q + ".",
                "What is the number of " + p + " with " + mw + " above " + q + "?"));
    }

    /** "Less than" written as the reversed "greater than": T5's vocabulary has no "<". */
    private PairCandidate countBelow(TableFacts t, ColumnSample m, String q) {
        String mw = Nouns.words(m.column().name());
        String p = t.plural();
        return new PairCandidate(QueryShape.COUNT, "select count(*) from " + t.sqlName() + " where " + q + " > "
                + sql(m), List.of(
                "How many " + p + " have a " + mw + " less than " + q + "?",
                "Count the " + p + " whose " + mw + " is below " + q + ".",
                "What is the number of " + p + " with " + mw + " under " + q + "?"));
    }

    private PairCandidate above(TableFacts t, ColumnSample x, ColumnSample m, String q) {
        String xw = Nouns.words(x.column().name());
        String xws = Nouns.plural(x.column().name());
        String mw = Nouns.words(m.column().name());
        String p = t.plural();
        return new PairCandidate(QueryShape.FILTER, "select " + sql(x) + " from " + t.sqlName() + " where " + sql(m)
                + " > " + q, List.of(
                "What are the " + xws + " of the " + p + " with " + mw + " greater than " + q + "?",
                "Show the " + xw + " of " + p + " whose " + mw + " is more than " + q + ".",
                "List the " + xws + " of " + p + " with a " + mw + " above " + q + "."));
    }

    /** The measure's sampled values at {@link #THRESHOLDS}, each once. */
    private static List<String> thresholds(ColumnSample m) {
        Set<String> out = new LinkedHashSet<>();
        for (double q : THRESHOLDS) {
            BigDecimal n = TableFacts.quantile(m, q);
            out.add(SqlLiterals.sql(n));
        }
        return List.copyOf(out);
    }

    private String sql(ColumnSample c) {
        return TableFacts.column(style, null, c);
    }
}
