package dev.nl2sql.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Spider's difficulty from the SQL text, for question files without the parsed {@code sql} object (a user's plain
 * {@code [{db_id, question, query}]}). It counts the components {@link Hardness} counts on the parsed object, on the
 * top-level query's tokens outside parentheses; where the text holds what Spider's parser would not parse (CASE,
 * WITH, a subquery in the select list, an aggregate inside arithmetic) it answers {@link Hardness#UNKNOWN}.
 */
final class TextHardness {

    private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max");
    private static final Set<String> SET_OPERATIONS = Set.of("union", "intersect", "except");
    private static final Set<String> CLAUSES = Set.of("select", "from", "where", "group", "having", "order", "limit");

    private TextHardness() {
    }

    static Hardness of(String sql) {
        List<String> all = tokens(SpiderRunner.officialPostprocess(sql));
        if (all.isEmpty() || !all.get(0).equals("select") || all.contains("case") || all.contains("with")
                || all.contains("over")) {
            return Hardness.UNKNOWN;
        }
        int componentTwo = 0;
        List<String> main = all;
        for (int i = 0, depth = 0; i < all.size(); i++) {
            depth += depthChange(all.get(i));
            if (depth == 0 && SET_OPERATIONS.contains(all.get(i))) {
                componentTwo++; // Spider nests a chain of set operations, so the top level has one
                main = all.subList(0, i);
                break;
            }
        }
        // The main query's clauses, each the tokens up to the next clause keyword outside parentheses.
        List<List<String>> clause = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0, depth = 0; i < main.size(); i++) {
            String t = main.get(i);
            if (depth == 0 && CLAUSES.contains(t)) {
                names.add(t);
                clause.add(new ArrayList<>());
                if (t.equals("group") || t.equals("order")) {
                    i++; // BY
                }
                continue;
            }
            depth += depthChange(t);
            clause.get(clause.size() - 1).add(t);
        }
        List<String> select = part(names, clause, "select");
        List<String> from = part(names, clause, "from");
        List<String> where = part(names, clause, "where");
        List<String> group = part(names, clause, "group");
        List<String> having = part(names, clause, "having");
        List<String> order = part(names, clause, "order");
        if (select == null || containsSubquery(select)) {
            return Hardness.UNKNOWN;
        }
        int componentOne = 0;
        for (List<String> c : List.of(nonNull(where), nonNull(group), nonNull(order))) {
            componentOne += c.isEmpty() ? 0 : 1;
        }
        componentOne += names.contains("limit") ? 1 : 0;
        List<String> on = new ArrayList<>();
        if (from != null) {
            int tables = 1;
            boolean inOn = false;
            for (String t : topLevel(from)) {
                if (t.equals("join") || t.equals(",")) {
                    tables++;
                    inOn = false;
                } else if (t.equals("on")) {
                    inOn = true;
                } else if (inOn) {
                    on.add(t);
                }
            }
            componentOne += tables - 1;
        }
        for (List<String> conditions : List.of(on, topLevel(nonNull(where)), topLevel(nonNull(having)))) {
            componentOne += count(conditions, "or") + count(conditions, "like");
        }
        for (List<String> conditions : List.of(from == null ? List.<String>of() : from, nonNull(where),
                nonNull(having))) {
            componentTwo += subqueries(conditions, from != null && conditions == from);
        }

        List<List<String>> items = split(select);
        int aggregates = 0;
        for (List<String> item : items) {
            Integer a = aggregated(item);
            if (a == null) {
                return Hardness.UNKNOWN;
            }
            aggregates += a;
        }
        aggregates += count(topLevel(nonNull(where)), "not"); // a negated condition: the official NOT-flag quirk
        for (List<String> item : split(nonNull(order))) {
            Integer a = aggregated(item.subList(0, item.size() - (endsWithDirection(item) ? 1 : 0)));
            aggregates += a == null ? 0 : a;
        }
        List<String> havingTop = topLevel(nonNull(having));
        aggregates += count(havingTop, "not") + connectors(havingTop); // and/or words count, as officially
        int whereConditions = where == null ? 0 : connectors(topLevel(where)) + 1;
        int others = (aggregates > 1 ? 1 : 0) + (items.size() > 1 ? 1 : 0) + (whereConditions > 1 ? 1 : 0)
                + (split(nonNull(group)).size() > 1 ? 1 : 0);
        return Hardness.classify(componentOne, componentTwo, others);
    }

    private static List<String> part(List<String> names, List<List<String>> clauses, String name) {
        int i = names.indexOf(name);
        return i < 0 ? null : clauses.get(i);
    }

    private static List<String> nonNull(List<String> tokens) {
        return tokens == null ? List.of() : tokens;
    }

    /** 1 when the item is one aggregate call (agg(...) [AS alias]), 0 without aggregate, null when mixed. */
    private static Integer aggregated(List<String> item) {
        boolean anyAggregate = false;
        for (int i = 0; i + 1 < item.size(); i++) {
            anyAggregate |= AGGREGATES.contains(item.get(i)) && item.get(i + 1).equals("(");
        }
        if (!anyAggregate) {
            return 0;
        }
        if (AGGREGATES.contains(item.get(0)) && item.get(1).equals("(")) {
            int close = closing(item, 1);
            int rest = item.size() - close - 1;
            if (rest == 0 || (rest == 2 && item.get(close + 1).equals("as")) || rest == 1) {
                return 1;
            }
        }
        return null;
    }

    private static boolean endsWithDirection(List<String> item) {
        String last = item.get(item.size() - 1);
        return item.size() > 1 && (last.equals("asc") || last.equals("desc"));
    }

    /** The and/or between conditions; the AND of BETWEEN x AND y is not one. */
    private static int connectors(List<String> tokens) {
        int n = 0;
        boolean between = false;
        for (String t : tokens) {
            if (t.equals("between")) {
                between = true;
            } else if (t.equals("and") && between) {
                between = false;
            } else if (t.equals("and") || t.equals("or")) {
                n++;
            }
        }
        return n;
    }

    /** Subqueries used as condition values: "( select" at this query's level (in FROM only after ON). */
    private static int subqueries(List<String> tokens, boolean fromClause) {
        int n = 0;
        boolean inOn = !fromClause;
        for (int i = 0, depth = 0; i + 1 < tokens.size(); i++) {
            String t = tokens.get(i);
            if (depth == 0 && fromClause && (t.equals("join") || t.equals(","))) {
                inOn = false;
            } else if (depth == 0 && t.equals("on")) {
                inOn = true;
            }
            if (depth == 0 && inOn && t.equals("(") && tokens.get(i + 1).equals("select")) {
                n++;
            }
            depth += depthChange(t);
        }
        return n;
    }

    private static boolean containsSubquery(List<String> tokens) {
        return tokens.contains("select");
    }

    /** The comma-separated items of a clause, split outside parentheses. */
    private static List<List<String>> split(List<String> tokens) {
        List<List<String>> items = new ArrayList<>();
        if (tokens.isEmpty()) {
            return items;
        }
        List<String> current = new ArrayList<>();
        int depth = 0;
        for (String t : tokens) {
            if (depth == 0 && t.equals(",")) {
                items.add(current);
                current = new ArrayList<>();
                continue;
            }
            depth += depthChange(t);
            current.add(t);
        }
        items.add(current);
        items.removeIf(List::isEmpty);
        return items;
    }

    /** The tokens outside parentheses. */
    private static List<String> topLevel(List<String> tokens) {
        List<String> top = new ArrayList<>();
        int depth = 0;
        for (String t : tokens) {
            int change = depthChange(t);
            if (depth == 0 && change == 0) {
                top.add(t);
            }
            depth += change;
        }
        return top;
    }

    private static int count(List<String> tokens, String word) {
        return (int) tokens.stream().filter(word::equals).count();
    }

    private static int closing(List<String> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            depth += depthChange(tokens.get(i));
            if (depth == 0) {
                return i;
            }
        }
        return tokens.size() - 1;
    }

    private static int depthChange(String token) {
        return token.equals("(") ? 1 : token.equals(")") ? -1 : 0;
    }

    /** Lower-case words, quoted literals and names as one token each, punctuation one character each. */
    static List<String> tokens(String sql) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"' || c == '`') {
                int j = i + 1;
                while (j < sql.length() && !(sql.charAt(j) == c && (j + 1 >= sql.length() || sql.charAt(j + 1) != c))) {
                    j += sql.charAt(j) == c ? 2 : 1;
                }
                tokens.add(sql.substring(i, Math.min(j + 1, sql.length())));
                i = j + 1;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                int j = i;
                while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_'
                        || sql.charAt(j) == '.')) {
                    j++;
                }
                tokens.add(sql.substring(i, j).toLowerCase(Locale.ROOT));
                i = j;
            } else {
                tokens.add(String.valueOf(c));
                i++;
            }
        }
        return tokens;
    }
}
