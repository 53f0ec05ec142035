package dev.nl2sql.engine.memory;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The taught pairs of one database, searchable by question. A deliberately simple stand-in (word-overlap Jaccard;
 * near-exact means equal after normalisation) that keeps to the interface of the real retrieval index, which
 * replaces this file.
 */
public final class PairIndex {

    private final List<TaughtPair> pairs;
    private final List<Set<String>> words;
    private final List<String> normalised;

    private PairIndex(List<TaughtPair> pairs) {
        this.pairs = List.copyOf(pairs);
        this.words = this.pairs.stream().map(p -> words(p.question())).toList();
        this.normalised = this.pairs.stream().map(p -> normalise(p.question())).toList();
    }

    public static PairIndex of(List<TaughtPair> pairs) {
        return new PairIndex(pairs);
    }

    /** The k pairs whose questions share most words with {@code question}, best first; none that shares nothing. */
    public List<PairMatch> nearest(String question, int k) {
        Set<String> asked = words(question);
        return java.util.stream.IntStream.range(0, pairs.size())
                .mapToObj(i -> new PairMatch(pairs.get(i), jaccard(asked, words.get(i))))
                .filter(m -> m.score() > 0)
                .sorted(Comparator.comparingDouble(PairMatch::score).reversed())
                .limit(Math.max(0, k))
                .toList();
    }

    /** The pair taught for this very question (case, spacing, accents and end punctuation aside), if any. */
    public Optional<PairMatch> nearExact(String question) {
        String asked = normalise(question);
        for (int i = pairs.size() - 1; i >= 0; i--) { // the latest teaching wins
            if (normalised.get(i).equals(asked)) {
                return Optional.of(new PairMatch(pairs.get(i), 1.0));
            }
        }
        return Optional.empty();
    }

    public int size() {
        return pairs.size();
    }

    private static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return (double) both.size() / (a.size() + b.size() - both.size());
    }

    private static Set<String> words(String text) {
        String n = normalise(text);
        return n.isEmpty() ? Set.of() : new HashSet<>(Arrays.asList(n.split(" ")));
    }

    private static String normalise(String text) {
        String plain = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }
}
