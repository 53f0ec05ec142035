package dev.nl2sql.engine.memory;

import dev.nl2sql.picard.schema.DbSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What is taught for one database, as read for a question: every pair (stale ones flagged), every note, and the index
 * over the pairs that may be used. Immutable.
 */
public final class Knowledge {

    public static final Knowledge EMPTY = new Knowledge(List.of(), List.of());

    private final List<TaughtPair> pairs;
    private final List<GlossaryNote> notes;
    private final PairIndex usable;

    public Knowledge(List<TaughtPair> pairs, List<GlossaryNote> notes) {
        this(pairs, notes, null);
    }

    /** {@code schema}, where known, lets the index tell names of the schema from values in questions. */
    public Knowledge(List<TaughtPair> pairs, List<GlossaryNote> notes, DbSchema schema) {
        this.pairs = List.copyOf(pairs);
        this.notes = List.copyOf(notes);
        List<TaughtPair> current = this.pairs.stream().filter(p -> !p.stale()).toList();
        this.usable = schema == null ? PairIndex.of(current) : PairIndex.of(current, schema);
    }

    public List<TaughtPair> pairs() {
        return pairs;
    }

    public List<GlossaryNote> notes() {
        return notes;
    }

    public boolean isEmpty() {
        return pairs.isEmpty() && notes.isEmpty();
    }

    /** The pair taught for this question, never a stale one. */
    public Optional<PairMatch> nearExact(String question) {
        return usable.size() == 0 ? Optional.empty() : usable.nearExact(question);
    }

    /** The most similar pairs, best first, at most {@code k}, while their text fits {@code budgetChars}. */
    public List<PairMatch> examples(String question, int k, int budgetChars) {
        if (k <= 0 || usable.size() == 0) {
            return List.of();
        }
        List<PairMatch> chosen = new ArrayList<>();
        int used = 0;
        for (PairMatch m : usable.nearest(question, k)) {
            int size = MemoryPrompt.size(m.pair());
            if (used + size > budgetChars) {
                break;
            }
            chosen.add(m);
            used += size;
        }
        return chosen;
    }

    /**
     * The notes that concern the question: those tied to a table or column that linking chose or the question names,
     * and those whose own words the question uses; in the order taught, while they fit {@code budgetChars}.
     *
     * @param tables  the tables described in the prompt
     * @param columns the columns described, as {@code table.column}
     */
    public List<GlossaryNote> notesFor(String question, List<String> tables, List<String> columns, int budgetChars) {
        if (notes.isEmpty() || budgetChars <= 0) {
            return List.of();
        }
        Set<String> asked = MemoryText.contentWords(question);
        List<String> linked = new ArrayList<>();
        tables.forEach(t -> linked.add(t.toLowerCase(Locale.ROOT)));
        columns.forEach(c -> linked.add(c.toLowerCase(Locale.ROOT)));
        List<GlossaryNote> chosen = new ArrayList<>();
        int used = 0;
        for (GlossaryNote note : notes) {
            if (!concerns(note, asked, linked)) {
                continue;
            }
            int size = MemoryPrompt.size(note);
            if (used + size > budgetChars) {
                break;
            }
            chosen.add(note);
            used += size;
        }
        return chosen;
    }

    private static boolean concerns(GlossaryNote note, Set<String> asked, List<String> linked) {
        for (String term : note.terms()) {
            String t = term.toLowerCase(Locale.ROOT);
            String last = t.substring(t.lastIndexOf('.') + 1);
            boolean inSchema = linked.stream().anyMatch(l -> l.equals(t) || l.endsWith("." + t)
                    || t.contains(".") && l.equals(t));
            if (inSchema || MemoryText.contentWords(last).stream().anyMatch(asked::contains)) {
                return true;
            }
        }
        return MemoryText.contentWords(note.text()).stream().anyMatch(asked::contains);
    }
}
