package dev.nl2sql.benchmarks.harness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The baseline of memory-recall: Okapi BM25 (k1 1.2, b 0.75, idf ln(1 + (N - df + 0.5) / (df + 0.5))) over the
 * question's words as written, lower-cased, with no stop words, stemming or synonyms.
 */
final class PlainBm25 {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final double K1 = 1.2;
    private static final double B = 0.75;

    private final List<Map<String, Integer>> docs = new ArrayList<>();
    private final List<Integer> lengths = new ArrayList<>();
    private final Map<String, Integer> df = new HashMap<>();
    private double averageLength;

    PlainBm25(List<String> texts) {
        long total = 0;
        for (String text : texts) {
            List<String> words = words(text);
            Map<String, Integer> counts = new HashMap<>();
            words.forEach(w -> counts.merge(w, 1, Integer::sum));
            counts.keySet().forEach(w -> df.merge(w, 1, Integer::sum));
            docs.add(counts);
            lengths.add(words.size());
            total += words.size();
        }
        averageLength = texts.isEmpty() ? 1 : Math.max(1, (double) total / texts.size());
    }

    /** Positions of the {@code k} best documents for the query, best first (ties: the earlier document). */
    List<Integer> top(String query, int k) {
        Map<String, Integer> q = new HashMap<>();
        words(query).forEach(w -> q.merge(w, 1, Integer::sum));
        double[] scores = new double[docs.size()];
        for (int d = 0; d < docs.size(); d++) {
            for (String w : q.keySet()) {
                Integer tf = docs.get(d).get(w);
                if (tf != null) {
                    int n = df.get(w);
                    double idf = Math.log(1 + (docs.size() - n + 0.5) / (n + 0.5));
                    scores[d] += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths.get(d) / averageLength));
                }
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int d = 0; d < docs.size(); d++) {
            order.add(d);
        }
        order.sort(Comparator.comparingDouble((Integer d) -> -scores[d]).thenComparingInt(d -> d));
        return order.subList(0, Math.min(k, order.size()));
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }
}
