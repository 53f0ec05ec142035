package dev.nl2sql.engine.tuning;

import dev.nl2sql.picard.schema.ForeignKey;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Queries along the schema's foreign keys, in Spider's style ({@code t1}, {@code t2} aliases): joins with a count per
 * parent and filters on either side, IN and NOT IN subqueries over the referencing column, EXCEPT, and two tables
 * joined through a link table (a table with foreign keys to both, as {@code singer_in_concert}).
 */
final class JoinQueries {

    private static final int VALUES_PER_COLUMN = 2;

    private final IdentifierStyle style;

    JoinQueries(IdentifierStyle style) {
        this.style = style;
    }

    /** {@code tables}: the sampled tables by name in lower case. */
    List<PairCandidate> write(List<ForeignKey> foreignKeys, Map<String, TableFacts> tables) {
        List<PairCandidate> out = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        for (ForeignKey fk : foreignKeys) {
            link(fk, tables).ifPresent(links::add);
        }
        for (Link link : links) {
            out.addAll(along(link));
        }
        for (int i = 0; i < links.size(); i++) {
            for (int j = 0; j < links.size(); j++) {
                Link a = links.get(i);
                Link b = links.get(j);
                if (i != j && a.child() == b.child() && a.parent() != b.parent()) {
                    out.addAll(through(a, b));
                }
            }
        }
        return out;
    }

    /** A single-column foreign key between two sampled tables. */
    private record Link(TableFacts child, String childColumn, TableFacts parent, String parentColumn) {
    }

    private static Optional<Link> link(ForeignKey fk, Map<String, TableFacts> tables) {
        TableFacts child = tables.get(fk.fromTable().toLowerCase(Locale.ROOT));
        TableFacts parent = tables.get(fk.toTable().toLowerCase(Locale.ROOT));
        if (fk.fromColumns().size() != 1 || child == null || parent == null || child == parent) {
            return Optional.empty();
        }
        return Optional.of(new Link(child, fk.fromColumns().get(0), parent, fk.toColumns().get(0)));
    }

    private List<PairCandidate> along(Link k) {
        TableFacts c = k.child();
        TableFacts p = k.parent();
        String join = " from " + c.sqlName() + " as t1 join " + p.sqlName() + " as t2 on t1."
                + style.write(k.childColumn()) + " = t2." + style.write(k.parentColumn());
        String pl = p.labelSql(style, "t2");
        String cl = c.labelSql(style, "t1");
        String fk = style.write(k.childColumn());
        String pk = style.write(k.parentColumn());
        List<PairCandidate> out = new ArrayList<>();
        out.add(new PairCandidate(QueryShape.JOIN, "select " + pl + ", count(*)" + join + " group by t2." + pk
                + ", " + pl, List.of(
                "How many " + c.plural() + " does each " + p.singular() + " have? Show the " + p.labelWords()
                        + " and the count.",
                "For each " + p.singular() + ", give its " + p.labelWords() + " and the number of " + c.plural()
                        + ".",
                "Show the " + p.labelWords() + " of each " + p.singular() + " together with how many "
                        + c.plural() + " it has.")));
        out.add(new PairCandidate(QueryShape.JOIN, "select " + pl + join + " group by t2." + pk + ", " + pl
                + " order by count(*) desc limit 1", List.of(
                "Which " + p.singular() + " has the most " + c.plural() + "? Give its " + p.labelWords() + ".",
                "What is the " + p.labelWords() + " of the " + p.singular() + " with the largest number of "
                        + c.plural() + "?")));
        out.add(new PairCandidate(QueryShape.JOIN, "select " + cl + ", " + pl + join, List.of(
                "Show the " + c.labelWords() + " of each " + c.singular() + " and the " + p.labelWords()
                        + " of its " + p.singular() + ".",
                "List every " + c.singular() + " " + c.labelWords() + " with the " + p.labelWords() + " of the "
                        + p.singular() + " it belongs to.")));
        for (ColumnSample filter : filters(p)) {
            String fw = Nouns.words(filter.column().name());
            for (String v : values(filter)) {
                out.add(new PairCandidate(QueryShape.JOIN, "select " + cl + join + " where "
                        + TableFacts.column(style, "t2", filter) + " = " + SqlLiterals.sql(v), List.of(
                        "Show the " + c.labelPlural() + " of " + c.plural() + " whose " + p.singular() + " has "
                                + fw + " " + v + ".",
                        "List the " + c.labelWords() + " of every " + c.singular() + " of a " + p.singular()
                                + " with " + fw + " " + v + ".",
                        "What are the " + c.labelPlural() + " of the " + c.plural() + " for the " + p.singular()
                                + " whose " + fw + " is " + v + "?")));
            }
        }
        for (ColumnSample filter : filters(c)) {
            String fw = Nouns.words(filter.column().name());
            for (String v : values(filter)) {
                String condition = TableFacts.column(style, null, filter) + " = " + SqlLiterals.sql(v);
                out.add(new PairCandidate(QueryShape.JOIN, "select distinct " + pl + join + " where t1." + condition,
                        List.of("Which " + p.plural() + " have a " + c.singular() + " with " + fw + " " + v
                                        + "? Give their " + p.labelPlural() + ".",
                                "Show the " + p.labelWords() + " of " + p.plural() + " with at least one "
                                        + c.singular() + " whose " + fw + " is " + v + ".")));
                out.add(new PairCandidate(QueryShape.NESTED, "select " + p.labelSql(style, null) + " from "
                        + p.sqlName() + " where " + pk + " in (select " + fk + " from " + c.sqlName() + " where "
                        + condition + ")", List.of(
                        "Find the " + p.labelPlural() + " of the " + p.plural() + " that some " + c.singular()
                                + " with " + fw + " " + v + " refers to.",
                        "What are the " + p.labelPlural() + " of " + p.plural() + " having any " + c.singular()
                                + " whose " + fw + " is " + v + "?")));
            }
        }
        out.add(new PairCandidate(QueryShape.NESTED, "select " + p.labelSql(style, null) + " from " + p.sqlName()
                + " where " + pk + " not in (select " + fk + " from " + c.sqlName() + ")", List.of(
                "Which " + p.plural() + " have no " + c.plural() + "? Show their " + p.labelPlural() + ".",
                "List the " + p.labelPlural() + " of " + p.plural() + " without any " + c.singular() + ".",
                "Show the " + p.labelWords() + " of every " + p.singular() + " that has no " + c.singular()
                        + ".")));
        out.add(new PairCandidate(QueryShape.SET_OPERATION, "select " + p.labelSql(style, null) + " from "
                + p.sqlName() + " except select " + pl + join, List.of(
                "Show the " + p.labelPlural() + " that no " + c.singular() + " refers to.",
                "Which " + p.labelPlural() + " of " + p.plural() + " do not appear for any " + c.singular() + "?")));
        for (ColumnSample m : c.measures().subList(0, Math.min(2, c.measures().size()))) {
            String ms = TableFacts.column(style, "t1", m);
            String mw = Nouns.words(m.column().name());
            out.add(new PairCandidate(QueryShape.JOIN, "select " + pl + ", avg(" + ms + ")" + join + " group by t2."
                    + pk + ", " + pl, List.of(
                    "What is the average " + mw + " of the " + c.plural() + " of each " + p.singular() + "?",
                    "For each " + p.singular() + ", show its " + p.labelWords() + " and the mean " + mw + " of its "
                            + c.plural() + ".")));
        }
        return out;
    }

    /** Two tables joined through the link table both keys are in. */
    private List<PairCandidate> through(Link a, Link b) {
        TableFacts from = a.parent();
        TableFacts to = b.parent();
        TableFacts link = a.child();
        String join = " from " + from.sqlName() + " as t1 join " + link.sqlName() + " as t2 on t1."
                + style.write(a.parentColumn()) + " = t2." + style.write(a.childColumn()) + " join " + to.sqlName()
                + " as t3 on t2." + style.write(b.childColumn()) + " = t3." + style.write(b.parentColumn());
        List<PairCandidate> out = new ArrayList<>();
        String fromLabel = from.labelSql(style, "t1");
        for (String v : values(from.label())) {
            out.add(new PairCandidate(QueryShape.JOIN, "select " + to.labelSql(style, "t3") + join + " where "
                    + fromLabel + " = " + SqlLiterals.sql(v), List.of(
                    "What are the " + to.labelPlural() + " of the " + to.plural() + " linked to the "
                            + from.singular() + " " + v + "?",
                    "Show the " + to.labelWords() + " of every " + to.singular() + " of the " + from.singular()
                            + " whose " + from.labelWords() + " is " + v + ".",
                    "List the " + to.plural() + " for " + from.singular() + " " + v + " by "
                            + to.labelWords() + ".")));
        }
        out.add(new PairCandidate(QueryShape.JOIN, "select " + fromLabel + ", count(*)" + join + " group by t1."
                + style.write(a.parentColumn()) + ", " + fromLabel, List.of(
                "How many " + to.plural() + " does each " + from.singular() + " have? Give the "
                        + from.labelWords() + " and the number.",
                "For every " + from.singular() + ", show its " + from.labelWords() + " and how many "
                        + to.plural() + " it is linked to.")));
        return out;
    }

    /** Text columns of a table worth filtering on: its categories, else its label. */
    private static List<ColumnSample> filters(TableFacts t) {
        if (!t.categories().isEmpty()) {
            return t.categories().subList(0, 1);
        }
        return t.label().column().isText() ? List.of(t.label()) : List.of();
    }

    private static List<String> values(ColumnSample c) {
        List<String> texts = c.texts();
        return texts.subList(0, Math.min(VALUES_PER_COLUMN, texts.size()));
    }
}
