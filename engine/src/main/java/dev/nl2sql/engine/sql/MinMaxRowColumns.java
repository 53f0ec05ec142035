package dev.nl2sql.engine.sql;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * SQLite's rule for a bare column beside exactly one min() or max() aggregate: its value comes from the row that holds
 * the minimum or maximum ({@code SELECT max(capacity), average FROM stadium} is the average of the largest stadium;
 * documented in SQLite's "SELECT" page, "bare columns in an aggregate query"). PostgreSQL refuses the bare column; the
 * rendering picks the same row's value with {@code (ARRAY_AGG(col ORDER BY x DESC NULLS LAST))[1]} (ASC for min), an
 * aggregate, so every group keeps its own. Only a single bare column is rewritten (two separate pickers could take
 * their values from two different rows that tie); the validated tree groups it instead, so names are still checked.
 */
final class MinMaxRowColumns {

    /** Writes its operand in parentheses: PostgreSQL subscripts a function call only as {@code (f(x))[1]}. */
    private static final SqlSpecialOperator PARENTHESES = new SqlSpecialOperator("PARENTHESES", SqlKind.OTHER, 0) {
        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            call.operand(0).unparse(writer, 0, 0); // the lowest precedence: the caller's context adds the parentheses
        }
    };

    private MinMaxRowColumns() {
    }

    /** On the tree that is only validated: the bare column is grouped, so the validator checks its name. */
    static void relax(SqlNode root) {
        each(root, (select, extreme, bare) -> {
            List<SqlNode> group = select.getGroup() == null ? new ArrayList<>() : new ArrayList<>(
                    select.getGroup().getList());
            group.add(bare.clone(bare.getParserPosition()));
            select.setGroupBy(new SqlNodeList(group, SqlParserPos.ZERO));
        });
    }

    /** On the render tree: the bare column is taken from the row that holds the minimum or maximum. */
    static void pick(SqlNode root) {
        each(root, (select, extreme, bare) -> {
            SqlNode picker = picker(bare, extreme.operand(0),
                    extreme.getOperator().getName().equalsIgnoreCase("MAX"));
            select.setSelectList((SqlNodeList) select.getSelectList().accept(new SqlShuttle() {
                @Override
                public SqlNode visit(SqlIdentifier id) {
                    return id == bare ? picker : id;
                }
            }));
        });
    }

    private interface Rewrite {
        void apply(SqlSelect select, SqlCall extreme, SqlIdentifier bare);
    }

    private static void each(SqlNode root, Rewrite rewrite) {
        // each SELECT once, with the ORDER BY that an enclosing SqlOrderBy holds for it
        Map<SqlSelect, SqlNodeList> selects = new IdentityHashMap<>();
        root.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlOrderBy orderBy && orderBy.query instanceof SqlSelect select) {
                    selects.putIfAbsent(select, orderBy.orderList);
                } else if (call instanceof SqlSelect select) {
                    selects.putIfAbsent(select, null);
                }
                return super.visit(call);
            }
        });
        selects.forEach((select, outerOrder) -> candidate(select, outerOrder, rewrite));
    }

    private static void candidate(SqlSelect select, SqlNodeList outerOrder, Rewrite rewrite) {
        List<SqlCall> aggregates = new ArrayList<>();
        List<SqlIdentifier> bare = new ArrayList<>();
        for (SqlNode item : select.getSelectList()) {
            SqlNode expr = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
            walk(expr, aggregates, bare);
        }
        if (select.getHaving() != null) {
            walk(select.getHaving(), aggregates, new ArrayList<>());
        }
        for (SqlNodeList order : new SqlNodeList[] {select.getOrderList(), outerOrder}) {
            if (order != null) {
                order.forEach(o -> walk(o, aggregates, new ArrayList<>()));
            }
        }
        List<SqlCall> extremes = aggregates.stream().filter(MinMaxRowColumns::isMinOrMax).toList();
        if (extremes.size() != 1 || extremes.get(0).operandCount() != 1
                || extremes.get(0).getFunctionQuantifier() != null) {
            return;
        }
        List<SqlIdentifier> ungrouped = bare.stream().filter(id -> !grouped(select, id)).toList();
        if (ungrouped.size() == 1) {
            rewrite.apply(select, extremes.get(0), ungrouped.get(0));
        }
    }

    private static void walk(SqlNode node, List<SqlCall> aggregates, List<SqlIdentifier> bare) {
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect || call.getKind() == SqlKind.OVER) {
                    return null;
                }
                if (GroupByRelaxer.isAggregate(call)) {
                    aggregates.add(call);
                    return null;
                }
                return super.visit(call);
            }

            @Override
            public Void visit(SqlIdentifier id) {
                if (!id.isStar()) {
                    bare.add(id);
                }
                return null;
            }
        });
    }

    private static boolean isMinOrMax(SqlCall call) {
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        return name.equals("MIN") || name.equals("MAX");
    }

    private static boolean grouped(SqlSelect select, SqlIdentifier id) {
        if (select.getGroup() == null) {
            return false;
        }
        String last = id.names.get(id.names.size() - 1);
        for (SqlNode g : select.getGroup()) {
            if (g instanceof SqlIdentifier gid && gid.names.get(gid.names.size() - 1).equalsIgnoreCase(last)
                    && (gid.names.size() == 1 || id.names.size() == 1
                            || gid.names.get(0).equalsIgnoreCase(id.names.get(0)))) {
                return true;
            }
        }
        return false;
    }

    /** {@code (ARRAY_AGG(value ORDER BY key DESC NULLS LAST))[1]}, ASC NULLS LAST for min. */
    private static SqlNode picker(SqlIdentifier value, SqlNode key, boolean max) {
        SqlNode template;
        try {
            template = SqlParser.create("ARRAY_AGG(v__ ORDER BY k__ " + (max ? "DESC" : "ASC")
                    + " NULLS LAST)").parseExpression();
        } catch (SqlParseException e) {
            throw new IllegalStateException("the picker template parses", e);
        }
        SqlNode filled = template.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier id) {
                String name = id.getSimple();
                return name.equalsIgnoreCase("v__") ? value.clone(value.getParserPosition())
                        : name.equalsIgnoreCase("k__") ? copy(key) : id;
            }
        });
        return SqlStdOperatorTable.ITEM.createCall(SqlParserPos.ZERO,
                PARENTHESES.createCall(SqlParserPos.ZERO, filled),
                SqlLiteral.createExactNumeric("1", SqlParserPos.ZERO));
    }

    private static SqlNode copy(SqlNode expr) {
        return expr.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier id) {
                return id.clone(id.getParserPosition());
            }
        });
    }
}
