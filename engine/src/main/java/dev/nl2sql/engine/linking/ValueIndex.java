package dev.nl2sql.engine.linking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distinct values of a database's text columns, for finding the values a question names: "berlin", "Berlín" and
 * "Berlni" all find the stored {@code 'Berlin'}. Immutable and thread-safe; built by {@link ValueIndexReader}.
 *
 * <p>A question is read as word n-grams (1 to {@value #MAX_NGRAM} words, normalized as {@link NormalizedText} does)
 * plus its quoted strings. An n-gram matches a value whose normalized text is the same; else a single word matches a
 * one-word value of the same stem ("cats": 'cat') or one it extends by up to three letters ("asian": 'Asia'); else,
 * for a value of at least 5 characters, one edit away (two edits from 9 characters), when the first letters agree
 * (typos rarely hit the first letter, and this keeps "names" from finding "James"). N-grams made only of function and
 * question words ("how many", "name") are not looked up, except inside quotes.
 */
public final class ValueIndex {

    static final int MAX_NGRAM = 4;
    /** Texts longer than this get no spelling variants: long values are copied, not misspelt, and the deletions of long texts cost most. */
    static final int MAX_FUZZY_CHARS = 24;
    /** A common value ("active", a frequent name) is reported in this many columns at most. */
    static final int MAX_COLUMNS_PER_TEXT = 256;
    private static final Pattern QUOTED = Pattern.compile(
            "(?<![\\p{L}\\p{N}])(?:'([^']+)'|\"([^\"]+)\"|\u201C([^\u201D]+)\u201D|\u2018([^\u2019]+)\u2019)"
                    + "(?![\\p{L}\\p{N}])");

    /** A column whose values are indexed. */
    record ColumnRef(String table, String column) {
    }

    private final List<ColumnRef> columns;
    /** Distinct normalized values; the ids of the deletion index. */
    private final String[] normalized;
    /** For each normalized value: the (column, stored value) pairs that normalize to it. */
    private final int[][] columnsOf;
    private final String[][] storedOf;
    private final Map<String, Integer> idOf;
    /** Stem of each one-word value to the values with that stem ("cats" finds 'cat'). */
    private final Map<String, int[]> byStem;
    private final DeletionIndex deletions;
    private final int valueCount;

    private ValueIndex(List<ColumnRef> columns, String[] normalized, int[][] columnsOf, String[][] storedOf,
            Map<String, Integer> idOf, Map<String, int[]> byStem, DeletionIndex deletions, int valueCount) {
        this.columns = columns;
        this.normalized = normalized;
        this.columnsOf = columnsOf;
        this.storedOf = storedOf;
        this.idOf = idOf;
        this.byStem = byStem;
        this.deletions = deletions;
        this.valueCount = valueCount;
    }

    /** An index of nothing: questions match no values. */
    public static ValueIndex empty() {
        return new Builder(0).build();
    }

    /** (column, value) pairs held. */
    public int size() {
        return valueCount;
    }

    public int columnCount() {
        return columns.size();
    }

    /** Every (table, column, stored value) held, as {@code table.column=value}, sorted: two indexes compared whole. */
    List<String> entries() {
        List<String> entries = new ArrayList<>(valueCount);
        for (int id = 0; id < normalized.length; id++) {
            for (int k = 0; k < columnsOf[id].length; k++) {
                ColumnRef ref = columns.get(columnsOf[id][k]);
                entries.add(ref.table() + "." + ref.column() + "=" + storedOf[id][k]);
            }
        }
        entries.sort(Comparator.naturalOrder());
        return entries;
    }

    /** How many edits a string of this many characters may be from a value and still match it. */
    static int allowedEdits(int length) {
        return length >= 9 ? 2 : length >= 5 ? 1 : 0;
    }

    /**
     * The values the question names, best first, at most {@code limit}, each in at most
     * {@value #MAX_COLUMNS_PER_TEXT} columns. N-grams are looked up longest first, as they are, and one that lies inside
     * a longer exact match is not looked up at all ("Sofia Weber" found whole does not also bring every city called
     * 'Sofia'); then the n-grams that found nothing are tried in other word forms and spelling variants.
     */
    public List<ValueMatch> match(String question, int limit) {
        Map<String, ValueMatch> best = new LinkedHashMap<>();
        Matcher quoted = QUOTED.matcher(question);
        while (quoted.find()) {
            for (int g = 1; g <= 4; g++) {
                if (quoted.group(g) != null) {
                    String text = NormalizedText.of(quoted.group(g));
                    if (!exact(quoted.group(g), text, 1.2, best)) {
                        variants(quoted.group(g), text, 1.2, best);
                    }
                }
            }
        }
        List<String> words = NormalizedText.words(question);
        boolean[] covered = new boolean[words.size()];
        List<int[]> unmatched = new ArrayList<>(); // {start, n}
        Set<String> seen = new HashSet<>();
        for (int n = Math.min(MAX_NGRAM, words.size()); n >= 1; n--) {
            for (int start = 0; start + n <= words.size(); start++) {
                List<String> gram = words.subList(start, start + n);
                String text = String.join(" ", gram);
                if (!worthLookingUp(gram) || !seen.add(text) || inside(covered, start, n)) {
                    continue;
                }
                if (exact(text, text, score(n), best)) {
                    if (n > 1) {
                        Arrays.fill(covered, start, start + n, true);
                    }
                } else if (variantsWorthTrying(gram)) {
                    unmatched.add(new int[] {start, n});
                }
            }
        }
        for (int[] gram : unmatched) {
            if (!inside(covered, gram[0], gram[1])) {
                String text = String.join(" ", words.subList(gram[0], gram[0] + gram[1]));
                variants(text, text, score(gram[1]), best);
            }
        }
        List<ValueMatch> matches = new ArrayList<>(best.values());
        matches.sort(Comparator.comparingDouble(ValueMatch::score).reversed());
        return matches.size() > limit ? List.copyOf(matches.subList(0, limit)) : List.copyOf(matches);
    }

    private static boolean inside(boolean[] covered, int start, int n) {
        for (int k = start; k < start + n; k++) {
            if (!covered[k]) {
                return false;
            }
        }
        return true;
    }

    /** Longer texts are surer matches. */
    private static double score(int words) {
        return 1.0 + 0.1 * (words - 1);
    }

    private static boolean worthLookingUp(List<String> gram) {
        for (String w : gram) {
            if (!WordForms.FUNCTION_WORDS.contains(w) && !WordForms.QUESTION_WORDS.contains(w)) {
                return true;
            }
        }
        return false; // "how many", "name": never a value by themselves
    }

    /**
     * Spelling variants are looked for only where the n-gram starts and ends with a content word: "of berlni" finds
     * nothing "berlni" alone would not, and the variant search is the costly part of matching.
     */
    private static boolean variantsWorthTrying(List<String> gram) {
        return content(gram.get(0)) && content(gram.get(gram.size() - 1));
    }

    private static boolean content(String word) {
        return !WordForms.FUNCTION_WORDS.contains(word) && !WordForms.QUESTION_WORDS.contains(word)
                && !word.chars().allMatch(Character::isDigit);
    }

    /** The value written exactly so (case, accents and punctuation aside); false if there is none. */
    private boolean exact(String asWritten, String text, double exactScore, Map<String, ValueMatch> best) {
        if (text.isEmpty()) {
            return false;
        }
        Integer id = idOf.get(text);
        if (id == null && text.indexOf(' ') > 0) {
            id = idOf.get(text.replace(" ", "")); // "north carolina" finds 'NorthCarolina'
        }
        if (id == null) {
            return false;
        }
        // a number stored as text, or one letter ("sex F"), is a weaker hint than words
        double score = text.chars().allMatch(c -> Character.isDigit(c) || c == ' ') || text.length() == 1
                ? exactScore * 0.6 : exactScore;
        add(id, asWritten, score, best);
        return true;
    }

    /** Other word forms of one word, else values one or two edits away. */
    private void variants(String asWritten, String text, double exactScore, Map<String, ValueMatch> best) {
        if (text.isEmpty() || (text.indexOf(' ') < 0 && otherWordForm(asWritten, text, exactScore, best))) {
            return;
        }
        int edits = Math.min(allowedEdits(text.length()), 2);
        if (edits == 0 || text.length() > MAX_FUZZY_CHARS) {
            return;
        }
        BitSet tried = new BitSet(normalized.length);
        deletions.candidates(text, edits, id -> {
            if (tried.get(id)) {
                return;
            }
            tried.set(id);
            String value = normalized[id];
            if (value.charAt(0) != text.charAt(0)) {
                return;
            }
            int allowed = Math.min(edits, allowedEdits(value.length()));
            int d = EditDistance.within(text, value, allowed);
            if (d <= allowed) {
                add(id, asWritten, exactScore * (0.85 - 0.15 * d), best);
            }
        });
    }

    /**
     * A one-word value in another form: the same stem ("cats", "engineering" find 'cat', 'engineer'), or the word
     * with up to three letters more ("asian", "european" find 'Asia', 'Europe'; the value has at least 4 letters).
     */
    private boolean otherWordForm(String asWritten, String word, double exactScore, Map<String, ValueMatch> best) {
        boolean found = false;
        int[] sameStem = byStem.get(WordForms.stem(word));
        if (sameStem != null) {
            for (int id : sameStem) {
                add(id, asWritten, exactScore * 0.9, best);
            }
            found = true;
        }
        for (int cut = 1; cut <= 3 && word.length() - cut >= 4; cut++) {
            Integer id = idOf.get(word.substring(0, word.length() - cut));
            if (id != null) {
                add(id, asWritten, exactScore * 0.75, best);
                found = true;
            }
        }
        return found;
    }

    private void add(int id, String asWritten, double score, Map<String, ValueMatch> best) {
        int[] cols = columnsOf[id];
        for (int k = 0; k < cols.length && k < MAX_COLUMNS_PER_TEXT; k++) {
            ColumnRef ref = columns.get(cols[k]);
            String stored = storedOf[id][k];
            String key = ref.table() + '\u0000' + ref.column() + '\u0000' + stored;
            ValueMatch old = best.get(key);
            if (old == null || old.score() < score) {
                best.put(key, new ValueMatch(ref.table(), ref.column(), stored, asWritten, score));
            }
        }
    }

    /** Collects values column by column; not thread-safe. */
    static final class Builder {
        private final List<ColumnRef> columns = new ArrayList<>();
        private final Map<String, Integer> idOf = new HashMap<>();
        private final List<String> normalized = new ArrayList<>();
        private final List<List<int[]>> pairs = new ArrayList<>();
        private final List<List<String>> stored = new ArrayList<>();
        private final DeletionIndex.Builder deletions;
        private int valueCount;
        private int withoutVariants;

        /** @param maxDeletionEntries bound on the spelling-variant index (8 bytes each) */
        Builder(int maxDeletionEntries) {
            this.deletions = new DeletionIndex.Builder(maxDeletionEntries);
        }

        /** Starts a column; returns its number for {@link #add}. */
        int column(String table, String column) {
            columns.add(new ColumnRef(table, column));
            return columns.size() - 1;
        }

        /** Adds one distinct value of a column. */
        void add(int column, String value) {
            String norm = NormalizedText.of(value);
            if (norm.isEmpty()) {
                return;
            }
            Integer id = idOf.get(norm);
            if (id == null) {
                id = normalized.size();
                idOf.put(norm, id);
                normalized.add(norm);
                pairs.add(new ArrayList<>(1));
                stored.add(new ArrayList<>(1));
                int edits = allowedEdits(norm.length());
                if (edits > 0 && norm.length() <= MAX_FUZZY_CHARS && !deletions.add(norm, id, edits)) {
                    withoutVariants++;
                }
            }
            for (int[] p : pairs.get(id)) {
                if (p[0] == column) {
                    return; // "Berlin" and "BERLIN" in one column: the first spelling read stands for both
                }
            }
            pairs.get(id).add(new int[] {column});
            stored.get(id).add(value);
            valueCount++;
        }

        int valueCount() {
            return valueCount;
        }

        /** Values that found no room in the spelling-variant index (they still match exactly). */
        int withoutVariants() {
            return withoutVariants;
        }

        ValueIndex build() {
            int n = normalized.size();
            int[][] columnsOf = new int[n][];
            String[][] storedOf = new String[n][];
            for (int i = 0; i < n; i++) {
                List<int[]> p = pairs.get(i);
                columnsOf[i] = new int[p.size()];
                for (int k = 0; k < p.size(); k++) {
                    columnsOf[i][k] = p.get(k)[0];
                }
                storedOf[i] = stored.get(i).toArray(new String[0]);
            }
            Map<String, List<Integer>> stems = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String norm = normalized.get(i);
                if (norm.indexOf(' ') < 0 && !norm.chars().allMatch(Character::isDigit)) {
                    stems.computeIfAbsent(WordForms.stem(norm), k -> new ArrayList<>(1)).add(i);
                }
            }
            Map<String, int[]> byStem = new HashMap<>();
            stems.forEach((stem, ids) -> byStem.put(stem, ids.stream().mapToInt(Integer::intValue).toArray()));
            return new ValueIndex(List.copyOf(columns), normalized.toArray(new String[0]), columnsOf, storedOf,
                    Map.copyOf(idOf), byStem, deletions.build(), valueCount);
        }
    }
}
