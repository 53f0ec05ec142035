package dev.nl2sql.picard.grammar;

/**
 * The names and literals of {@link SqlSyntax}, each one token to the prefix checker: which token is which is the
 * checker's business (a table of the schema, a number within bounds...), where llama.cpp's grammar spells them out
 * character by character. ({@code qualified-column} is {@code table-name "." column} to the checker.)
 */
public enum LexicalClass {
    TABLE_NAME("table-name"),
    TABLE_ALIAS("table-alias"),
    COLUMN("column"),
    OUTPUT_ALIAS("output-alias"),
    STRING("string"),
    UNSIGNED_NUMBER("unsigned-number"),
    ROW_COUNT("row-count");

    private final String ruleName;

    LexicalClass(String ruleName) {
        this.ruleName = ruleName;
    }

    /** The rule of {@link SqlSyntax} it stands for. */
    public String ruleName() {
        return ruleName;
    }
}
