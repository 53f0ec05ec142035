package dev.nl2sql.benchmarks.harness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spider gold SQL in a form where two annotations of the same query are equal text, for memory-recall's "same query"
 * test. Tokens joined by one space (so {@code count(*)} is {@code count ( * )} whatever the spacing); everything in
 * lower case, string literals included; string literals in single quotes whichever quote was written; a trailing
 * {@code ;} dropped; and an alias that stands for a table used once in the query ({@code singer AS T1},
 * {@code T1.name}) replaced by the table's name ({@code singer.name}), so {@code T1}/{@code T2} numbering does not
 * matter. A self-join keeps its aliases, as they tell its two sides apart.
 *
 * <p>Literal values stay: "older than 30" and "older than 40" are different queries. Their case does not: Spider's
 * annotators wrote the same value in two cases for the same question ({@code 'Timmothy'}/{@code 'timmothy'},
 * {@code "Asia"}/{@code "asia"}), and the count of 966 dev questions with a partner counts them as the same.
 */
final class CanonicalSql {

    private static final Pattern TOKEN = Pattern.compile(
            "'(?:[^']|'')*'|\"[^\"]*\"|`[^`]*`|[A-Za-z_][A-Za-z0-9_]*(?:\\.(?:[A-Za-z_][A-Za-z0-9_]*|\\*))?"
                    + "|\\d+(?:\\.\\d+)?|!=|<>|>=|<=|\\|\\||\\S");
    private static final Pattern ALIAS = Pattern.compile("t\\d+");

    private CanonicalSql() {
    }

    static String of(String sql) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(sql);
        while (m.find()) {
            String t = m.group();
            char c = t.charAt(0);
            if (c == '"' || c == '\'') {
                tokens.add("'" + t.substring(1, t.length() - 1).toLowerCase(Locale.ROOT) + "'");
            } else if (c == '`') {
                tokens.add(t.substring(1, t.length() - 1).toLowerCase(Locale.ROOT));
            } else {
                tokens.add(t.toLowerCase(Locale.ROOT));
            }
        }
        while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).equals(";")) {
            tokens.remove(tokens.size() - 1);
        }
        Map<String, String> aliasTable = new HashMap<>();
        Map<String, Integer> aliasesOfTable = new HashMap<>();
        for (int i = 0; i + 2 < tokens.size(); i++) {
            if (tokens.get(i + 1).equals("as") && ALIAS.matcher(tokens.get(i + 2)).matches()
                    && isName(tokens.get(i))) {
                String previous = aliasTable.put(tokens.get(i + 2), tokens.get(i));
                if (previous == null || !previous.equals(tokens.get(i))) {
                    aliasesOfTable.merge(tokens.get(i), 1, Integer::sum);
                }
            }
        }
        // Only aliases of a table aliased once: T1 and T2 of a self-join must stay apart.
        aliasTable.entrySet().removeIf(e -> aliasesOfTable.get(e.getValue()) > 1);
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.equals("as") && i + 1 < tokens.size() && aliasTable.containsKey(tokens.get(i + 1))
                    && i > 0 && aliasTable.get(tokens.get(i + 1)).equals(tokens.get(i - 1))) {
                i++;
                continue;
            }
            int dot = t.indexOf('.');
            if (dot > 0 && t.charAt(0) != '\'' && aliasTable.containsKey(t.substring(0, dot))) {
                t = aliasTable.get(t.substring(0, dot)) + t.substring(dot);
            }
            out.add(t);
        }
        return String.join(" ", out);
    }

    private static boolean isName(String token) {
        return Character.isLetter(token.charAt(0)) || token.charAt(0) == '_';
    }
}
