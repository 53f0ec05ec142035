package dev.nl2sql.engine.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * SQLite and MariaDB (without ONLY_FULL_GROUP_BY) let a grouped query select columns that are not grouped
 * ({@code SELECT name, count(*) FROM t GROUP BY id}); Calcite refuses that. On the tree that is only validated (never
 * written out), this adds such select-list, ORDER BY and HAVING expressions to GROUP BY so that the rest of the query is
 * still checked. Both also sort a SELECT DISTINCT by a column it does not select: the validated tree drops DISTINCT
 * when there is an ORDER BY (the written tree keeps it).
 */
final class GroupByRelaxer {

    /** The parser leaves most functions unresolved; these names are aggregates in one database or another. */
    private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "TOTAL",
            "GROUP_CONCAT", "STRING_AGG", "ARRAY_AGG", "LISTAGG", "ANY_VALUE", "EVERY", "BOOL_AND", "BOOL_OR",
            "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP", "MEDIAN", "JSON_ARRAYAGG",
            "JSON_OBJECTAGG", "BIT_AND", "BIT_OR", "BIT_XOR", "COLLECT", "FUSION", "MODE", "PERCENTILE_CONT",
            "PERCENTILE_DISC");

    private GroupByRelaxer() {
    }

    static void relax(SqlNode node) {
        if (node != null) {
            Selects.forEach(node, GroupByRelaxer::relaxSelect);
        }
    }

    private static void relaxSelect(SqlSelect select, SqlNodeList orderList) {
        if (select.isDistinct() && orderList != null && !orderList.isEmpty()) {
            // SQLite and MariaDB sort a SELECT DISTINCT by a column it does not select (by a value of one of the
            // rows of each distinct group); Calcite refuses it. DISTINCT adds no other rule to check.
            List<SqlNode> keywords = new ArrayList<>();
            for (SqlNode k : select.getOperandList().get(0) instanceof SqlNodeList list ? list : SqlNodeList.EMPTY) {
                if (!(k instanceof SqlLiteral lit && lit.getValue() == SqlSelectKeyword.DISTINCT)) {
                    keywords.add(k);
                }
            }
            select.setOperand(0, new SqlNodeList(keywords, SqlParserPos.ZERO));
        }
        SqlNodeList groupBy = select.getGroup();
        boolean grouped = groupBy != null && !groupBy.isEmpty();
        // SQLite also lets an aggregate query without GROUP BY select a bare column (a value of one of its rows):
        // Spider's gold SQL does, e.g. SELECT max(capacity), average FROM stadium
        if (!grouped && !containsAggregate(select.getSelectList())
                && (select.getHaving() == null || !containsAggregate(select.getHaving()))) {
            return;
        }
        Set<String> aliases = new HashSet<>();
        List<SqlNode> extra = new ArrayList<>();
        for (SqlNode item : select.getSelectList()) {
            SqlNode expr = item;
            if (item.getKind() == SqlKind.AS) {
                SqlCall as = (SqlCall) item;
                expr = as.operand(0);
                aliases.add(((SqlIdentifier) as.operand(1)).getSimple().toLowerCase(Locale.ROOT));
            }
            if (groupable(expr)) {
                extra.add(copy(expr));
            }
        }
        if (orderList != null) {
            for (SqlNode item : orderList) {
                SqlNode expr = item;
                while (expr.getKind() == SqlKind.DESCENDING || expr.getKind() == SqlKind.NULLS_FIRST
                        || expr.getKind() == SqlKind.NULLS_LAST) {
                    expr = ((SqlCall) expr).operand(0);
                }
                if (expr instanceof SqlIdentifier id && id.isSimple()
                        && aliases.contains(id.getSimple().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                if (groupable(expr)) {
                    extra.add(copy(expr));
                }
            }
        }
        if (select.getHaving() != null) {
            // SQLite also lets HAVING name a column that is neither grouped nor aggregated (a value of one row of
            // each group): the bare columns of HAVING, outside aggregates and sub-queries, that are not select aliases
            bareColumns(select.getHaving(), aliases, extra);
        }
        if (!extra.isEmpty()) {
            List<SqlNode> all = grouped ? new ArrayList<>(groupBy.getList()) : new ArrayList<>();
            all.addAll(extra);
            select.setGroupBy(new SqlNodeList(all, grouped ? groupBy.getParserPosition() : SqlParserPos.ZERO));
        }
    }

    /** Whether the call is an aggregate in one database or another (the parser leaves most names unresolved). */
    static boolean isAggregate(SqlCall call) {
        return call.getOperator().isAggregator()
                || AGGREGATES.contains(call.getOperator().getName().toUpperCase(Locale.ROOT));
    }

    private static boolean containsAggregate(SqlNode node) {
        boolean[] found = {false};
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect) {
                    return null; // a subquery's aggregates are its own
                }
                if (call.getOperator().isAggregator()
                        || AGGREGATES.contains(call.getOperator().getName().toUpperCase(Locale.ROOT))) {
                    found[0] = true;
                    return null;
                }
                return super.visit(call);
            }
        });
        return found[0];
    }

    private static void bareColumns(SqlNode node, Set<String> aliases, List<SqlNode> out) {
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect || call.getKind() == SqlKind.SELECT || call.getKind() == SqlKind.OVER
                        || call.getOperator().isAggregator()
                        || AGGREGATES.contains(call.getOperator().getName().toUpperCase(Locale.ROOT))) {
                    return null;
                }
                return super.visit(call);
            }

            @Override
            public Void visit(SqlIdentifier id) {
                if (!id.isStar() && !(id.isSimple() && aliases.contains(id.getSimple().toLowerCase(Locale.ROOT)))) {
                    out.add(id.clone(id.getParserPosition()));
                }
                return null;
            }
        });
    }

    /** A copy that shares no identifier with the original (the validator keys scopes by node). */
    private static SqlNode copy(SqlNode expr) {
        return expr.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier id) {
                return id.clone(id.getParserPosition());
            }
        });
    }

    /** Column expressions without aggregates, stars, sub-queries or literals. */
    private static boolean groupable(SqlNode expr) {
        if (expr instanceof SqlLiteral || expr instanceof SqlIdentifier id && id.isStar()) {
            return false;
        }
        boolean[] bad = {false};
        expr.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getOperator().isAggregator()
                        || AGGREGATES.contains(call.getOperator().getName().toUpperCase(Locale.ROOT)) || call instanceof SqlSelect || call.getKind() == SqlKind.OVER
                        || call.getKind() == SqlKind.SELECT) {
                    bad[0] = true;
                    return null;
                }
                return super.visit(call);
            }
        });
        return !bad[0];
    }
}
