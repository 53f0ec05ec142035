package dev.nl2sql.engine.t5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.nl2sql.engine.GenerationControl;
import dev.nl2sql.engine.schema.SchemaReader;
import dev.nl2sql.engine.testing.TestDatabases;
import dev.nl2sql.picard.checker.PrefixChecker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search against a scripted model, whose every step's probabilities the test chooses. */
class PicardBeamSearchTest {

    private static final String DATABASE = "concert_singer";
    private static final String BEST = "select name from singer order by age desc limit 1";
    private static final float LIKELY = -0.01f;
    private static final float EARLY_END = -1.0f;
    private static final float UNLIKELY = -20f;

    /**
     * Two weak beams end early (after {@code age} and after {@code desc}) while the likeliest beam is still writing:
     * the search goes on until that beam ends, since its mean log probability beats theirs, and returns it first.
     * Stopping at the first two finished queries would have returned only the two early ends.
     */
    @Test
    void theLikeliestBeamStillWritingIsWaitedForAfterTheBeamsWorthOfEarlyEnds() throws Exception {
        T5Vocabulary vocabulary = T5Vocabulary.read(TinyT5.tokenizerJson(), 1);
        PrefixChecker checker;
        try (var c = TestDatabases.spider(DATABASE)) {
            checker = PrefixChecker.of(SchemaReader.withoutSamples().read(c), SchemaReader.styleOf(c));
        }
        int[] best;
        int[] firstEnd;
        int[] secondEnd;
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(TinyT5.tokenizerJson())) {
            best = ids(tokenizer, DATABASE + " | " + BEST);
            firstEnd = ids(tokenizer, DATABASE + " | select name from singer order by age");
            secondEnd = ids(tokenizer, DATABASE + " | select name from singer order by age desc");
        }
        assertTrue(isPrefix(firstEnd, best) && isPrefix(secondEnd, best), "the early ends lie on the best beam's way");
        ScriptedDecoder model = new ScriptedDecoder(vocabulary, best, List.of(firstEnd, secondEnd));

        PicardBeamSearch.Outcome outcome = new PicardBeamSearch(vocabulary, 2, 2, 64)
                .search(model, 0, DATABASE, checker, GenerationControl.withTimeout(60_000));

        List<String> sql = outcome.results().stream().map(PicardBeamSearch.Result::sql).toList();
        assertEquals(2, sql.size(), "the beams' worth of finished queries: " + sql);
        assertEquals(BEST, sql.get(0), "the likeliest query comes first: " + sql);
        assertTrue(outcome.results().get(0).score() > outcome.results().get(1).score());
        assertEquals(2, model.ended, "both early ends were offered");
        assertEquals(best.length + 1, outcome.steps(), "the search ran until the best beam's end");
    }

    private static int[] ids(HuggingFaceTokenizer tokenizer, String text) {
        return Arrays.stream(tokenizer.encode(text, false, false).getIds()).mapToInt(Math::toIntExact).toArray();
    }

    private static boolean isPrefix(int[] prefix, int[] of) {
        return prefix.length < of.length && Arrays.equals(prefix, Arrays.copyOf(of, prefix.length));
    }

    /**
     * A model that writes {@code best} token by token with high probability, gives the end token a middling
     * probability where the text so far is one of {@code ends} (and high at the end of {@code best}), and every other
     * token a tiny one. It keeps each beam's tokens from the parents the search passes, as the real one keeps its
     * cache.
     */
    private static final class ScriptedDecoder implements PicardBeamSearch.Decoder {

        private final T5Vocabulary vocabulary;
        private final int[] best;
        private final List<int[]> ends;
        private List<int[]> beams = List.of();
        int ended;

        ScriptedDecoder(T5Vocabulary vocabulary, int[] best, List<int[]> ends) {
            this.vocabulary = vocabulary;
            this.best = best;
            this.ends = ends;
        }

        @Override
        public float[][] step(int[] parents, int[] tokens) {
            List<int[]> next = new ArrayList<>();
            if (parents == null) {
                next.add(new int[0]);
            } else {
                for (int b = 0; b < tokens.length; b++) {
                    int[] previous = beams.get(parents[b]);
                    int[] written = Arrays.copyOf(previous, previous.length + 1);
                    written[previous.length] = tokens[b];
                    next.add(written);
                }
            }
            beams = next;
            float[][] out = new float[beams.size()][];
            for (int b = 0; b < beams.size(); b++) {
                int[] written = beams.get(b);
                float[] logProbs = new float[vocabulary.size()];
                Arrays.fill(logProbs, UNLIKELY);
                if (Arrays.equals(written, best)) {
                    logProbs[vocabulary.eos()] = LIKELY;
                } else if (isPrefix(written, best)) {
                    logProbs[best[written.length]] = LIKELY;
                    if (ends.stream().anyMatch(e -> Arrays.equals(e, written))) {
                        logProbs[vocabulary.eos()] = EARLY_END;
                        ended++;
                    }
                }
                out[b] = logProbs;
            }
            return out;
        }
    }
}
