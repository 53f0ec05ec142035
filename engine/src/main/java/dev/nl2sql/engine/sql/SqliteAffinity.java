package dev.nl2sql.engine.sql;

import dev.nl2sql.picard.schema.DbColumn;
import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite's reading of numbers stored as text, written out for PostgreSQL, which refuses {@code text = integer} and
 * {@code avg(text)}. Spider-trained models write SQL for SQLite, where a column's declared type gives it an
 * <em>affinity</em> that converts the other side of a comparison; the rendering keeps that meaning exactly, and
 * leaves alone (to fail on PostgreSQL, visibly) what it cannot keep exactly.
 *
 * <ul>
 *   <li>A TEXT column compared with a number literal ({@code =, <>, <, <=, >, >=}, IN list, BETWEEN): SQLite turns the
 *   literal into text and compares text, so {@code '01' = 1} is false and {@code '10' < 9} is true. Written as a
 *   string literal of SQLite's own text form of the number: integers as digits, reals only where that form is the
 *   same in every SQLite version (at most 15 significant digits, {@code 1e-4 <= |x| < 1e15}: {@code 1.0} is
 *   {@code '1.0'}, {@code 1e3} {@code '1000.0'}); other literals are left alone. Ordered comparisons get
 *   {@code COLLATE "C"}, SQLite's binary order, whatever the column's collation.</li>
 *   <li>A TEXT column compared with a numeric column (or a one-column sub-query of one, in IN or as a scalar): SQLite
 *   converts the text to a number when the whole text is a well-formed number (surrounding spaces allowed), else
 *   keeps it text, which no number equals and which sorts after every number. Written as
 *   {@code CASE WHEN t ~ <number> THEN CAST(t AS DECIMAL) WHEN t IS NOT NULL THEN 'NaN' END}: PostgreSQL's NaN equals
 *   no number and sorts after all of them, exactly like text in SQLite, for {@code =, <>, <, >}, IN and NOT IN alike.
 *   A number of more than 15 digits (where SQLite's double and PostgreSQL's decimal could disagree) makes the query
 *   fail with a message instead of answering differently.</li>
 *   <li>{@code avg} and {@code sum} of a TEXT column: SQLite reads each text by its longest numeric
 *   prefix ({@code '12abc'} is 12, {@code 'abc'} 0, {@code '1988-04-30'} 1988) and sums doubles; avg is a double.
 *   Written with {@code substring(t, '^\s*([+-]?...)')} cast to double precision, NULL kept NULL, summed as SQLite
 *   sums (see {@link #aggregate}).</li>
 * </ul>
 *
 * A column's type comes from the FROM clause of its own SELECT (aliases, unqualified names found in exactly one table)
 * or an enclosing one; columns of sub-queries in FROM and of WITH queries are not typed, so comparisons on them stay
 * as written. Only column references have an affinity in SQLite ({@code upper(t) = 1} compares as written there), so
 * only those are rewritten.
 */
final class SqliteAffinity {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteAffinity.class);

    /** SQLite's white space: sqlite3Isspace. PostgreSQL's regex engine reads these escapes inside brackets. */
    private static final String WS = "[ \\t\\n\\v\\f\\r]*";
    /** The whole text is a number SQLite converts in a comparison (checked against SQLite 3.40 and 3.54). */
    private static final String NUMBER = "^" + WS + "[+-]?(?:[0-9]+(?:[.][0-9]*)?|[.][0-9]+)(?:[eE][+-]?[0-9]+)?"
            + WS + "$";
    /**
     * The numbers whose comparison is the same whether read as SQLite's double or PostgreSQL's exact decimal: at most
     * 15 digits (leading zeros and the point counted too) and a one-digit exponent.
     */
    private static final String EXACT_NUMBER = "^" + WS + "[+-]?(?![0-9]{16})(?![0-9.]{17})"
            + "(?:[0-9]+(?:[.][0-9]*)?|[.][0-9]+)(?:[eE][+-]?[0-9])?" + WS + "$";
    /** The longest numeric prefix, as SQLite's text-to-number conversion reads it (first group). */
    private static final String PREFIX = "^" + WS + "([+-]?(?:[0-9]+(?:[.][0-9]*)?|[.][0-9]+)(?:[eE][+-]?[0-9]+)?)";

    private static final Pattern INTEGER_SOURCE = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern REAL_SOURCE = Pattern.compile("[+-]?(?:[0-9]+[.]?[0-9]*|[.][0-9]+)(?:[eE][+-]?[0-9]+)?");

    private static final Set<SqlKind> ORDERED = Set.of(SqlKind.LESS_THAN, SqlKind.LESS_THAN_OR_EQUAL,
            SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL);
    private static final Set<SqlKind> COMPARISONS = Set.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN,
            SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL);

    /** PostgreSQL's {@code substring(text, pattern)}: the regex form, returning the first group. */
    private static final SqlFunction SUBSTRING = new SqlFunction("SUBSTRING", SqlKind.OTHER_FUNCTION,
            ReturnTypes.ARG0_NULLABLE, null, OperandTypes.VARIADIC, SqlFunctionCategory.USER_DEFINED_FUNCTION);

    /** PostgreSQL's {@code to_char(double precision, format)}. */
    private static final SqlFunction TO_CHAR = new SqlFunction("TO_CHAR", SqlKind.OTHER_FUNCTION,
            ReturnTypes.ARG0_NULLABLE, null, OperandTypes.VARIADIC, SqlFunctionCategory.USER_DEFINED_FUNCTION);

    /** {@code operand COLLATE "C"}: byte order, as SQLite's BINARY collation compares. */
    private static final SqlOperator COLLATE_C = new SqlSpecialOperator("COLLATE", SqlKind.OTHER, 100) {
        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            call.operand(0).unparse(writer, leftPrec, getLeftPrec());
            writer.keyword("COLLATE");
            writer.identifier("C", true);
        }
    };

    private enum Kind { TEXT, NUMBER, OTHER }

    /** The tables of one SELECT's FROM by alias (or name), lower case; null for a source whose columns are unknown. */
    private record Scope(Scope outer, Map<String, DbTable> tables) {
    }

    private final DbSchema schema;
    private final List<Integer> lineStarts = new ArrayList<>();
    private final String sql;
    private final Set<String> withNames = new HashSet<>();
    private int rewrites;
    /**
     * MariaDB: only a TEXT column against a number literal (MariaDB compares those as numbers, SQLite as text). It
     * converts text itself against a numeric column, sums text as numbers, and orders by the column's collation.
     */
    private final boolean literalsOnly;

    private SqliteAffinity(DbSchema schema, String sql, boolean literalsOnly) {
        this.schema = schema;
        this.sql = sql;
        this.literalsOnly = literalsOnly;
        lineStarts.add(0);
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '\n' || ch == '\r' && (i + 1 == sql.length() || sql.charAt(i + 1) != '\n')) {
                lineStarts.add(i + 1);
            }
        }
    }

    /**
     * Rewrites {@code query} (the render tree, names already as stored) in place where it can and returns the tree to
     * write. {@code sql} is the text it was parsed from: the parser folds {@code 1.} into the integer 1, and SQLite
     * reads {@code 1.} as the real 1.0, so a literal's kind is read from its source text.
     */
    static SqlNode apply(SqlNode query, DbSchema schema, String sql, TargetDialect target) {
        SqliteAffinity affinity = new SqliteAffinity(schema, sql, target == TargetDialect.MARIADB);
        query.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlWithItem item) {
                    affinity.withNames.add(lower(item.name.getSimple()));
                }
                return super.visit(call);
            }
        });
        SqlNode out = affinity.walk(query, null);
        if (affinity.rewrites > 0) {
            LOG.debug("Kept SQLite's reading of numbers stored as text in {} place(s)", affinity.rewrites);
        }
        return out;
    }

    private SqlNode walk(SqlNode node, Scope scope) {
        if (node instanceof SqlNodeList list) {
            for (int i = 0; i < list.size(); i++) {
                SqlNode item = list.get(i);
                SqlNode out = walk(item, scope);
                if (out != item) {
                    list.set(i, out);
                }
            }
            return list;
        }
        if (!(node instanceof SqlCall call)) {
            return node;
        }
        if (call instanceof SqlSelect select) {
            walkSelect(select, scope);
            return select;
        }
        if (call instanceof SqlOrderBy orderBy) {
            walk(orderBy.query, scope);
            walk(orderBy.orderList, orderBy.query instanceof SqlSelect s ? scopeOf(s, scope) : scope);
            return orderBy;
        }
        SqlNode aggregate = literalsOnly ? null : aggregate(call, scope);
        if (aggregate != null) {
            return aggregate;
        }
        if (call instanceof SqlBasicCall basic) {
            compare(basic, scope);
        }
        boolean windowed = call.getKind() == SqlKind.OVER || call.getKind() == SqlKind.FILTER
                || call.getKind() == SqlKind.WITHIN_GROUP;
        List<SqlNode> operands = call.getOperandList();
        for (int i = 0; i < operands.size(); i++) {
            SqlNode operand = operands.get(i);
            if (operand == null) {
                continue;
            }
            if (windowed && i == 0 && operand instanceof SqlCall agg) {
                // avg(x) OVER (...) cannot become an expression of two aggregates: only its arguments are walked
                agg.getOperandList().forEach(o -> walk(o, scope));
                continue;
            }
            SqlNode out = walk(operand, scope);
            if (out != operand) {
                replace(call, i, out);
            }
        }
        return call;
    }

    private void walkSelect(SqlSelect select, Scope outer) {
        Scope scope = scopeOf(select, outer);
        SqlNodeList items = select.getSelectList();
        for (int i = 0; i < items.size(); i++) {
            // a bare avg(t) in the select list keeps its column label
            if (items.get(i) instanceof SqlCall call) {
                SqlNode out = aggregate(call, scope);
                if (out != null) {
                    items.set(i, SqlStdOperatorTable.AS.createCall(call.getParserPosition(), out,
                            new SqlIdentifier(lower(call.getOperator().getName()), call.getParserPosition())));
                }
            }
        }
        List<SqlNode> operands = select.getOperandList();
        for (int i = 0; i < operands.size(); i++) {
            SqlNode operand = operands.get(i);
            if (operand == null) {
                continue;
            }
            SqlNode out = walk(operand, scope);
            if (out != operand) {
                select.setOperand(i, out);
            }
        }
    }

    private static void replace(SqlCall call, int i, SqlNode out) {
        try {
            call.setOperand(i, out);
        } catch (UnsupportedOperationException e) {
            LOG.debug("Left {} as written: its operands cannot be replaced", call.getKind());
        }
    }

    // ---- comparisons

    private void compare(SqlBasicCall call, Scope scope) {
        SqlKind kind = call.getKind();
        if (COMPARISONS.contains(kind)) {
            SqlNode left = call.operand(0);
            SqlNode right = call.operand(1);
            Kind l = kindOf(left, scope);
            Kind r = kindOf(right, scope);
            String lText = literalText(left);
            String rText = literalText(right);
            if (l == Kind.TEXT && averageQuery(right) && !literalsOnly) {
                textAndAverage(call, 0, 1, ORDERED.contains(kind));
            } else if (r == Kind.TEXT && averageQuery(left) && !literalsOnly) {
                textAndAverage(call, 1, 0, ORDERED.contains(kind));
            } else if (l == Kind.TEXT && rText != null) {
                textAndLiteral(call, 0, 1, rText, ORDERED.contains(kind));
            } else if (r == Kind.TEXT && lText != null) {
                textAndLiteral(call, 1, 0, lText, ORDERED.contains(kind));
            } else if (l == Kind.NUMBER && notANumber(right) && EQUALITIES.contains(kind) && !literalsOnly) {
                call.setOperand(0, cast(left, SqlTypeName.VARCHAR));
                rewrites++;
            } else if (r == Kind.NUMBER && notANumber(left) && EQUALITIES.contains(kind) && !literalsOnly) {
                call.setOperand(1, cast(right, SqlTypeName.VARCHAR));
                rewrites++;
            } else if (l == Kind.TEXT && r == Kind.NUMBER) {
                call.setOperand(0, toNumber(left, scope));
            } else if (r == Kind.TEXT && l == Kind.NUMBER) {
                call.setOperand(1, toNumber(right, scope));
            }
        } else if (kind == SqlKind.IN || kind == SqlKind.NOT_IN) {
            SqlNode left = call.operand(0);
            SqlNode right = call.operand(1);
            Kind l = kindOf(left, scope);
            if (right instanceof SqlNodeList list) {
                if (l == Kind.TEXT) {
                    inList(left, list);
                }
                return;
            }
            Kind r = kindOf(right, scope);
            if (l == Kind.TEXT && r == Kind.NUMBER) {
                call.setOperand(0, toNumber(left, scope));
            } else if (r == Kind.TEXT && l == Kind.NUMBER) {
                call.setOperand(1, toNumber(right, scope));
            }
        } else if (kind == SqlKind.BETWEEN) {
            between(call, scope);
        }
    }

    /**
     * A string literal SQLite's NUMERIC affinity leaves text ('United Airlines'): against a number column it is never
     * equal, where PostgreSQL refuses to read it as a number. Comparing the column's text with it is never equal
     * either ('nan' and 'inf...' excepted, which PostgreSQL prints for a double).
     */
    private static boolean notANumber(SqlNode node) {
        if (!(node instanceof SqlLiteral literal) || literal.getTypeName() != SqlTypeName.CHAR) {
            return false;
        }
        String text = literal.getValueAs(String.class);
        String lower = text.strip().toLowerCase(Locale.ROOT);
        return !WELL_FORMED_NUMBER.matcher(text).matches() && !lower.contains("nan") && !lower.contains("inf");
    }

    private static final Set<SqlKind> EQUALITIES = Set.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS);
    private static final Pattern WELL_FORMED_NUMBER = Pattern.compile(
            "[ \t\n\u000B\f\r]*[+-]?(?:[0-9]+(?:[.][0-9]*)?|[.][0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\u000B\f\r]*");

    /** A sub-query that selects one avg(...): a double without affinity in SQLite. */
    private static boolean averageQuery(SqlNode node) {
        SqlNode query = node instanceof SqlOrderBy orderBy ? orderBy.query : node;
        if (!(query instanceof SqlSelect select) || select.getSelectList().size() != 1) {
            return false;
        }
        SqlNode item = select.getSelectList().get(0);
        if (item instanceof SqlCall as && as.getKind() == SqlKind.AS) {
            item = as.operand(0);
        }
        return item instanceof SqlCall call && call.getOperator().getName().equalsIgnoreCase("AVG");
    }

    /**
     * A TEXT column against an average ({@code age < (SELECT avg(age) FROM dogs)}): SQLite gives the average, which
     * has no affinity, the column's TEXT affinity and compares text with the double written as text.
     */
    private void textAndAverage(SqlBasicCall call, int textSide, int averageSide, boolean ordered) {
        SqlNode average = call.operand(averageSide);
        call.setOperand(averageSide, SQLITE_REAL_TEXT.createCall(average.getParserPosition(), average));
        if (ordered) {
            SqlNode column = call.operand(textSide);
            call.setOperand(textSide, COLLATE_C.createCall(column.getParserPosition(), column));
        }
        rewrites++;
    }

    /**
     * A double as SQLite writes it: the shortest text that reads back as the same double (SQLite 3.43 and later, as
     * the bundled sqlite-jdbc; 3.40 wrote 15 digits), which is also how PostgreSQL 12 and later write a double to a
     * client that asks for extra float digits (pgjdbc does); an integral value gets SQLite's ".0"; outside
     * 1e-4..1e15, where the two write exponents differently, the query fails rather than compare another text. The
     * average is computed once, in a derived table.
     */
    private static final SqlOperator SQLITE_REAL_TEXT = new SqlSpecialOperator("SQLITE_REAL_TEXT", SqlKind.OTHER,
            100) {
        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            writer.print("(SELECT CASE WHEN nl2sql_v IS NULL THEN NULL"
                    + " WHEN nl2sql_v <> 0 AND (ABS(nl2sql_v) < 0.0001 OR ABS(nl2sql_v) >= 1e15)"
                    // not a constant, which the planner would fold (and fail on) whatever the branch
                    + " THEN CAST(CAST('an average SQLite writes with an exponent: ' || CAST(nl2sql_v AS VARCHAR)"
                    + " AS NUMERIC) AS VARCHAR)"
                    + " WHEN nl2sql_v = TRUNC(nl2sql_v) THEN CAST(CAST(nl2sql_v AS NUMERIC) AS VARCHAR) || '.0'"
                    + " ELSE CAST(nl2sql_v AS VARCHAR) END FROM (SELECT CAST(");
            call.operand(0).unparse(writer, 0, 0);
            writer.print(" AS DOUBLE PRECISION) AS nl2sql_v) AS nl2sql_average)");
        }
    };

    private void textAndLiteral(SqlBasicCall call, int textSide, int literalSide, String text, boolean ordered) {
        SqlNode literal = call.operand(literalSide);
        call.setOperand(literalSide, SqlLiteral.createCharString(text, literal.getParserPosition()));
        if (ordered && !literalsOnly) {
            SqlNode column = call.operand(textSide);
            call.setOperand(textSide, COLLATE_C.createCall(column.getParserPosition(), column));
        }
        rewrites++;
    }

    /** Every number of the list as SQLite's text, or nothing changed when one cannot be. */
    private void inList(SqlNode column, SqlNodeList list) {
        List<String> texts = new ArrayList<>();
        boolean any = false;
        for (SqlNode item : list) {
            String text = literalText(item);
            if (text != null) {
                any = true;
            } else if (!(item instanceof SqlLiteral lit) || lit.getTypeName() != SqlTypeName.CHAR
                    && lit.getTypeName() != SqlTypeName.NULL) {
                return; // a column or an expression: its own affinity rules, left as written
            }
            texts.add(text);
        }
        if (!any) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (texts.get(i) != null) {
                list.set(i, SqlLiteral.createCharString(texts.get(i), list.get(i).getParserPosition()));
            }
        }
        rewrites++;
    }

    /**
     * SQLite reads {@code x BETWEEN a AND b} as {@code x >= a AND x <= b}; rewritten only where both halves want the
     * same form of {@code x}.
     */
    private void between(SqlBasicCall call, Scope scope) {
        SqlNode x = call.operand(0);
        Kind k = kindOf(x, scope);
        if (k == Kind.TEXT) {
            String low = literalText(call.operand(1));
            String high = literalText(call.operand(2));
            if (low != null && high != null) {
                call.setOperand(1, SqlLiteral.createCharString(low, call.operand(1).getParserPosition()));
                call.setOperand(2, SqlLiteral.createCharString(high, call.operand(2).getParserPosition()));
                if (!literalsOnly) {
                    call.setOperand(0, COLLATE_C.createCall(x.getParserPosition(), x));
                }
                rewrites++;
            } else if (kindOf(call.operand(1), scope) == Kind.NUMBER && kindOf(call.operand(2), scope) == Kind.NUMBER) {
                call.setOperand(0, toNumber(x, scope));
            }
        } else if (k == Kind.NUMBER) {
            for (int i = 1; i <= 2; i++) {
                if (kindOf(call.operand(i), scope) == Kind.TEXT) {
                    call.setOperand(i, toNumber(call.operand(i), scope));
                }
            }
        }
    }

    /**
     * The text operand read as SQLite's NUMERIC affinity reads it: a column reference, or the column a one-column
     * sub-query selects (rewritten inside the sub-query).
     */
    private SqlNode toNumber(SqlNode operand, Scope scope) {
        if (literalsOnly) {
            return operand;
        }
        rewrites++;
        if (operand instanceof SqlIdentifier id) {
            return comparedAsNumber(id);
        }
        SqlSelect select = singleColumnSelect(operand);
        SqlNodeList items = select.getSelectList();
        SqlNode item = items.get(0);
        if (item instanceof SqlCall as && as.getKind() == SqlKind.AS) {
            as.setOperand(0, comparedAsNumber((SqlIdentifier) as.operand(0)));
        } else {
            items.set(0, comparedAsNumber((SqlIdentifier) item));
        }
        return operand;
    }

    private static SqlNode comparedAsNumber(SqlIdentifier column) {
        SqlParserPos pos = column.getParserPosition();
        SqlNode tooLong = SqlStdOperatorTable.CONCAT.createCall(pos, copy(column), SqlLiteral.createCharString(
                " (a number stored as text with more than 15 digits, which SQLite and PostgreSQL may compare "
                        + "differently)", pos));
        return new SqlCase(pos, null,
                SqlNodeList.of(matches(column, EXACT_NUMBER), matches(column, NUMBER),
                        SqlStdOperatorTable.IS_NOT_NULL.createCall(pos, copy(column))),
                SqlNodeList.of(cast(copy(column), SqlTypeName.DECIMAL), cast(tooLong, SqlTypeName.DECIMAL),
                        cast(SqlLiteral.createCharString("NaN", pos), SqlTypeName.DECIMAL)),
                SqlLiteral.createNull(pos));
    }

    // ---- aggregates

    /** avg or sum of a TEXT column, as SQLite computes it; null for every other call. */
    private SqlNode aggregate(SqlCall call, Scope scope) {
        // the parser leaves aggregates unresolved (written back by name); total() is refused before this on PostgreSQL
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        boolean avg = name.equals("avg");
        if (!(avg || name.equals("sum")) || call.operandCount() != 1 || call.getFunctionQuantifier() != null
                || !(call.operand(0) instanceof SqlIdentifier column) || kindOf(column, scope) != Kind.TEXT) {
            return null; // DISTINCT would de-duplicate the texts, not the numbers: left as written
        }
        rewrites++;
        SqlParserPos pos = call.getParserPosition();
        SqlNode prefix = SUBSTRING.createCall(pos, copy(column), SqlLiteral.createCharString(PREFIX, pos));
        SqlNode number = cast(SqlStdOperatorTable.COALESCE.createCall(pos, prefix,
                SqlLiteral.createCharString("0", pos)), SqlTypeName.FLOAT);
        // SQLite sums the doubles almost exactly (Kahan-Babuska-Neumaier) and rounds once; a double summed as
        // PostgreSQL's float8 rounds at every step (5974.500000000001 for car_1's mpg where SQLite has 5974.5), and the
        // texts summed as decimals miss the doubles' own error (0.3 for '0.1' + '0.2', SQLite 0.30000000000000004): so
        // each double is written with 17 digits, summed as a decimal and rounded once. Integers stay exact.
        SqlNode digits = cast(TO_CHAR.createCall(pos, number,
                SqlLiteral.createCharString("9.9999999999999999EEEE", pos)), SqlTypeName.DECIMAL);
        SqlNode value = new SqlCase(pos, null,
                SqlNodeList.of(SqlStdOperatorTable.IS_NOT_NULL.createCall(pos, copy(column))),
                SqlNodeList.of(digits), SqlLiteral.createNull(pos));
        SqlNode summed = cast(SqlStdOperatorTable.SUM.createCall(pos, value), SqlTypeName.FLOAT);
        // avg: the sum divided by the count of non-NULL values, a double as in SQLite
        return avg ? SqlStdOperatorTable.DIVIDE.createCall(pos, summed,
                SqlStdOperatorTable.COUNT.createCall(pos, copy(column))) : summed;
    }

    // ---- types

    private Kind kindOf(SqlNode node, Scope scope) {
        if (node instanceof SqlIdentifier id) {
            return kindOf(column(id, scope));
        }
        SqlSelect select = singleColumnSelect(node);
        if (select != null) {
            SqlNode item = select.getSelectList().get(0);
            SqlIdentifier id = (SqlIdentifier) (item instanceof SqlCall as ? as.operand(0) : item);
            return kindOf(column(id, scopeOf(select, scope)));
        }
        return Kind.OTHER;
    }

    private static Kind kindOf(DbColumn column) {
        if (column == null) {
            return Kind.OTHER;
        }
        return column.isText() ? Kind.TEXT : column.isNumeric() ? Kind.NUMBER : Kind.OTHER;
    }

    /** A SELECT of one column reference (maybe renamed), alone or under ORDER BY/LIMIT; else null. */
    private static SqlSelect singleColumnSelect(SqlNode node) {
        SqlNode query = node instanceof SqlOrderBy orderBy ? orderBy.query : node;
        if (!(query instanceof SqlSelect select) || select.getSelectList().size() != 1) {
            return null;
        }
        SqlNode item = select.getSelectList().get(0);
        if (item instanceof SqlCall as && as.getKind() == SqlKind.AS) {
            item = as.operand(0);
        }
        return item instanceof SqlIdentifier id && !id.isStar() ? select : null;
    }

    private Scope scopeOf(SqlSelect select, Scope outer) {
        Map<String, DbTable> tables = new HashMap<>();
        from(select.getFrom(), tables);
        return new Scope(outer, tables);
    }

    private void from(SqlNode from, Map<String, DbTable> tables) {
        if (from == null) {
            return;
        }
        if (from instanceof SqlJoin join) {
            from(join.getLeft(), tables);
            from(join.getRight(), tables);
        } else if (from instanceof SqlIdentifier id) {
            tables.put(lower(last(id)), table(id));
        } else if (from instanceof SqlCall as && as.getKind() == SqlKind.AS
                && as.operand(1) instanceof SqlIdentifier alias) {
            tables.put(lower(alias.getSimple()), as.operand(0) instanceof SqlIdentifier id ? table(id) : null);
        } else {
            tables.put("\0" + tables.size(), null); // a source without a name: its columns are unknown
        }
    }

    private DbTable table(SqlIdentifier id) {
        String name = last(id);
        return withNames.contains(lower(name)) ? null : schema.table(name).orElse(null);
    }

    /** The column a reference names, or null where that is not certain. */
    private static DbColumn column(SqlIdentifier id, Scope scope) {
        if (id.isStar()) {
            return null;
        }
        String name = last(id);
        if (id.names.size() == 1) {
            for (Scope s = scope; s != null; s = s.outer) {
                DbColumn found = null;
                int count = 0;
                boolean unknown = false;
                for (DbTable table : s.tables.values()) {
                    if (table == null) {
                        unknown = true;
                    } else if (table.column(name).isPresent()) {
                        found = table.column(name).get();
                        count++;
                    }
                }
                if (count == 1) {
                    return found; // another source with it would have made the reference ambiguous
                }
                if (count > 1 || unknown) {
                    return null;
                }
            }
            return null;
        }
        String qualifier = lower(id.names.get(id.names.size() - 2));
        for (Scope s = scope; s != null; s = s.outer) {
            if (s.tables.containsKey(qualifier)) {
                DbTable table = s.tables.get(qualifier);
                return table == null ? null : table.column(name).orElse(null);
            }
        }
        return null;
    }

    // ---- literals

    /**
     * The text SQLite makes of a number literal when TEXT affinity applies to it, or null where that text is not
     * certain: an integer outside 64 bits (a real in SQLite), a real whose text differs between SQLite versions (more
     * than 15 significant digits; 3.40 writes 1e15 as {@code 1.0e+15}, 3.54 as {@code 1000000000000000.0}), or a
     * negative zero.
     */
    private String literalText(SqlNode node) {
        if (!(node instanceof SqlNumericLiteral literal)) {
            return null;
        }
        BigDecimal value = literal.getValueAs(BigDecimal.class);
        String source = source(literal.getParserPosition());
        if (value == null || source == null) {
            return null;
        }
        source = source.replaceAll("\\s+", "");
        boolean integer = INTEGER_SOURCE.matcher(source).matches();
        if (!integer && !REAL_SOURCE.matcher(source).matches()) {
            return null;
        }
        try {
            if (new BigDecimal(source.replaceFirst("^[+-]", "")).compareTo(value.abs()) != 0) {
                return null; // the position does not point at this literal
            }
        } catch (NumberFormatException e) {
            return null;
        }
        if (integer) {
            if (value.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                return null;
            }
            return value.toBigIntegerExact().toString();
        }
        if (value.signum() == 0) {
            return source.startsWith("-") ? null : "0.0";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        int exponent = stripped.precision() - stripped.scale() - 1;
        if (stripped.precision() > 15 || exponent < -4 || exponent > 14) {
            return null;
        }
        String plain = stripped.toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }

    /** The source text at a parser position (lines and columns count from 1, the end column is inclusive). */
    private String source(SqlParserPos pos) {
        int line = pos.getLineNum();
        int endLine = pos.getEndLineNum();
        if (line < 1 || endLine < line || endLine > lineStarts.size()) {
            return null;
        }
        int start = lineStarts.get(line - 1) + pos.getColumnNum() - 1;
        int end = lineStarts.get(endLine - 1) + pos.getEndColumnNum();
        return start >= 0 && start < end && end <= sql.length() ? sql.substring(start, end) : null;
    }

    // ---- small builders

    private static SqlNode matches(SqlIdentifier column, String regex) {
        SqlParserPos pos = column.getParserPosition();
        return SqlStdOperatorTable.POSIX_REGEX_CASE_SENSITIVE.createCall(pos, copy(column),
                SqlLiteral.createCharString(regex, pos));
    }

    private static SqlNode cast(SqlNode value, SqlTypeName type) {
        SqlParserPos pos = value.getParserPosition();
        return SqlStdOperatorTable.CAST.createCall(pos, value,
                new SqlDataTypeSpec(new SqlBasicTypeNameSpec(type, pos), pos));
    }

    private static SqlIdentifier copy(SqlIdentifier id) {
        return (SqlIdentifier) id.clone(id.getParserPosition());
    }

    private static String last(SqlIdentifier id) {
        return id.names.get(id.names.size() - 1);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
