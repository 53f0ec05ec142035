package dev.nl2sql.engine.tuning;

import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Queries over one table, written from its sampled values: counts, filters (=, !=, greater, less, BETWEEN, LIKE),
 * aggregates, GROUP BY, HAVING, ORDER BY with LIMIT, a comparison with the average, and set operations. Each comes
 * with several ways of asking for it. Keywords are lower case, as the PICARD checkpoints were trained to write.
 */
final class SingleTableQueries {

    /** Values of one column each template is written for: more would repeat one shape with other constants. */
    private static final int VALUES_PER_COLUMN = 3;
    private static final int COLUMNS_PER_ROLE = 3;

    private final IdentifierStyle style;

    SingleTableQueries(IdentifierStyle style) {
        this.style = style;
    }

    List<PairCandidate> write(TableFacts t) {
        List<PairCandidate> out = new ArrayList<>();
        String from = " from " + t.sqlName();
        String p = t.plural();
        String s = t.singular();
        String l = t.labelSql(style, null);
        String lw = t.labelWords();
        String lws = t.labelPlural();
        out.add(new PairCandidate(QueryShape.COUNT, "select count(*)" + from, List.of(
                "How many " + p + " are there?", "Count the " + p + ".", "What is the number of " + p + "?",
                "What is the total number of " + p + "?", "How many " + p + " do we have?")));
        List<ColumnSample> categories = first(t.categories());
        List<ColumnSample> measures = first(t.measures());
        for (ColumnSample c : categories) {
            String cs = TableFacts.column(style, null, c);
            String cw = Nouns.words(c.column().name());
            String cws = Nouns.plural(c.column().name());
            List<String> values = c.texts().subList(0, Math.min(VALUES_PER_COLUMN, c.texts().size()));
            for (String v : values) {
                String where = " where " + cs + " = " + SqlLiterals.sql(v);
                out.add(new PairCandidate(QueryShape.COUNT, "select count(*)" + from + where, List.of(
                        "How many " + p + " have " + cw + " " + v + "?",
                        "Count the " + p + " whose " + cw + " is " + v + ".",
                        "What is the number of " + p + " with " + cw + " " + v + "?",
                        "How many " + p + " are there with " + cw + " " + v + "?")));
                out.add(new PairCandidate(QueryShape.FILTER, "select " + l + from + where, List.of(
                        "What are the " + lws + " of the " + p + " whose " + cw + " is " + v + "?",
                        "Show the " + lw + " of " + p + " with " + cw + " " + v + ".",
                        "List the " + lw + " of every " + s + " whose " + cw + " is " + v + ".",
                        "Which " + p + " have " + cw + " " + v + "? Give their " + lws + ".",
                        "Give me the " + lws + " of the " + p + " with " + cw + " " + v + ".")));
            }
            String v = values.get(0);
            out.add(new PairCandidate(QueryShape.FILTER, "select " + l + from + " where " + cs + " != "
                    + SqlLiterals.sql(v), List.of(
                    "Show the " + lw + " of " + p + " whose " + cw + " is not " + v + ".",
                    "Which " + p + " have a " + cw + " other than " + v + "? List their " + lws + ".",
                    "List the " + lws + " of all " + p + " except those with " + cw + " " + v + ".")));
            out.add(new PairCandidate(QueryShape.AGGREGATE, "select count(distinct " + cs + ")" + from, List.of(
                    "How many different " + cws + " are there?",
                    "How many distinct " + cw + " values do the " + p + " have?",
                    "Count the distinct " + cws + " of " + p + ".")));
            out.add(new PairCandidate(QueryShape.GROUP_BY, "select " + cs + ", count(*)" + from + " group by " + cs,
                    List.of("How many " + p + " are there for each " + cw + "?",
                            "Show each " + cw + " and the number of " + p + " with it.",
                            "Count the " + p + " per " + cw + ".",
                            "What is the number of " + p + " for each " + cw + "?")));
            out.add(new PairCandidate(QueryShape.HAVING, "select " + cs + from + " group by " + cs
                    + " having count(*) >= 2", List.of(
                    "Which " + cws + " have at least two " + p + "?",
                    "Show the " + cws + " shared by two or more " + p + ".",
                    "List each " + cw + " that at least 2 " + p + " have.")));
            if (values.size() >= 2) {
                String v2 = values.get(1);
                out.add(new PairCandidate(QueryShape.SET_OPERATION, "select " + l + from + " where " + cs + " = "
                        + SqlLiterals.sql(v) + " union select " + l + from + " where " + cs + " = "
                        + SqlLiterals.sql(v2), List.of(
                        "Show the " + lws + " of " + p + " whose " + cw + " is " + v + " or " + v2 + ".",
                        "List the " + lws + " of the " + p + " with " + cw + " " + v + ", and of those with "
                                + cw + " " + v2 + ".",
                        "Give the " + lw + " of every " + s + " that has " + cw + " " + v + " or " + v2 + ".")));
            }
            for (ColumnSample m : measures) {
                out.addAll(categoryAndMeasure(t, c, m, v));
            }
        }
        for (ColumnSample m : measures) {
            out.addAll(measure(t, m));
        }
        ColumnSample text = t.label().column().isText() ? t.label() : null;
        if (text != null) {
            like(text).ifPresent(word -> out.add(new PairCandidate(QueryShape.FILTER, "select " + l + from
                    + " where " + l + " like '%" + word + "%'", List.of(
                    "Which " + p + " have a " + lw + " containing " + word + "?",
                    "List the " + lws + " of " + p + " whose " + lw + " contains \"" + word + "\".",
                    "Show every " + s + " with " + word + " in its " + lw + ".",
                    "Find the " + p + " whose " + lw + " includes " + word + "."))));
        }
        return out;
    }

    private List<PairCandidate> measure(TableFacts t, ColumnSample m) {
        List<PairCandidate> out = new ArrayList<>();
        String from = " from " + t.sqlName();
        String p = t.plural();
        String s = t.singular();
        String l = t.labelSql(style, null);
        String lw = t.labelWords();
        String lws = t.labelPlural();
        String ms = TableFacts.column(style, null, m);
        String mw = Nouns.words(m.column().name());
        String mws = Nouns.plural(m.column().name());
        String mid = SqlLiterals.sql(TableFacts.quantile(m, 0.5));
        String low = SqlLiterals.sql(TableFacts.quantile(m, 0.25));
        String high = SqlLiterals.sql(TableFacts.quantile(m, 0.75));
        out.add(new PairCandidate(QueryShape.FILTER, "select " + l + from + " where " + ms + " > " + mid, List.of(
                "Which " + p + " have a " + mw + " greater than " + mid + "? Show their " + lws + ".",
                "List the " + lws + " of " + p + " whose " + mw + " is more than " + mid + ".",
                "Show the " + lw + " of every " + s + " with " + mw + " above " + mid + ".")));
        // "less than" written as the reversed "greater than": T5's vocabulary cannot write "<"
        out.add(new PairCandidate(QueryShape.FILTER, "select " + l + from + " where " + mid + " > " + ms, List.of(
                "Which " + p + " have a " + mw + " less than " + mid + "? Show their " + lws + ".",
                "List the " + lws + " of " + p + " whose " + mw + " is below " + mid + ".",
                "Show the " + lw + " of each " + s + " with " + mw + " under " + mid + ".")));
        if (!low.equals(high)) {
            out.add(new PairCandidate(QueryShape.FILTER, "select " + l + ", " + ms + from + " where " + ms
                    + " between " + low + " and " + high, List.of(
                    "Which " + p + " have a " + mw + " between " + low + " and " + high + "? Give their " + lws
                            + " and " + mws + ".",
                    "List the " + lw + " and " + mw + " of " + p + " whose " + mw + " is from " + low + " to "
                            + high + ".",
                    "Show the " + lws + " and " + mws + " of the " + p + " with " + mw + " between " + low
                            + " and " + high + ".")));
        }
        out.add(new PairCandidate(QueryShape.AGGREGATE, "select avg(" + ms + ")" + from, List.of(
                "What is the average " + mw + " of all " + p + "?", "Give me the average " + mw + " of the " + p + ".",
                "What is the mean " + mw + " across " + p + "?")));
        out.add(new PairCandidate(QueryShape.AGGREGATE, "select max(" + ms + "), min(" + ms + ")" + from, List.of(
                "What are the maximum and minimum " + mw + " of all " + p + "?",
                "Show the highest and lowest " + mw + " among " + p + ".",
                "What is the largest and the smallest " + mw + " of the " + p + "?")));
        out.add(new PairCandidate(QueryShape.AGGREGATE, "select sum(" + ms + ")" + from, List.of(
                "What is the total " + mw + " of all " + p + "?", "Sum the " + mw + " over all " + p + ".",
                "Add up the " + mws + " of the " + p + ".")));
        String[] most = superlatives(s, mw);
        out.add(new PairCandidate(QueryShape.ORDER_LIMIT, "select " + l + from + " order by " + ms + " desc limit 1",
                List.of("What is the " + lw + " of the " + s + " with the highest " + mw + "?",
                        "Which " + s + " has the largest " + mw + "? Give its " + lw + ".",
                        "Show the " + lw + " of the " + most[0] + ".")));
        out.add(new PairCandidate(QueryShape.ORDER_LIMIT, "select " + l + from + " order by " + ms + " asc limit 1",
                List.of("What is the " + lw + " of the " + s + " with the lowest " + mw + "?",
                        "Which " + s + " has the smallest " + mw + "? Give its " + lw + ".",
                        "Show the " + lw + " of the " + most[1] + ".")));
        out.add(new PairCandidate(QueryShape.ORDER_LIMIT, "select " + l + ", " + ms + from + " order by " + ms
                + " desc limit 3", List.of(
                "List the " + lws + " and " + mws + " of the top 3 " + p + " by " + mw + ".",
                "Show the three " + p + " with the highest " + mw + ", with their " + lws + ".",
                "What are the " + lws + " and " + mws + " of the 3 " + p + " with the largest " + mw + "?")));
        out.add(new PairCandidate(QueryShape.ORDER_LIMIT, "select " + l + from + " order by " + ms + " asc",
                List.of("List the " + lws + " of all " + p + " sorted by " + mw + " in ascending order.",
                        "Show the " + lws + " of the " + p + " ordered by " + mw + ", smallest first.",
                        "Sort the " + p + " by " + mw + " from lowest to highest and give their " + lws + ".")));
        out.add(new PairCandidate(QueryShape.NESTED, "select " + l + from + " where " + ms + " > (select avg("
                + ms + ")" + from + ")", List.of(
                "Which " + p + " have a " + mw + " above the average? Show their " + lws + ".",
                "List the " + lws + " of " + p + " whose " + mw + " is greater than the average " + mw + ".",
                "Show the " + lw + " of every " + s + " with a higher than average " + mw + ".")));
        if (!low.equals(high)) {
            out.add(new PairCandidate(QueryShape.SET_OPERATION, "select " + l + from + " where " + ms + " > " + mid
                    + " except select " + l + from + " where " + ms + " > " + high, List.of(
                    "Which " + p + " have a " + mw + " above " + mid + " but not above " + high + "? Give their "
                            + lws + ".",
                    "List the " + lws + " of " + p + " with " + mw + " more than " + mid + ", except those with "
                            + mw + " more than " + high + ".")));
        }
        return out;
    }

    private List<PairCandidate> categoryAndMeasure(TableFacts t, ColumnSample c, ColumnSample m, String v) {
        String from = " from " + t.sqlName();
        String p = t.plural();
        String l = t.labelSql(style, null);
        String lws = t.labelPlural();
        String cs = TableFacts.column(style, null, c);
        String cw = Nouns.words(c.column().name());
        String cws = Nouns.plural(c.column().name());
        String ms = TableFacts.column(style, null, m);
        String mw = Nouns.words(m.column().name());
        String mws = Nouns.plural(m.column().name());
        String mid = SqlLiterals.sql(TableFacts.quantile(m, 0.5));
        String high = SqlLiterals.sql(TableFacts.quantile(m, 0.75));
        String low = SqlLiterals.sql(TableFacts.quantile(m, 0.25));
        String isV = " where " + cs + " = " + SqlLiterals.sql(v);
        List<PairCandidate> out = new ArrayList<>();
        out.add(new PairCandidate(QueryShape.AGGREGATE, "select avg(" + ms + ")" + from + isV, List.of(
                "What is the average " + mw + " of " + p + " with " + cw + " " + v + "?",
                "Find the mean " + mw + " of the " + p + " whose " + cw + " is " + v + ".",
                "For " + p + " with " + cw + " " + v + ", what is the average " + mw + "?")));
        out.add(new PairCandidate(QueryShape.AGGREGATE, "select max(" + ms + ")" + from + isV, List.of(
                "What is the highest " + mw + " among " + p + " with " + cw + " " + v + "?",
                "Give the maximum " + mw + " of the " + p + " whose " + cw + " is " + v + ".")));
        out.add(new PairCandidate(QueryShape.FILTER, "select " + l + ", " + ms + from + isV + " and " + ms + " > "
                + low, List.of(
                "Show the " + lws + " and " + mws + " of " + p + " whose " + cw + " is " + v + " and whose " + mw
                        + " is more than " + low + ".",
                "Which " + p + " with " + cw + " " + v + " have a " + mw + " above " + low + "? Give their " + lws
                        + " and " + mws + ".")));
        out.add(new PairCandidate(QueryShape.GROUP_BY, "select " + cs + ", avg(" + ms + ")" + from + " group by "
                + cs, List.of(
                "What is the average " + mw + " for each " + cw + "?",
                "Show the average " + mw + " of " + p + " per " + cw + ".",
                "For each " + cw + ", give the mean " + mw + ".")));
        out.add(new PairCandidate(QueryShape.GROUP_BY, "select " + cs + ", max(" + ms + ")" + from + " group by "
                + cs, List.of(
                "What is the maximum " + mw + " for each " + cw + "?",
                "Show each " + cw + " with the highest " + mw + " of its " + p + ".")));
        out.add(new PairCandidate(QueryShape.HAVING, "select " + cs + from + " group by " + cs + " having avg("
                + ms + ") > " + mid, List.of(
                "Which " + cws + " have an average " + mw + " above " + mid + "?",
                "List the " + cws + " whose " + p + " have a mean " + mw + " greater than " + mid + ".")));
        out.add(new PairCandidate(QueryShape.ORDER_LIMIT, "select " + cs + from + " group by " + cs
                + " order by count(*) desc limit 1", List.of(
                "Which " + cw + " do the most " + p + " have?", "What is the most common " + cw + " of " + p + "?",
                "Show the " + cw + " shared by the largest number of " + p + ".")));
        if (!low.equals(high)) {
            out.add(new PairCandidate(QueryShape.SET_OPERATION, "select " + cs + from + " where " + ms + " > " + high
                    + " intersect select " + cs + from + " where " + low + " > " + ms, List.of(
                    "Which " + cws + " have both " + p + " with " + mw + " above " + high + " and " + p + " with "
                            + mw + " below " + low + "?",
                    "Show the " + cws + " that have some " + p + " with " + mw + " more than " + high
                            + " and some with " + mw + " less than " + low + ".")));
            out.add(new PairCandidate(QueryShape.SET_OPERATION, "select " + cs + from + " except select " + cs + from
                    + " where " + ms + " > " + high, List.of(
                    "Which " + cws + " have no " + t.singular() + " with a " + mw + " above " + high + "?",
                    "Show the " + cws + " of " + p + ", except those that have a " + t.singular() + " whose " + mw
                            + " is more than " + high + ".")));
        }
        return out;
    }

    /** A word of at least three letters inside a value of the column, for {@code LIKE '%word%'}. */
    private static Optional<String> like(ColumnSample text) {
        for (String value : text.texts()) {
            for (String word : value.split("[^A-Za-z]+")) {
                if (word.length() >= 3 && word.length() < value.length()) {
                    return Optional.of(word);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * "the oldest singer", "the youngest singer": the largest and the smallest of a measure where English has a word
     * for them, else "the singer whose age is the greatest".
     */
    private static String[] superlatives(String singular, String measureWords) {
        String[] words = superlativeWords(measureWords);
        return words == null
                ? new String[] {singular + " whose " + measureWords + " is the greatest",
                        singular + " whose " + measureWords + " is the smallest"}
                : new String[] {words[0] + " " + singular, words[1] + " " + singular};
    }

    private static String[] superlativeWords(String measureWords) {
        List<String> words = List.of(measureWords.split(" "));
        if (words.contains("age")) {
            return new String[] {"oldest", "youngest"};
        }
        if (words.contains("price") || words.contains("cost")) {
            return new String[] {"most expensive", "cheapest"};
        }
        if (words.contains("year")) {
            return new String[] {"most recent", "earliest"};
        }
        if (words.contains("weight")) {
            return new String[] {"heaviest", "lightest"};
        }
        if (words.contains("height")) {
            return new String[] {"tallest", "shortest"};
        }
        return null;
    }

    private static <T> List<T> first(List<T> list) {
        return list.subList(0, Math.min(COLUMNS_PER_ROLE, list.size()));
    }
}
