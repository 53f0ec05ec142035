package dev.nl2sql.engine.t5;

import dev.nl2sql.engine.GenerationControl;
import dev.nl2sql.picard.checker.CheckerState;
import dev.nl2sql.picard.checker.PrefixChecker;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PrimitiveIterator;

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

    /** How many of a beam's likeliest tokens are read before it settles for fewer than topK that pass. */
    private static final int RANKED = 64;

    private final T5Vocabulary vocabulary;
    private final int beams;
    private final int topK;
    private final int maxTokens;
    private final Ranking ranking;

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

    /** The model's side of the search: {@link T5Model.Decoding}, or a scripted one in the tests. */
    interface Decoder {
        /**
         * Log probabilities of each beam's next token, [beams][vocab]: the beams to continue are indices into the
         * previous step's (null on the first step, which starts one beam) and each writes its token now.
         */
        float[][] step(int[] parents, int[] tokens);
    }

    /** How a beam's scores become tokens in the order they are tried: likeliest first, ties by token id. */
    @FunctionalInterface
    interface Ranking {
        PrimitiveIterator.OfInt rank(float[] scores, int limit);
    }

    PicardBeamSearch(T5Vocabulary vocabulary, int beams, int topK, int maxTokens) {
        this(vocabulary, beams, topK, maxTokens, TokenRanking::new);
    }

    /** With another ranking of the same order: the tests compare the partial selection with a full sort. */
    PicardBeamSearch(T5Vocabulary vocabulary, int beams, int topK, int maxTokens, Ranking ranking) {
        if (beams < 1 || topK < 1 || maxTokens < 1) {
            throw new IllegalArgumentException("beams, topK and maxTokens must be positive");
        }
        this.vocabulary = vocabulary;
        this.beams = beams;
        this.topK = topK;
        this.maxTokens = maxTokens;
        this.ranking = ranking;
    }

    /** Statistics of one search, for the benchmark and the log. */
    record Outcome(List<Result> results, int steps, int checks, String unfinished) {
    }

    /**
     * Hugging Face's stopping rule: the search ends once `beams` queries are finished and no live beam's mean log
     * probability so far beats the worst of them. Ending at the first `beams` finished would let unlikely short ends
     * of weak beams fill the list while the best beam is still a few tokens from its end.
     */
    private boolean done(List<Result> finished, List<Hypothesis> live) {
        if (finished.size() < beams) {
            return false;
        }
        double worst = finished.get(finished.size() - 1).score();
        for (Hypothesis h : live) {
            if (h.score() / Math.max(1, h.tokens().length) > worst) {
                return false;
            }
        }
        return true;
    }

    Outcome search(Decoder decoding, int startToken, String databaseId, PrefixChecker checker,
            GenerationControl control) throws SQLException {
        String prefix = databaseId + " |";
        List<Hypothesis> live = List.of(new Hypothesis(new int[0], 0, "", null));
        List<Result> finished = new ArrayList<>();
        int[] parents = null;
        int[] tokens = {startToken};
        int steps = 0;
        int checks = 0;
        while (!live.isEmpty() && steps < maxTokens && !done(finished, live)) {
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
            // as in Hugging Face's beam search: only an end among the step's `beams` best candidates finishes a
            // query; an unlikely end that the checker merely allows would otherwise end the search early
            for (int rank = 0; rank < candidates.size() && (rank < beams || next.size() < beams); rank++) {
                Candidate c = candidates.get(rank);
                if (c.token() == vocabulary.eos()) {
                    if (rank < beams) {
                        Hypothesis done = c.next();
                        finished.add(new Result(sqlOf(done.text(), prefix), done.tokens().length,
                                c.score() / done.tokens().length));
                    }
                } else if (next.size() < beams) {
                    next.add(c.next());
                    nextParents.add(c.parent());
                    nextTokens.add(c.token());
                }
            }
            finished.sort(Comparator.comparingDouble(Result::score).reversed());
            if (finished.size() > beams) { // the best `beams` finished queries are kept, as Hugging Face keeps them
                finished.subList(beams, finished.size()).clear();
            }
            live = next;
            parents = nextParents.stream().mapToInt(Integer::intValue).toArray();
            tokens = nextTokens.stream().mapToInt(Integer::intValue).toArray();
        }
        return new Outcome(List.copyOf(finished), steps, checks, // sorted and cut to `beams` at every step
                live.isEmpty() ? "" : live.get(0).text().strip());
    }

    /**
     * Adds the beam's first topK tokens that pass the check; returns how many tokens were checked. Once the
     * {@link #RANKED} likeliest are read, a beam with at least one token stops; one with none reads on down the
     * ranking for the first that can go on.
     */
    private int expand(Hypothesis h, int parent, float[] logProbs, String prefix, PrefixChecker checker,
            List<Candidate> out) {
        PrimitiveIterator.OfInt ranked = ranking.rank(logProbs, Math.min(logProbs.length, vocabulary.size()));
        int accepted = 0;
        int checked = 0;
        while (ranked.hasNext()) {
            int token = ranked.nextInt();
            checked++;
            Hypothesis next = extend(h, token, logProbs[token], prefix, checker);
            if (next != null) {
                out.add(new Candidate(parent, token, next.score(), next));
                if (++accepted == topK || checked > RANKED) {
                    return checked;
                }
            }
            if (checked == RANKED && accepted > 0) {
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
}
