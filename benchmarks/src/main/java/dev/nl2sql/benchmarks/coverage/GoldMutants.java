package dev.nl2sql.benchmarks.coverage;

import dev.nl2sql.picard.grammar.DialectSyntax;
import dev.nl2sql.picard.lexer.SqlLexer;
import dev.nl2sql.picard.lexer.SqlToken;
import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Wrong variants of a correct query, each one change that no database accepts: a column swapped for one that no
 * table of the query has, a misspelt table, a qualifier that names no alias of the query. A constraint that lets
 * these through does not know the schema. The choice of what to change is seeded, so a run is repeatable.
 */
public final class GoldMutants {

    public enum Kind { COLUMN_OUT_OF_SCOPE, MISSPELT_TABLE, DANGLING_ALIAS }

    /** A wrong query: its kind, its text (tokens joined by single spaces), and what was changed. */
    public record Mutant(Kind kind, String sql, String change) {
    }

    private GoldMutants() {
    }

    /** Up to one mutant of each kind (none of a kind the query offers nothing to change for). */
    public static List<Mutant> of(String sql, DbSchema schema, IdentifierStyle style, long seed) {
        DialectSyntax dialect = DialectSyntax.of(style);
        List<SqlToken> tokens = new SqlLexer(dialect.identifierQuote(), dialect.doubleQuotedStrings()).tokenize(sql);
        Random random = new Random(seed);
        List<Mutant> out = new ArrayList<>();
        Set<String> tables = new HashSet<>();
        List<String> allColumns = new ArrayList<>();
        for (DbTable t : schema.tables()) {
            tables.add(lower(t.name()));
            for (DbColumn c : t.columns()) {
                if (!allColumns.contains(lower(c.name()))) {
                    allColumns.add(lower(c.name()));
                }
            }
        }
        Set<String> inScope = new HashSet<>();
        for (SqlToken token : tokens) {
            if (token.type() == SqlToken.Type.WORD && tables.contains(lower(token.value()))) {
                schema.table(token.value()).ifPresent(t -> t.columns().forEach(c -> inScope.add(lower(c.name()))));
            }
        }
        columnOutOfScope(tokens, allColumns, inScope, random).ifPresent(out::add);
        misspeltTable(tokens, tables, random).ifPresent(out::add);
        danglingAlias(tokens, random).ifPresent(out::add);
        return out;
    }

    private static java.util.Optional<Mutant> columnOutOfScope(List<SqlToken> tokens, List<String> allColumns,
            Set<String> inScope, Random random) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            boolean qualifier = i + 1 < tokens.size() && (tokens.get(i + 1).isSymbol(".")
                    || tokens.get(i + 1).isSymbol("("));
            boolean declared = i > 0 && (tokens.get(i - 1).isWord("FROM") || tokens.get(i - 1).isWord("JOIN")
                    || tokens.get(i - 1).isWord("AS"));
            if (t.type() == SqlToken.Type.WORD && allColumns.contains(lower(t.value())) && !qualifier && !declared) {
                candidates.add(i);
            }
        }
        List<String> outside = allColumns.stream().filter(c -> !inScope.contains(c)).toList();
        if (candidates.isEmpty() || outside.isEmpty()) {
            return java.util.Optional.empty();
        }
        int at = candidates.get(random.nextInt(candidates.size()));
        String replacement = outside.get(random.nextInt(outside.size()));
        return java.util.Optional.of(new Mutant(Kind.COLUMN_OUT_OF_SCOPE, replaced(tokens, at, replacement),
                tokens.get(at).text() + " -> " + replacement));
    }

    private static java.util.Optional<Mutant> misspeltTable(List<SqlToken> tokens, Set<String> tables,
            Random random) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 1; i < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            boolean declared = tokens.get(i - 1).isWord("FROM") || tokens.get(i - 1).isWord("JOIN");
            if (declared && t.type() == SqlToken.Type.WORD && tables.contains(lower(t.value()))) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            return java.util.Optional.empty();
        }
        int at = candidates.get(random.nextInt(candidates.size()));
        String name = tokens.get(at).value();
        for (int attempt = 0; attempt < 20; attempt++) {
            String typo = typo(name, random);
            if (!typo.equalsIgnoreCase(name) && !tables.contains(lower(typo))) {
                return java.util.Optional.of(new Mutant(Kind.MISSPELT_TABLE, replaced(tokens, at, typo),
                        name + " -> " + typo));
            }
        }
        return java.util.Optional.empty();
    }

    /** A slip of the keyboard: two neighbouring letters swapped, one dropped, or one doubled. */
    private static String typo(String name, Random random) {
        int i = random.nextInt(Math.max(1, name.length() - 1));
        return switch (random.nextInt(3)) {
            case 0 -> name.length() < 2 ? name + "s"
                    : name.substring(0, i) + name.charAt(i + 1) + name.charAt(i) + name.substring(i + 2);
            case 1 -> name.length() < 3 ? name + "s" : name.substring(0, i) + name.substring(i + 1);
            default -> name.substring(0, i + 1) + name.charAt(i) + name.substring(i + 1);
        };
    }

    private static java.util.Optional<Mutant> danglingAlias(List<SqlToken> tokens, Random random) {
        Set<String> used = new HashSet<>();
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            if (t.type() == SqlToken.Type.WORD && t.value().matches("(?i)t[1-9]")) {
                used.add(lower(t.value()));
                if (i + 1 < tokens.size() && tokens.get(i + 1).isSymbol(".")) {
                    candidates.add(i);
                }
            }
        }
        if (candidates.isEmpty()) {
            return java.util.Optional.empty();
        }
        String unused = null;
        for (int n = 1; n <= 9 && unused == null; n++) {
            if (!used.contains("t" + n)) {
                unused = "T" + n;
            }
        }
        if (unused == null) {
            return java.util.Optional.empty();
        }
        int at = candidates.get(random.nextInt(candidates.size()));
        return java.util.Optional.of(new Mutant(Kind.DANGLING_ALIAS, replaced(tokens, at, unused),
                tokens.get(at).text() + " -> " + unused));
    }

    private static String replaced(List<SqlToken> tokens, int at, String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(i == at ? text : tokens.get(i).text());
        }
        return out.toString();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
