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
import dev.nl2sql.engine.sql.SqlChecker;
import dev.nl2sql.picard.grammar.GbnfRecognizer;
import dev.nl2sql.picard.grammar.SafeSqlGrammar;
import dev.nl2sql.picard.grammar.SqlGrammar;
import dev.nl2sql.picard.schema.DbSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a generator is asked for a question, without asking it: the schema (cached) with the grammar, checker and
 * linker built from it (cached per schema version), then the prompt of one question. The {@link Translator} asks a
 * model with it; a training set is written with it, so that a fine-tuned model learns from the very inputs it will
 * see at answer time.
 *
 * <p>The prompt depends on the pipeline. {@code full}: per question, linking chooses the tables and columns the
 * question needs and the database values it names ({@link SchemaLinker}, with the value index read on first use and
 * cached), so the prompt stays within {@code schemaPromptChars} on any schema. {@code baseline}: the original
 * design's naive prompt over the whole schema. Either way the grammar and the checker cover the whole schema, so a
 * table that linking left out can never make the right query impossible.
 */
public final class QuestionPrompts {

    private static final Logger log = LoggerFactory.getLogger(QuestionPrompts.class);

    private final EngineSettings settings;
    /**
     * Grammar, checker and linker per schema version: they cost milliseconds to build and are reused for every
     * question.
     */
    private final Cache<String, Artifacts> artifacts = Caffeine.newBuilder().maximumSize(64).build();

    /** What is built once per schema version. */
    private record Artifacts(String grammar, String safeGrammar, SqlChecker checker, String product,
            String wholeDescription, SchemaLinker linker) {
    }

    /**
     * A database's schema as questions see it now, and what is built from it.
     *
     * @param key      the schema cache's key (URL without credentials, account, catalog, schema)
     * @param snapshot the schema
     */
    public record SchemaContext(String key, SchemaSnapshot snapshot, String grammar, String safeGrammar,
            SqlChecker checker, String product, String wholeDescription, SchemaLinker linker) {
    }

    /** The two turns a generator gets for one question, what they describe, and the tables and values chosen. */
    public record Prompt(String system, String user, Translation.Linking linking, DbSchema described,
            List<ValueMatch> values, Translation.Memory memory) {

        /** The database part of a generator's request (what the T5 engine serialises). */
        public GenerationRequest.Database database(SchemaContext schema) {
            return new GenerationRequest.Database(schema.key(), schema.snapshot(), described, values);
        }
    }

    public QuestionPrompts(EngineSettings settings) {
        this.settings = settings;
    }

    /**
     * The schema of the database {@code connection} is on, cached under {@code databaseKey}.
     *
     * @throws SQLException 42S02 when it shows no table with a column
     */
    public SchemaContext schema(Connection connection, String databaseKey) throws SQLException {
        SchemaSnapshot snapshot = SchemaCache.shared().get(databaseKey, connection);
        requireTables(snapshot, databaseKey);
        Artifacts built = artifacts.get(databaseKey + '\u0000' + snapshot.fingerprint(),
                key -> build(snapshot, productName(connection)));
        return new SchemaContext(databaseKey, snapshot, built.grammar(), built.safeGrammar(), built.checker(),
                built.product(), built.wholeDescription(), built.linker());
    }

    /**
     * The prompt for one question. Baseline: {@code Schema: ... User Query: ... Generate SQL:} over the whole schema
     * (bounded by schemaPromptChars) as the user turn. Full: the instructions with the linked schema and the values
     * the question names as the system turn, then what was taught that concerns the question ({@code memory}, null
     * for none), the question as the user turn. Either way the earlier turns of a conversation go between them (the
     * request carries them); full linking reads the earlier questions too.
     */
    public Prompt prompt(String question, Conversation conversation, SchemaContext schema, Connection connection,
            Knowledge known, MemoryUse memory) {
        SchemaSnapshot snapshot = schema.snapshot();
        if (schema.linker() == null) {
            String user = SqlPrompt.baselineUserTurn(schema.wholeDescription(), question);
            return new Prompt("", user, new Translation.Linking(List.of(), List.of(), List.of(), 0,
                    user.length() + conversation.chars()),
                    snapshot.schema(), List.of(), Translation.Memory.NONE);
        }
        ValueIndex values = ValueIndexCache.shared().get(schema.key(), snapshot, connection);
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
        String system = SqlPrompt.system(schema.product(), linked.description(), !conversation.isEmpty())
                + taught;
        log.debug("Linked in {} ms: tables {}, values {}", linked.linkingMillis(), linked.tableNames(),
                linked.valueTexts());
        return new Prompt(system, question, new Translation.Linking(linked.tableNames(), linked.columnNames(),
                linked.valueTexts(), linked.linkingMillis(),
                system.length() + question.length() + conversation.chars()),
                linked.schema(), linked.values(), used);
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

    private Artifacts build(SchemaSnapshot snapshot, String product) {
        String grammar = SqlGrammar.gbnf(snapshot.schema(), snapshot.style());
        String safeGrammar = SafeSqlGrammar.gbnf(snapshot.schema(), snapshot.style());
        // llama.cpp ignores a grammar it cannot parse and then writes freely: refuse to get that far.
        GbnfRecognizer.parse(grammar);
        GbnfRecognizer.parse(safeGrammar);
        String description = SchemaPrompt.render(snapshot.schema(), snapshot.style(), settings.schemaPromptChars());
        SchemaLinker linker = settings.pipeline() == EngineSettings.Pipeline.BASELINE ? null
                : new SchemaLinker(snapshot.schema(), snapshot.style());
        return new Artifacts(grammar, safeGrammar, new SqlChecker(snapshot.schema(), snapshot.style()), product,
                description, linker);
    }

    private static String productName(Connection connection) {
        try {
            return connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            return "SQL";
        }
    }
}
