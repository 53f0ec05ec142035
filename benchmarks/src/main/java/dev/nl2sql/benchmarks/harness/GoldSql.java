package dev.nl2sql.benchmarks.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a gold query uses, read from its text: its tables (after FROM and JOIN), its columns ({@code T1.col} resolved
 * through the aliases; a bare column belongs to the first of the query's tables that has it) and its string literals
 * (single or double quoted, as Spider writes them; a LIKE pattern without its {@code %}). Names come back as the
 * schema stores them, so they compare with what linking reports.
 */
final class GoldSql {

    /** A string literal of the query; {@code like} when it was a LIKE pattern. */
    record Literal(String text, boolean like) {
    }

    /** What the query uses. */
    record Uses(Set<String> tables, Set<String> columns, List<Literal> literals) {
    }

    private static final Set<String> KEYWORDS = Set.of("select", "from", "where", "join", "on", "as", "and", "or",
            "not", "in", "like", "between", "group", "by", "order", "having", "limit", "union", "intersect",
            "except", "distinct", "asc", "desc", "count", "sum", "avg", "min", "max", "is", "null", "inner",
            "left", "right", "outer", "cross", "natural", "using", "case", "when", "then", "else", "end", "exists",
            "all", "any", "cast", "offset", "true", "false");

    private record Token(String text, char kind) { // kind: 'i' identifier, 'q' double-quoted, 's' string, 'n' number, 'p' punctuation
    }

    private GoldSql() {
    }

    /** @param schema table name (as stored) to its column names (as stored) */
    static Uses read(String sql, Map<String, List<String>> schema) {
        List<Token> tokens = tokens(sql);
        Map<String, String> tableByLower = new LinkedHashMap<>();
        schema.keySet().forEach(t -> tableByLower.put(t.toLowerCase(Locale.ROOT), t));
        Set<String> columnNames = new LinkedHashSet<>();
        schema.values().forEach(cols -> cols.forEach(c -> columnNames.add(c.toLowerCase(Locale.ROOT))));

        // Tables and aliases, in order; an alias may be bound several times (T1 in each subquery).
        List<String> tables = new ArrayList<>();
        List<String[]> aliases = new ArrayList<>(); // {alias lower, table}
        for (int i = 0; i < tokens.size(); i++) {
            Token tk = tokens.get(i);
            if (!(tk.kind() == 'i' || tk.kind() == 'q')) {
                continue;
            }
            String table = tableByLower.get(tk.text().toLowerCase(Locale.ROOT));
            if (table == null || !afterTableKeyword(tokens, i)) {
                continue;
            }
            if (!tables.contains(table)) {
                tables.add(table);
            }
            aliases.add(new String[] {table.toLowerCase(Locale.ROOT), table});
            int next = i + 1;
            if (next < tokens.size() && tokens.get(next).text().equalsIgnoreCase("as")) {
                next++;
            }
            if (next < tokens.size() && tokens.get(next).kind() == 'i'
                    && !KEYWORDS.contains(tokens.get(next).text().toLowerCase(Locale.ROOT))) {
                aliases.add(new String[] {tokens.get(next).text().toLowerCase(Locale.ROOT), table});
            }
        }

        Set<String> columns = new LinkedHashSet<>();
        List<Literal> literals = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token tk = tokens.get(i);
            boolean qualified = i + 2 < tokens.size() && tokens.get(i + 1).text().equals(".");
            if (tk.kind() == 's' || (tk.kind() == 'q' && !qualified
                    && !columnNames.contains(tk.text().toLowerCase(Locale.ROOT))
                    && !tableByLower.containsKey(tk.text().toLowerCase(Locale.ROOT)))) {
                boolean like = i > 0 && tokens.get(i - 1).text().equalsIgnoreCase("like");
                String text = like ? tk.text().replace("%", "") : tk.text();
                if (!text.isEmpty()) {
                    literals.add(new Literal(text, like));
                }
                continue;
            }
            if (!(tk.kind() == 'i' || tk.kind() == 'q')) {
                continue;
            }
            if (qualified) {
                String column = tokens.get(i + 2).text();
                resolveQualified(tk.text(), column, aliases, schema).ifPresent(columns::add);
                i += 2;
                continue;
            }
            String lower = tk.text().toLowerCase(Locale.ROOT);
            boolean function = i + 1 < tokens.size() && tokens.get(i + 1).text().equals("(");
            boolean alias = aliases.stream().anyMatch(a -> a[0].equals(lower));
            if (KEYWORDS.contains(lower) || function || alias || !columnNames.contains(lower)) {
                continue;
            }
            for (String table : tables) {
                Optional<String> stored = column(schema.get(table), tk.text());
                if (stored.isPresent()) {
                    columns.add(table + "." + stored.get());
                    break;
                }
            }
        }
        return new Uses(new LinkedHashSet<>(tables), columns, literals);
    }

    private static boolean afterTableKeyword(List<Token> tokens, int i) {
        if (i == 0) {
            return false;
        }
        String before = tokens.get(i - 1).text().toLowerCase(Locale.ROOT);
        if (before.equals("from") || before.equals("join")) {
            return true;
        }
        // FROM a AS x, b AS y
        if (before.equals(",")) {
            for (int k = i - 2; k >= 0; k--) {
                String t = tokens.get(k).text().toLowerCase(Locale.ROOT);
                if (t.equals("from")) {
                    return true;
                }
                if (KEYWORDS.contains(t) && !t.equals("as")) {
                    return false;
                }
            }
        }
        return false;
    }

    private static Optional<String> resolveQualified(String qualifier, String column, List<String[]> aliases,
            Map<String, List<String>> schema) {
        String q = qualifier.toLowerCase(Locale.ROOT);
        for (String[] a : aliases) {
            if (a[0].equals(q)) {
                Optional<String> stored = column(schema.get(a[1]), column);
                if (stored.isPresent()) {
                    return Optional.of(a[1] + "." + stored.get());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> column(List<String> columns, String name) {
        return columns.stream().filter(c -> c.equalsIgnoreCase(name)).findFirst();
    }

    private static List<Token> tokens(String sql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"' || c == '`') {
                StringBuilder sb = new StringBuilder();
                int j = i + 1;
                while (j < sql.length()) {
                    if (sql.charAt(j) == c) {
                        if (j + 1 < sql.length() && sql.charAt(j + 1) == c) {
                            sb.append(c);
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    sb.append(sql.charAt(j++));
                }
                tokens.add(new Token(sb.toString(), c == '\'' ? 's' : 'q'));
                i = j + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
                    j++;
                }
                tokens.add(new Token(sql.substring(i, j), 'i'));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < sql.length() && (Character.isDigit(sql.charAt(j)) || sql.charAt(j) == '.')) {
                    j++;
                }
                tokens.add(new Token(sql.substring(i, j), 'n'));
                i = j;
            } else {
                tokens.add(new Token(String.valueOf(c), 'p'));
                i++;
            }
        }
        return tokens;
    }
}
