package dev.nl2sql.engine.tuning;

/** The kinds of SQL a training set covers, so that its card can say how many of each it holds. */
public enum QueryShape {
    /** {@code count(*)} of a table, with or without a filter. */
    COUNT,
    /** Rows chosen by a condition on real values: =, !=, &gt;, the reversed comparison, BETWEEN, LIKE. */
    FILTER,
    /** avg, min, max, sum and count(DISTINCT) over a table. */
    AGGREGATE,
    /** One row per group. */
    GROUP_BY,
    /** Groups chosen by a condition on an aggregate. */
    HAVING,
    /** Rows sorted, the first n of them (the youngest, the top 3). */
    ORDER_LIMIT,
    /** Tables joined along a foreign key, or two through a link table. */
    JOIN,
    /** A subquery: IN, NOT IN, or a comparison with an aggregate. */
    NESTED,
    /** UNION, INTERSECT or EXCEPT. */
    SET_OPERATION,
    /** A verified pair taught for the database (NL TEACH). */
    MEMORY
}
