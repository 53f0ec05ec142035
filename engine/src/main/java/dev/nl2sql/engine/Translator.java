package dev.nl2sql.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.nl2sql.engine.linking.LinkedSchema;
import dev.nl2sql.engine.linking.SchemaLinker;
import dev.nl2sql.engine.linking.ValueIndex;
import dev.nl2sql.engine.linking.ValueIndexCache;
import dev.nl2sql.engine.linking.ValueMatch;
import dev.nl2sql.engine.memory.GlossaryNote;
import dev.nl2sql.engine.memory.Knowledge;
import dev.nl2sql.engine.memory.MemoryPrompt;
import dev.nl2sql.engine.memory.MemoryUse;
import dev.nl2sql.engine.memory.PairMatch;
import dev.nl2sql.engine.schema.SchemaCache;
import dev.nl2sql.engine.schema.SchemaPrompt;
import dev.nl2sql.engine.schema.SchemaSnapshot;
import dev.nl2sql.engine.sql.CheckedSql;
import dev.nl2sql.engine.sql.SqlCheckException;
import dev.nl2sql.engine.sql.SqlChecker;
import dev.nl2sql.picard.grammar.GbnfRecognizer;
import dev.nl2sql.picard.grammar.SafeSqlGrammar;
import dev.nl2sql.picard.grammar.SqlGrammar;
import dev.nl2sql.picard.schema.DbSchema;
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
 *
 * <p>The prompt depends on the pipeline. {@code full}: per question, linking chooses the tables and columns the
 * question needs and the database values it names ({@link SchemaLinker}, with the value index read on first use and
 * cached), so the prompt stays within {@code schemaPromptChars} on any schema. {@code baseline}: the original
 * design's naive prompt over the whole schema. Either way the grammar and the checker cover the whole schema, so a
 * table that linking left out can never make the right query impossible.
 */
public final class Translator {

    private static final Logger log = LoggerFactory.getLogger(Translator.class);

    private final SqlGenerator generator;
    private final EngineSettings settings;
    /**
     * Grammar, checker and linker per schema version: they cost milliseconds to build and are reused for every
     * question.
     */
    private final Cache<String, SchemaArtifacts> artifacts = Caffeine.newBuilder().maximumSize(64).build();

    private record SchemaArtifacts(String grammar, String safeGrammar, SqlChecker checker, String product,
            String wholeDescription, SchemaLinker linker) {
    }

    /** The two turns a generator gets for one question, what they describe, and the tables and values chosen. */
    private record QuestionPrompt(String system, String user, Translation.Linking linking, DbSchema described,
            List<ValueMatch> values, Translation.Memory memory) {
    }

    public Translator(SqlGenerator generator, EngineSettings settings) {
        this.generator = generator;
        this.settings = settings;
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
        SchemaSnapshot snapshot = SchemaCache.shared().get(databaseKey, connection);
        control.check();
        requireTables(snapshot, databaseKey);
        SchemaArtifacts schema = artifacts.get(databaseKey + '\u0000' + snapshot.fingerprint(),
                key -> buildArtifacts(snapshot, productName(connection)));
        Knowledge known = memory == null ? Knowledge.EMPTY : memory.knowledge(snapshot);
        if (candidate == 0 && feedback.isEmpty()) {
            Optional<Translation> taught = taughtAnswer(text, known, schema.checker());
            if (taught.isPresent()) {
                return taught.get();
            }
        }
        QuestionPrompt prompt = prompt(text, conversation, snapshot, schema, connection, databaseKey, known, memory);
        control.check();
        GenerationRequest.Database database = new GenerationRequest.Database(databaseKey, snapshot,
                prompt.described(), prompt.values());
        GenerationRequest request = new GenerationRequest(prompt.system(), prompt.user(), schema.grammar(), control,
                feedback, candidate, database, conversation);
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
        SchemaArtifacts schema = artifacts.get(databaseKey + '\u0000' + snapshot.fingerprint(),
                key -> buildArtifacts(snapshot, productName(connection)));
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

    private Translation answer(String text, GenerationRequest request, SchemaArtifacts schema) throws SQLException {
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

    /** No table with a column leaves nothing to ask about: the URL, the schema or the account's rights are wrong. */
    private static void requireTables(SchemaSnapshot snapshot, String databaseKey) throws SQLException {
        if (snapshot.schema().tables().stream().noneMatch(t -> !t.columns().isEmpty())) {
            throw EngineException.noTable("The database has no tables that the question account can read ("
                    + databaseKey.replace('\u0000', ' ').strip() + "). Check the URL (a mistyped SQLite path "
                    + "creates an empty database), the catalog or schema the connection uses, and that the account "
                    + "(nl2sql.nlUser, or the connection's own) has SELECT rights on the tables.");
        }
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

    private SchemaArtifacts buildArtifacts(SchemaSnapshot snapshot, String product) {
        String grammar = SqlGrammar.gbnf(snapshot.schema(), snapshot.style());
        String safeGrammar = SafeSqlGrammar.gbnf(snapshot.schema(), snapshot.style());
        // llama.cpp ignores a grammar it cannot parse and then writes freely: refuse to get that far.
        GbnfRecognizer.parse(grammar);
        GbnfRecognizer.parse(safeGrammar);
        String description = SchemaPrompt.render(snapshot.schema(), snapshot.style(), settings.schemaPromptChars());
        SchemaLinker linker = settings.pipeline() == EngineSettings.Pipeline.BASELINE ? null
                : new SchemaLinker(snapshot.schema(), snapshot.style());
        return new SchemaArtifacts(grammar, safeGrammar, new SqlChecker(snapshot.schema(), snapshot.style()),
                product, description, linker);
    }

    /**
     * The prompt for one question. Baseline: {@code Schema: ... User Query: ... Generate SQL:} over the whole schema
     * (bounded by schemaPromptChars) as the user turn. Full: the instructions with the linked schema and the values
     * the question names as the system turn, the question as the user turn. Either way the earlier turns of a
     * conversation go between them (the request carries them); full linking reads the earlier questions too.
     */
    private QuestionPrompt prompt(String question, Conversation conversation, SchemaSnapshot snapshot,
            SchemaArtifacts schema, Connection connection, String databaseKey, Knowledge known, MemoryUse memory) {
        if (schema.linker() == null) {
            String user = SqlPrompt.baselineUserTurn(schema.wholeDescription(), question);
            return new QuestionPrompt("", user,
                    new Translation.Linking(List.of(), List.of(), List.of(), 0, user.length() + conversation.chars()),
                    snapshot.schema(), List.of(), Translation.Memory.NONE);
        }
        ValueIndex values = ValueIndexCache.shared().get(databaseKey, snapshot, connection);
        LinkedSchema linked = schema.linker().link(question, conversation.questionsMostRecentFirst(), values,
                settings.schemaPromptChars());
        Translation.Memory used = Translation.Memory.NONE;
        String taught = "";
        if (memory != null && !known.isEmpty()) {
            List<PairMatch> examples = known.examples(question, memory.examples(), memory.promptChars());
            int left = memory.promptChars() - MemoryPrompt.section(examples, List.of()).length();
            List<GlossaryNote> notes = known.notesFor(question, linked.tableNames(), linked.columnNames(), left);
            taught = MemoryPrompt.section(examples, notes);
            used = new Translation.Memory(examples.stream().map(m -> m.pair().id()).toList(),
                    notes.stream().map(GlossaryNote::id).toList(), false);
        }
        String system = SqlPrompt.system(schema.product(), linked.description(), !conversation.isEmpty()) + taught;
        log.debug("Linked in {} ms: tables {}, values {}", linked.linkingMillis(), linked.tableNames(),
                linked.valueTexts());
        return new QuestionPrompt(system, question, new Translation.Linking(linked.tableNames(),
                linked.columnNames(), linked.valueTexts(), linked.linkingMillis(),
                system.length() + question.length() + conversation.chars()),
                linked.schema(), linked.values(), used);
    }

    private static String productName(Connection connection) {
        try {
            return connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            return "SQL";
        }
    }
}
