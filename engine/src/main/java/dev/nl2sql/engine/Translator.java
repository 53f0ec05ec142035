package dev.nl2sql.engine;

import dev.nl2sql.engine.linking.ValueIndexCache;
import dev.nl2sql.engine.memory.Knowledge;
import dev.nl2sql.engine.memory.MemoryUse;
import dev.nl2sql.engine.memory.PairMatch;
import dev.nl2sql.engine.schema.SchemaCache;
import dev.nl2sql.engine.schema.SchemaSnapshot;
import dev.nl2sql.engine.sql.CheckedSql;
import dev.nl2sql.engine.sql.SqlCheckException;
import dev.nl2sql.engine.sql.SqlChecker;
import dev.nl2sql.picard.schema.DbTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From a question to checked SQL: the schema (cached), the prompt, the schema's grammar (cached), the model, then
 * Calcite's check and rendering in the database's dialect. Shared by all connections that use the same settings.
 * The schema and the prompt come from {@link QuestionPrompts}.
 */
public final class Translator {

    private static final Logger log = LoggerFactory.getLogger(Translator.class);

    private final SqlGenerator generator;
    private final EngineSettings settings;
    private final QuestionPrompts prompts;

    public Translator(SqlGenerator generator, EngineSettings settings) {
        this.generator = generator;
        this.settings = settings;
        this.prompts = new QuestionPrompts(settings);
    }

    public String modelName() {
        return generator.modelName();
    }

    /** False once its generator must not be used again (see {@link SqlGenerator#isUsable()}). */
    public boolean isUsable() {
        return generator.isUsable();
    }

    public Translation translate(String question, Connection connection, String databaseKey,
            GenerationControl control) throws SQLException {
        return translate(question, connection, databaseKey, control, List.of(), 0);
    }

    /**
     * Writes checked SQL for a question.
     *
     * @param feedback  what went wrong with earlier attempts at this question (the model sees it)
     * @param candidate the first of the generator's candidates to consider (one past the last one tried)
     * @throws SQLException 42000 when no answer passes the check, or when the generator has no further candidate
     */
    public Translation translate(String question, Connection connection, String databaseKey,
            GenerationControl control, List<GenerationRequest.Feedback> feedback, int candidate)
            throws SQLException {
        return translate(question, connection, databaseKey, control, feedback, candidate, null);
    }

    /**
     * Writes checked SQL for a question, with what was taught for the database ({@code memory}, null for none): on
     * the first attempt a near-exact match of a taught question is answered with its SQL, checked like a model's
     * (candidate -1, so the next attempt asks the generator for its first); otherwise the most similar pairs and the
     * notes that concern the question go into the prompt.
     */
    public Translation translate(String question, Connection connection, String databaseKey,
            GenerationControl control, List<GenerationRequest.Feedback> feedback, int candidate, MemoryUse memory)
            throws SQLException {
        return translate(question, connection, databaseKey, control, feedback, candidate, memory, Conversation.NONE);
    }

    /**
     * Writes checked SQL for a question that may refer to the earlier turns of its conversation: they go into the
     * prompt (as earlier chat turns, or PICARD's CoSQL input for T5), and linking reads the earlier questions after
     * this one, so a follow-up keeps the tables and values its conversation is about. A taught pair for this very
     * question still answers it: taught questions are verified on their own.
     */
    public Translation translate(String question, Connection connection, String databaseKey,
            GenerationControl control, List<GenerationRequest.Feedback> feedback, int candidate, MemoryUse memory,
            Conversation conversation) throws SQLException {
        String text = validate(question);
        QuestionPrompts.SchemaContext schema = prompts.schema(connection, databaseKey);
        control.check();
        Knowledge known = memory == null ? Knowledge.EMPTY : memory.knowledge(schema.snapshot());
        if (candidate == 0 && feedback.isEmpty()) {
            Optional<Translation> taught = taughtAnswer(text, known, schema.checker());
            if (taught.isPresent()) {
                return taught.get();
            }
        }
        QuestionPrompts.Prompt prompt = prompts.prompt(text, conversation, schema, connection, known, memory);
        control.check();
        GenerationRequest request = new GenerationRequest(prompt.system(), prompt.user(), schema.grammar(), control,
                feedback, candidate, prompt.database(schema), conversation);
        return answer(text, request, schema).withLinking(prompt.linking()).withMemory(prompt.memory())
                .withConversation(conversation);
    }

    /**
     * Prepares, ahead of the first question on this database, what that question would otherwise build: the schema
     * (cached JVM-wide), the grammar, the checker and the linker (cached here), the value index (full pipeline), and
     * Calcite itself, whose parser and validator cost more on their first query than on any later one: a throw-away
     * check of a query over one of the schema's tables. A database without tables is left to the question, which
     * says what is wrong.
     */
    public void warmUp(Connection connection, String databaseKey) throws SQLException {
        SchemaSnapshot snapshot = SchemaCache.shared().get(databaseKey, connection);
        Optional<DbTable> table = snapshot.schema().tables().stream().filter(t -> !t.columns().isEmpty())
                .findFirst();
        if (table.isEmpty()) {
            return;
        }
        QuestionPrompts.SchemaContext schema = prompts.schema(connection, databaseKey);
        if (schema.linker() != null) {
            ValueIndexCache.shared().get(databaseKey, snapshot, connection);
        }
        try {
            schema.checker().check("SELECT COUNT(*) FROM " + snapshot.style().quoted(table.get().name()));
        } catch (SqlCheckException e) {
            log.debug("The warm-up query over {} did not pass the check: {}", table.get().name(), e.getMessage());
        }
    }

    /**
     * The SQL of the pair taught for this very question, checked as the model's would be. A pair that no longer passes
     * (its check found it stale before, so this is a rare race) leaves the question to the model.
     */
    private static Optional<Translation> taughtAnswer(String question, Knowledge known, SqlChecker checker) {
        Optional<PairMatch> match = known.nearExact(question);
        if (match.isEmpty()) {
            return Optional.empty();
        }
        try {
            CheckedSql checked = checker.check(match.get().pair().sql());
            log.debug("Answering \"{}\" with taught pair {}", question, match.get().pair().id());
            return Optional.of(new Translation(question, checked.sql(), match.get().pair().sql(),
                    Translation.FROM_MEMORY, 0, 0, 0, 1, -1, Translation.Linking.NONE,
                    new Translation.Memory(List.of(match.get().pair().id()), List.of(), true)));
        } catch (SqlCheckException e) {
            log.info("Taught pair {} no longer passes the check ({}); asking the model", match.get().pair().id(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private Translation answer(String text, GenerationRequest request, QuestionPrompts.SchemaContext schema)
            throws SQLException {
        int candidate = request.candidate();
        if (!generator.hasCandidate(request)) {
            throw EngineException.badQuestion("No further answer to this question: " + generator.modelName()
                    + " gave " + candidate + " and none of them answered it.");
        }
        Generation first = generator.generate(request);
        SqlCheckException refused;
        try {
            return translation(text, first, first, schema.checker().check(first.text()), candidate);
        } catch (SqlCheckException e) {
            refused = e;
        }
        if (!generator.followsGrammar()) {
            return nextCandidateThatPasses(text, request, first, refused, schema.checker());
        }
        // A context-free grammar cannot see scope or grouping, so a model can satisfy it and still write SQL the
        // database refuses. Ask once more under the grammar whose every sentence is valid.
        log.info("Model {} wrote SQL that cannot run ({}); asking again under the safe grammar. It wrote: {}",
                generator.modelName(), refused.getMessage(), first.text());
        request.control().check();
        Generation second = generator.generate(request.withGrammar(schema.safeGrammar()));
        try {
            return translation(text, first, second, schema.checker().check(second.text()), candidate);
        } catch (SqlCheckException e) {
            throw cannotRun(refused, first);
        }
    }

    /**
     * A generator with a fixed list of answers (a replay file) gains nothing from another grammar: take its next
     * answer that passes the check instead. Spider asks the same question of different databases, for one.
     */
    private Translation nextCandidateThatPasses(String text, GenerationRequest request, Generation first,
            SqlCheckException refused, SqlChecker checker) throws SQLException {
        for (int next = request.candidate() + 1; ; next++) {
            GenerationRequest again = request.withCandidate(next);
            if (!generator.hasCandidate(again)) {
                throw cannotRun(refused, first);
            }
            request.control().check();
            Generation answer = generator.generate(again);
            try {
                return translation(text, first, answer, checker.check(answer.text()), next);
            } catch (SqlCheckException e) {
                log.debug("Candidate {} cannot run either: {}", next, e.getMessage());
            }
        }
    }

    private static SQLException cannotRun(SqlCheckException refused, Generation first) {
        return EngineException.badQuestion("The model's SQL for this question cannot run: " + refused.getMessage()
                + ". Rephrase the question with the names of the tables or columns you mean. The model wrote: "
                + first.text());
    }

    /** The translation of the answer that passed, with the time and tokens of every attempt counted. */
    private Translation translation(String question, Generation first, Generation used, CheckedSql checked,
            int candidate) {
        boolean retried = first != used;
        log.debug("Model {} wrote in {} ms ({} prompt tokens, {} generated): {}", generator.modelName(), used.millis(),
                used.promptTokens(), used.generatedTokens(), used.text());
        return new Translation(question, checked.sql(), used.text(), generator.modelName(),
                first.millis() + (retried ? used.millis() : 0), used.promptTokens(),
                first.generatedTokens() + (retried ? used.generatedTokens() : 0), retried ? 2 : 1, candidate);
    }

    private String validate(String question) throws SQLException {
        String text = question == null ? "" : question.strip();
        if (Questions.isBlank(text)) {
            throw EngineException.badQuestion("The question is empty. Write it after NL:, for example "
                    + "NL: how many customers are there?");
        }
        if (text.length() > settings.maxQuestionChars()) {
            throw EngineException.limitExceeded("The question has " + text.length() + " characters; at most "
                    + settings.maxQuestionChars() + " are accepted (nl2sql.maxQuestionChars). Ask a shorter question.");
        }
        return text;
    }
}
