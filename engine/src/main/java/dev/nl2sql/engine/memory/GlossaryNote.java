package dev.nl2sql.engine.memory;

import java.time.Instant;
import java.util.List;

/**
 * A fact about a database's data in plain words ("a big order means total > 1000"), taught for one database. It goes
 * into the prompt as data when the question or the schema linked for it mentions its terms; it never changes what
 * may run.
 *
 * @param id       the store's id, named by {@code NL FORGET: note <id>}
 * @param text     the note
 * @param terms    the tables or columns ({@code table}, {@code column} or {@code table.column}) it is tied to; empty
 *                 where it is tied to none (then its own words are its terms)
 * @param taughtBy who taught it
 * @param taughtAt when
 */
public record GlossaryNote(long id, String text, List<String> terms, String taughtBy, Instant taughtAt) {

    public GlossaryNote {
        terms = List.copyOf(terms);
    }
}
