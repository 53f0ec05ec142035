package dev.nl2sql.engine.tuning;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Leaves out the wordings of a generated query that name a column the query does not read. On a table with columns
 * {@code highest}, {@code lowest} and {@code average}, "the three stadiums with the highest lowest" or "the average
 * capacity" use a column's name as a plain word; a model trained on them learns that a column named in the question
 * may mean nothing, which is the one thing it must not learn. A query left without a wording is left out.
 */
final class AmbiguousWordings {

    private static final Pattern STRING_LITERAL = Pattern.compile("'((?:[^']|'')*)'");
    private static final Pattern NOT_IDENTIFIER = Pattern.compile("[^a-z0-9_]+");

    private final List<DbTable> tables;

    AmbiguousWordings(DbSchema schema) {
        this.tables = schema.tables();
    }

    /** The candidate with only its unambiguous wordings: none when every wording names a column it does not read. */
    PairCandidate unambiguous(PairCandidate candidate) {
        List<String> literals = new ArrayList<>();
        Matcher m = STRING_LITERAL.matcher(candidate.sql());
        while (m.find()) {
            literals.add(Nouns.plainWords(m.group(1).replace("''", "'")));
        }
        Set<String> identifiers = new HashSet<>(List.of(NOT_IDENTIFIER.split(
                lower(STRING_LITERAL.matcher(candidate.sql()).replaceAll(" ")))));
        List<String> read = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        Set<String> tableNouns = new HashSet<>();
        for (DbTable table : tables) {
            if (identifiers.contains(lower(table.name()))) {
                tableNouns.add(Nouns.singular(table.name()));
                tableNouns.add(Nouns.plural(table.name()));
                for (DbColumn column : table.columns()) {
                    List<String> target = identifiers.contains(lower(column.name())) ? read : unread;
                    target.add(Nouns.words(column.name()));
                    target.add(Nouns.plural(column.name()));
                }
            }
        }
        unread.removeAll(read);
        unread.removeAll(tableNouns);
        if (unread.isEmpty()) {
            return candidate;
        }
        read.sort(Comparator.comparingInt(String::length).reversed());
        List<String> kept = candidate.questions().stream()
                .filter(q -> !namesAny(masked(q, literals, read), unread)).toList();
        return kept.size() == candidate.questions().size() ? candidate
                : new PairCandidate(candidate.shape(), candidate.sql(), kept);
    }

    /** The question's words with the query's values and the columns it reads blanked out, longest first. */
    private static String masked(String question, List<String> literals, List<String> read) {
        String text = " " + Nouns.plainWords(question) + " ";
        for (String literal : literals) {
            if (!literal.isEmpty()) {
                text = text.replace(" " + literal + " ", " # ");
            }
        }
        for (String phrase : read) {
            text = text.replace(" " + phrase + " ", " # ");
        }
        return text;
    }

    private static boolean namesAny(String text, List<String> phrases) {
        return phrases.stream().anyMatch(p -> text.contains(" " + p + " "));
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
