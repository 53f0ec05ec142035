package dev.nl2sql.engine;

/**
 * The instructions a chat model gets before the question. Short and literal: small local models follow plain
 * imperative sentences best, and the grammar, not the prompt, is what keeps the output to one valid query.
 */
final class SqlPrompt {

    private SqlPrompt() {
    }

    static String system(String databaseProduct, String schemaDescription) {
        return "You translate questions into SQL for a " + databaseProduct + " database.\n"
                + "Reply with exactly one SQL SELECT query and nothing else.\n"
                + "Use only the tables and columns listed below. Join tables on the listed foreign keys.\n"
                + "Text values in examples show how the data is written.\n\n"
                + "Schema:\n" + schemaDescription;
    }
}
