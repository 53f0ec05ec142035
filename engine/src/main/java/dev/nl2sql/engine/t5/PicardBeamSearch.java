package dev.nl2sql.engine.t5;

import dev.nl2sql.engine.GenerationControl;
import dev.nl2sql.picard.checker.CheckerState;
import dev.nl2sql.picard.checker.PrefixChecker;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search under PICARD's incremental check (Scholak et al., 2021). At every step each beam's most likely next
 * tokens are tried in order of probability against the {@link PrefixChecker}: a token whose text makes the output
 * impossible to finish as a valid query over the schema is dropped, and the first {@code topK} that pass go on. The
 * end token passes only where the query is complete. The output starts with the database id and {@code |}, as the
 * PICARD checkpoints write it; only the SQL after it is checked and returned.
 *
 * <p>Where none of a beam's most likely tokens passes, the search reads further down the ranking (to the whole
 * vocabulary if it must), so a beam dies only when no token at all can continue it: even random weights give valid
 * SQL. Finished beams are ranked by log probability per token (length penalty 1, as Hugging Face's default), best
 * first, for execution-guided choice to try in order.
 */
final class PicardBeamSearch {

    /** How many of a beam's most likely tokens are ranked up front; the rest only when these all fail. */
    private static final int RANKED = 64;

    private final T5Vocabulary vocabulary;
    private final int beams;
    private final int topK;
    private final int maxTokens;

    /** A finished beam: the SQL, the tokens written (with the database id) and the mean log probability. */
    record Result(String sql, int tokens, double score) {
    }

    /** A live beam: its tokens, log probability, text so far and checker state once past the database id. */
    private record Hypothesis(int[] tokens, double score, String text, CheckerState state) {

        boolean isComplete() {
            return state != null && state.isComplete();
        }
    }

    private record Candidate(int parent, int token, double score, Hypothesis next) {
    }

    PicardBeamSearch(T5Vocabulary vocabulary, int beams, int topK, int maxTokens) {
        if (beams < 1 || topK < 1 || maxTokens < 1) {
            throw new IllegalArgumentException("beams, topK and maxTokens must be positive");
        }
        this.vocabulary = vocabulary;
        this.beams = beams;
        this.topK = topK;
        this.maxTokens = maxTokens;
    }

    /** Statistics of one search, for the benchmark and the log. */
    record Outcome(List<Result> results, int steps, int checks, String unfinished) {
    }

    Outcome search(T5Model.Decoding decoding, int startToken, String databaseId, PrefixChecker checker,
            GenerationControl control) throws SQLException {
        String prefix = databaseId + " |";
        List<Hypothesis> live = List.of(new Hypothesis(new int[0], 0, "", null));
        List<Result> finished = new ArrayList<>();
        int[] parents = null;
        int[] tokens = {startToken};
        int steps = 0;
        int checks = 0;
        while (!live.isEmpty() && finished.size() < beams && steps < maxTokens) {
            control.check();
            float[][] logProbs = decoding.step(parents, tokens);
            steps++;
            List<Candidate> candidates = new ArrayList<>();
            for (int b = 0; b < live.size(); b++) {
                checks += expand(live.get(b), b, logProbs[b], prefix, checker, candidates);
            }
            candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());
            List<Hypothesis> next = new ArrayList<>();
            List<Integer> nextParents = new ArrayList<>();
            List<Integer> nextTokens = new ArrayList<>();
            for (Candidate c : candidates) {
                if (c.token() == vocabulary.eos()) {
                    Hypothesis done = c.next();
                    finished.add(new Result(sqlOf(done.text(), prefix), done.tokens().length,
                            c.score() / done.tokens().length));
                } else if (next.size() < beams) {
                    next.add(c.next());
                    nextParents.add(c.parent());
                    nextTokens.add(c.token());
                }
            }
            live = next;
            parents = nextParents.stream().mapToInt(Integer::intValue).toArray();
            tokens = nextTokens.stream().mapToInt(Integer::intValue).toArray();
        }
        finished.sort(Comparator.comparingDouble(Result::score).reversed());
        return new Outcome(List.copyOf(finished.subList(0, Math.min(beams, finished.size()))), steps, checks,
                live.isEmpty() ? "" : live.get(0).text().strip());
    }

    /** Adds the beam's first topK tokens that pass the check; returns how many tokens were checked. */
    private int expand(Hypothesis h, int parent, float[] logProbs, String prefix, PrefixChecker checker,
            List<Candidate> out) {
        int limit = Math.min(logProbs.length, vocabulary.size());
        int[] ranked = top(logProbs, limit, RANKED);
        int accepted = 0;
        int checked = 0;
        for (int token : ranked) {
            checked++;
            Hypothesis next = extend(h, token, logProbs[token], prefix, checker);
            if (next != null) {
                out.add(new Candidate(parent, token, next.score(), next));
                if (++accepted == topK) {
                    return checked;
                }
            }
        }
        if (accepted > 0 || ranked.length == limit) {
            return checked;
        }
        // none of the likely tokens can go on: read the whole ranking for the first that can
        int[] seen = sortedCopy(ranked);
        for (int token : rankAll(logProbs, limit)) {
            if (Arrays.binarySearch(seen, token) >= 0) {
                continue;
            }
            checked++;
            Hypothesis next = extend(h, token, logProbs[token], prefix, checker);
            if (next != null) {
                out.add(new Candidate(parent, token, next.score(), next));
                return checked;
            }
        }
        return checked;
    }

    /** The beam with the token appended, or null where the checker (or the database id) refuses it. */
    private Hypothesis extend(Hypothesis h, int token, float logProb, String prefix, PrefixChecker checker) {
        if (!vocabulary.isWritable(token)) {
            return null;
        }
        double score = h.score() + logProb;
        if (token == vocabulary.eos()) {
            return h.isComplete() ? new Hypothesis(append(h.tokens(), token), score, h.text(), h.state()) : null;
        }
        String piece = vocabulary.text(token);
        // runs of blank tokens would let a beam write spaces for ever
        if (piece.isBlank() && (h.text().isEmpty() || Character.isWhitespace(h.text().charAt(h.text().length() - 1)))) {
            return null;
        }
        if (h.state() != null) {
            // the common case, and the one a search tries thousands of times: feed only the piece, and build the
            // beam's text only for a token that passes
            CheckerState state = h.state().feed(piece);
            return state.isRejected() ? null : new Hypothesis(append(h.tokens(), token), score, h.text() + piece, state);
        }
        String text = h.text() + piece;
        String lead = text.stripLeading();
        if (lead.length() <= prefix.length()) {
            return prefix.regionMatches(true, 0, lead, 0, lead.length())
                    ? new Hypothesis(append(h.tokens(), token), score, text, null) : null;
        }
        if (!lead.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return null;
        }
        CheckerState state = checker.start().feed(lead.substring(prefix.length()));
        return state.isRejected() ? null : new Hypothesis(append(h.tokens(), token), score, text, state);
    }

    private static int[] append(int[] tokens, int token) {
        int[] out = Arrays.copyOf(tokens, tokens.length + 1);
        out[tokens.length] = token;
        return out;
    }

    private static String sqlOf(String text, String prefix) {
        return text.stripLeading().substring(prefix.length()).strip();
    }

    /** Indices of the n largest values, largest first. */
    static int[] top(float[] values, int limit, int n) {
        int k = Math.min(n, limit);
        int[] heap = new int[k]; // a min-heap of indices by value
        int size = 0;
        for (int i = 0; i < limit; i++) {
            if (size < k) {
                heap[size] = i;
                siftUp(heap, size++, values);
            } else if (values[i] > values[heap[0]]) {
                heap[0] = i;
                siftDown(heap, k, values);
            }
        }
        Integer[] boxed = new Integer[size];
        for (int i = 0; i < size; i++) {
            boxed[i] = heap[i];
        }
        Arrays.sort(boxed, (a, b) -> Float.compare(values[b], values[a]));
        return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }

    private static void siftUp(int[] heap, int i, float[] v) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (v[heap[i]] >= v[heap[parent]]) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[parent];
            heap[parent] = t;
            i = parent;
        }
    }

    private static void siftDown(int[] heap, int size, float[] v) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int m = i;
            if (l < size && v[heap[l]] < v[heap[m]]) {
                m = l;
            }
            if (r < size && v[heap[r]] < v[heap[m]]) {
                m = r;
            }
            if (m == i) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[m];
            heap[m] = t;
            i = m;
        }
    }

    /** All indices below limit, largest value first: value and index packed in a long and sorted as primitives. */
    private static int[] rankAll(float[] values, int limit) {
        long[] packed = new long[limit];
        for (int i = 0; i < limit; i++) {
            int bits = Float.floatToIntBits(values[i]);
            int sortable = bits >= 0 ? bits : bits ^ 0x7fffffff; // orders like the floats, NaN aside
            packed[i] = ((long) sortable << 32) | (i & 0xffffffffL);
        }
        Arrays.sort(packed);
        int[] order = new int[limit];
        for (int i = 0; i < limit; i++) {
            order[i] = (int) packed[limit - 1 - i];
        }
        return order;
    }

    private static int[] sortedCopy(int[] a) {
        int[] s = a.clone();
        Arrays.sort(s);
        return s;
    }
}
