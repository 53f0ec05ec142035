package dev.nl2sql.engine.memory;

import dev.nl2sql.engine.schema.SchemaSnapshot;

/**
 * How one question uses memory: the store, the database's memory key, and how much of it the prompt may hold.
 *
 * @param memory      the store
 * @param key         the database identity (URL without credentials, catalog, schema)
 * @param examples    most verified pairs shown as examples
 * @param promptChars most characters of examples and notes together
 */
public record MemoryUse(TaughtMemory memory, String key, int examples, int promptChars) {

    /** What is taught for the database, checked against its current schema; empty if the store cannot be used. */
    public Knowledge knowledge(SchemaSnapshot snapshot) {
        return memory.knowledge(key, snapshot);
    }
}
