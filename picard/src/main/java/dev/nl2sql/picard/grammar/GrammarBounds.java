package dev.nl2sql.picard.grammar;

/**
 * How much SQL one query may contain: nesting depths, list lengths and literal lengths. Every bound is finite, so
 * every grammar built with one is finite too, and {@link GbnfRecognizer#maxBytes()} gives its longest query.
 *
 * @param queryDepth      deepest subquery level (0: no subqueries)
 * @param expressionDepth deepest nesting of parenthesised conditions, CASE and aggregate arguments within a level
 * @param setOperations   most UNION/INTERSECT/EXCEPT per query
 * @param selectItems     most items in a select list
 * @param joins           most tables joined to the first
 * @param groupItems      most GROUP BY expressions
 * @param orderItems      most ORDER BY items
 * @param orTerms         most OR-ed terms in a condition
 * @param andTerms        most AND-ed terms in a conjunction
 * @param inItems         most values in an IN list
 * @param arithmeticTerms most operands of + - and of * / in a row
 * @param caseBranches    most WHEN branches of a CASE
 * @param stringChars     longest string literal, in characters
 * @param aliasChars      longest output alias, in characters
 */
public record GrammarBounds(int queryDepth, int expressionDepth, int setOperations, int selectItems, int joins,
        int groupItems, int orderItems, int orTerms, int andTerms, int inItems, int arithmeticTerms, int caseBranches,
        int stringChars, int aliasChars) {

    /** What real questions need: covers the gold SQL of Spider dev, nesting two subqueries deep. */
    public static final GrammarBounds FULL = new GrammarBounds(2, 2, 2, 8, 4, 4, 4, 4, 5, 12, 4, 4, 48, 24);

    public GrammarBounds {
        int[] all = {queryDepth, expressionDepth, setOperations, selectItems, joins, groupItems, orderItems, orTerms,
            andTerms, inItems, arithmeticTerms, caseBranches, stringChars, aliasChars};
        for (int bound : all) {
            if (bound < 0) {
                throw new IllegalArgumentException("grammar bounds cannot be negative: " + this);
            }
        }
        if (selectItems < 1 || orTerms < 1 || andTerms < 1 || inItems < 1 || arithmeticTerms < 1 || caseBranches < 1
                || groupItems < 1 || orderItems < 1 || aliasChars < 1) {
            throw new IllegalArgumentException("lists need room for at least one item: " + this);
        }
    }
}
