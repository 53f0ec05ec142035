package dev.nl2sql.picard;

import dev.nl2sql.picard.checker.PrefixChecker;
import dev.nl2sql.picard.grammar.SqlGrammar;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.IdentifierStyle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Both decoders' constraint for one schema and dialect: the GBNF grammar for llama.cpp and the prefix checker for a
 * beam search. Built once and cached (the last {@value #CACHED} schemas, least recently used first out), since a
 * question against an unchanged schema needs the same constraint.
 *
 * @param gbnf    the grammar ({@link SqlGrammar#gbnf(DbSchema, IdentifierStyle)})
 * @param checker the incremental checker ({@link PrefixChecker#of(DbSchema, IdentifierStyle)})
 */
public record SchemaConstraint(String gbnf, PrefixChecker checker) {

    static final int CACHED = 64;

    private static final Map<List<Object>, SchemaConstraint> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Object>, SchemaConstraint> eldest) {
            return size() > CACHED;
        }
    };

    /** The constraint for the schema in the style (the dialect) of its database, from the cache where it is. */
    public static SchemaConstraint of(DbSchema schema, IdentifierStyle style) {
        List<Object> key = List.of(schema, style);
        synchronized (CACHE) {
            SchemaConstraint cached = CACHE.get(key);
            if (cached != null) {
                return cached;
            }
        }
        // built outside the lock: two threads may build the same one, and the later simply replaces it
        SchemaConstraint built = build(schema, style);
        synchronized (CACHE) {
            CACHE.put(key, built);
        }
        return built;
    }

    /** A new constraint, bypassing the cache. */
    public static SchemaConstraint build(DbSchema schema, IdentifierStyle style) {
        return new SchemaConstraint(SqlGrammar.gbnf(schema, style), PrefixChecker.of(schema, style));
    }
}
