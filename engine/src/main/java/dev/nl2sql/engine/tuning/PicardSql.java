package dev.nl2sql.engine.tuning;

import dev.nl2sql.engine.sql.StatementText;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Queries in the form the PICARD checkpoints were trained to write ({@code normalize} in PICARD's
 * {@code seq2seq/utils/spider.py}): lower case outside string literals, names bare. The T5 input names tables and
 * columns in lower case, so a model copies a name from its input only when its target writes it alike; a target
 * with {@code "Song_release_year"} where the input says {@code song_release_year} asks it to learn a spelling per
 * name. The engine's checker finds the stored name whatever the case, and writes it back quoted where the database
 * needs that, so the lower-case form runs the same.
 */
final class PicardSql {

    private static final Pattern SIMPLE = Pattern.compile("[a-z_][a-z0-9_]*");

    private PicardSql() {
    }

    /** The query lower-cased outside {@code '...'}, with quoted names that are simple words unquoted. */
    static String normalize(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'') {
                int end = StatementText.endOfQuoted(sql, i);
                out.append(sql, i, end);
                i = end;
            } else if (c == '"' || c == '`') {
                int end = StatementText.endOfQuoted(sql, i);
                String name = sql.substring(i + 1, end - 1);
                String lower = name.toLowerCase(Locale.ROOT);
                out.append(SIMPLE.matcher(lower).matches() ? lower : sql.substring(i, end));
                i = end;
            } else {
                out.append(Character.toLowerCase(c));
                i++;
            }
        }
        return out.toString();
    }
}
