package dev.nl2sql.engine.t5;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.nl2sql.engine.EngineException;
import dev.nl2sql.engine.EngineSettings;
import dev.nl2sql.engine.Generation;
import dev.nl2sql.engine.GenerationControl;
import dev.nl2sql.engine.GenerationRequest;
import dev.nl2sql.engine.ModelSlots;
import dev.nl2sql.engine.SqlGenerator;
import dev.nl2sql.picard.SchemaConstraint;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PICARD-style T5 checkpoint as an nl2sql engine: the question and the schema serialised as the checkpoint was
 * trained ({@link PicardInput}), tokenised with the checkpoint's own {@code tokenizer.json}, encoded once, then a beam
 * search whose every token is checked against the schema ({@link PicardBeamSearch}). The finished beams are the
 * question's candidates, best first: the first is returned, and execution-guided choice asks for the next (from a
 * short-lived cache, without running the model again) when one cannot run or finds no rows.
 */
public final class T5SqlGenerator implements SqlGenerator, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(T5SqlGenerator.class);

    private final Path dir;
    private final T5Model model;
    private final HuggingFaceTokenizer tokenizer;
    private final T5Vocabulary vocabulary;
    private final EngineSettings.T5 t5;
    private final PicardBeamSearch search;
    private final ModelSlots slots;
    private final boolean ownsModel;
    /** The finished beams of recent questions, by input: execution-guided choice asks for them one by one. */
    private final Cache<String, PicardBeamSearch.Outcome> beams = Caffeine.newBuilder().maximumSize(32)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    T5SqlGenerator(Path dir, T5Model model, HuggingFaceTokenizer tokenizer, T5Vocabulary vocabulary,
            EngineSettings settings, boolean ownsModel) {
        this.dir = dir;
        this.model = model;
        this.tokenizer = tokenizer;
        this.vocabulary = vocabulary;
        this.t5 = settings.t5();
        this.search = new PicardBeamSearch(vocabulary, t5.beams(), t5.topK(), settings.maxTokens());
        this.slots = new ModelSlots(settings.maxConcurrent());
        this.ownsModel = ownsModel;
    }

    /**
     * A generator with other search settings over the same loaded model (the model is immutable and thread-safe).
     * Each bounds its own concurrency, so connections with different settings can use the model at once.
     */
    T5SqlGenerator withSettings(EngineSettings settings) {
        return new T5SqlGenerator(dir, model, tokenizer, vocabulary, settings, false);
    }

    /** Whether both run on the same loaded weights (one made from the other by {@link #withSettings}). */
    boolean sharesModelWith(T5SqlGenerator other) {
        return model == other.model;
    }

    @Override
    public String modelName() {
        return "t5:" + dir.getFileName();
    }

    /** T5 is constrained by the prefix checker, not by a GBNF grammar: a second grammar would change nothing. */
    @Override
    public boolean followsGrammar() {
        return false;
    }

    @Override
    public boolean hasCandidate(GenerationRequest request) {
        if (request.candidate() == 0) {
            return true;
        }
        PicardBeamSearch.Outcome found = request.database() == null ? null
                : beams.getIfPresent(key(PicardInput.forRequest(request), request));
        return found != null && request.candidate() < found.results().size();
    }

    @Override
    public Generation generate(GenerationRequest request) throws SQLException {
        GenerationRequest.Database database = request.database();
        if (database == null) {
            throw EngineException.general("The T5 engine needs the question's schema; this request has none.");
        }
        String databaseId = PicardInput.databaseId(database);
        String input = PicardInput.forRequest(request);
        String key = key(input, request);
        PicardBeamSearch.Outcome outcome = request.candidate() == 0 ? null : beams.getIfPresent(key);
        long started = System.nanoTime();
        int inputTokens = 0;
        if (outcome == null) {
            long[] ids = inputIds(input);
            inputTokens = ids.length;
            outcome = run(ids, database, databaseId, request.control());
            beams.put(key, outcome);
        }
        List<PicardBeamSearch.Result> found = outcome.results();
        if (found.isEmpty()) {
            throw EngineException.badQuestion("The model finished no query that the schema allows within "
                    + "nl2sql.maxTokens tokens (its best beam had written: " + outcome.unfinished() + "). Rephrase "
                    + "the question with the names of the tables or columns you mean, or raise nl2sql.maxTokens.");
        }
        if (request.candidate() >= found.size()) {
            throw EngineException.badQuestion("The beam search found " + found.size() + " queries for this question "
                    + "and none of them answered it. Raise nl2sql.beams for more candidates, or rephrase it.");
        }
        PicardBeamSearch.Result result = found.get(request.candidate());
        return new Generation(result.sql(), inputTokens, result.tokens(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private PicardBeamSearch.Outcome run(long[] ids, GenerationRequest.Database database, String databaseId,
            GenerationControl control) throws SQLException {
        try (ModelSlots.Slot turn = slots.acquire(control)) {
            long started = System.nanoTime();
            SchemaConstraint constraint = SchemaConstraint.of(database.snapshot().schema(),
                    database.snapshot().style());
            PicardBeamSearch.Outcome outcome;
            try (T5Model.Decoding decoding = model.start(ids)) {
                outcome = search.search(decoding, model.config().decoderStartTokenId(), databaseId,
                        constraint.checker(), control);
            }
            if (log.isDebugEnabled()) {
                log.debug("T5 searched {} steps, {} token checks, {} ms: {}", outcome.steps(), outcome.checks(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), outcome.results());
            }
            return outcome;
        } catch (SQLException e) {
            throw e;
        } catch (RuntimeException e) {
            throw EngineException.general("The T5 model failed while writing SQL: " + e + ". Check the checkpoint "
                    + "in " + dir + " and the PyTorch installation (README, T5 engine).", e);
        }
    }

    /** The cache key of a question's beams: its input, and the schema version the checker allowed. */
    private static String key(String input, GenerationRequest request) {
        return input + '\u0000' + request.database().snapshot().fingerprint();
    }

    /** Token ids ending with the end token, cut to the longest input the model takes (as in training). */
    long[] inputIds(String input) {
        long[] ids = tokenizer.encode(input).getIds();
        if (ids.length > Math.max(2, t5.maxInputTokens())) {
            log.debug("The input has {} tokens; the first {} are kept (nl2sql.maxInputTokens)", ids.length,
                    t5.maxInputTokens());
        }
        return cut(ids, t5.maxInputTokens(), vocabulary.eos());
    }

    /**
     * Token ids cut to at most {@code max} (at least 2), the last one the end token: how inputs are cut at answer
     * time, and so in training.
     */
    public static long[] cut(long[] ids, int max, int eos) {
        int limit = Math.max(2, max);
        if (ids.length <= limit) {
            return ids;
        }
        long[] kept = Arrays.copyOf(ids, limit);
        kept[limit - 1] = eos;
        return kept;
    }

    T5Model model() {
        return model;
    }

    /** Closes the model if this generator loaded it; one made by {@link #withSettings} leaves it to its owner. */
    @Override
    public void close() {
        if (!ownsModel) {
            return;
        }
        slots.drain();
        try {
            model.close();
            tokenizer.close();
        } finally {
            slots.undrain();
        }
    }
}
