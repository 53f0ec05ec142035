package dev.nl2sql.engine.sql;

import dev.nl2sql.picard.schema.DbSchema;
import dev.nl2sql.picard.schema.DbTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Rows that tie under ORDER BY (or under a LIMIT without ORDER BY) come out in an order SQL leaves open; SQLite's is
 * fixed by how it runs the query, and Spider's answers (and models trained on them) depend on it. For a server this
 * appends the tie-breakers that reproduce SQLite's order, which never changes which rows are a correct answer:
 *
 * <ul>
 *   <li>After GROUP BY, SQLite sorts the groups by the GROUP BY keys before its (stable) ORDER BY sort, and when the
 *   two lists have as many terms, gives the i-th key the direction of the i-th ORDER BY term (select.c makes the
 *   GROUP BY sort agree with the ORDER BY). So {@code GROUP BY y ORDER BY count(*) DESC} ties in {@code y DESC}; the
 *   keys are appended in that direction.</li>
 *   <li>A plain read of one table is in row id order; its primary key is appended (the row id, or the order Spider's
 *   rows were inserted in, where the key is not an integer).</li>
 * </ul>
 *
 * DISTINCT, compound queries and joins without GROUP BY are left as they are: there SQLite's order depends on its
 * plan. NULL placement of the appended keys is {@link SqliteNullOrder}'s.
 */
final class SqliteTieOrder {

    private SqliteTieOrder() {
    }

    static SqlNode apply(SqlNode root, DbSchema schema) {
        Set<String> withNames = QueryTables.withNames(root);
        return root.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                SqlNode visited = super.visit(call);
                if (visited instanceof SqlOrderBy orderBy && orderBy.query instanceof SqlSelect select
                        && (!orderBy.orderList.isEmpty() || orderBy.fetch != null) && !select.isDistinct()) {
                    List<SqlNode> keys = tieBreakers(select, orderBy.orderList, schema, withNames);
                    if (!keys.isEmpty()) {
                        List<SqlNode> items = new ArrayList<>(orderBy.orderList.getList());
                        items.addAll(keys);
                        return new SqlOrderBy(orderBy.getParserPosition(), orderBy.query,
                                new SqlNodeList(items, orderBy.orderList.getParserPosition()), orderBy.offset,
                                orderBy.fetch);
                    }
                }
                return visited;
            }
        });
    }

    private static List<SqlNode> tieBreakers(SqlSelect select, SqlNodeList order, DbSchema schema,
            Set<String> withNames) {
        List<SqlNode> out = new ArrayList<>();
        SqlNodeList group = select.getGroup();
        if (group != null && !group.isEmpty()) {
            for (SqlNode key : group) {
                if (key instanceof SqlCall c && (c.getKind() == SqlKind.ROLLUP || c.getKind() == SqlKind.CUBE
                        || c.getKind() == SqlKind.GROUPING_SETS) || shadowedByAlias(key, select)) {
                    return List.of();
                }
            }
            boolean keyOrder = keyPrefix(group, select, QueryTables.of(select, schema, withNames));
            for (int i = 0; i < group.size(); i++) {
                SqlNode key = group.get(i);
                if (!contains(order, key)) {
                    boolean descending = !keyOrder && group.size() == order.size()
                            && order.get(i).getKind() == SqlKind.DESCENDING;
                    SqlNode copy = key.clone(SqlParserPos.ZERO);
                    out.add(descending ? SqlStdOperatorTable.DESC.createCall(SqlParserPos.ZERO, copy) : copy);
                }
            }
            return out;
        }
        if (aggregates(select)) {
            return List.of();
        }
        Optional<QueryTables.Read> single = QueryTables.of(select, schema, withNames).single();
        if (single.isEmpty()) {
            return List.of();
        }
        for (String column : single.get().table().primaryKey()) {
            SqlIdentifier key = new SqlIdentifier(List.of(single.get().name(), column), SqlParserPos.ZERO);
            if (!contains(order, key)) {
                out.add(key);
            }
        }
        return out;
    }

    /**
     * Whether the GROUP BY keys are the leading columns of a table's primary key: SQLite then groups while reading
     * that key's index (or the row ids) in ascending order and sorts no groups, so the ORDER BY's direction is not
     * given to them.
     */
    private static boolean keyPrefix(SqlNodeList group, SqlSelect select, QueryTables tables) {
        Set<String> columns = new HashSet<>();
        DbTable table = null;
        for (SqlNode key : group) {
            if (!(key instanceof SqlIdentifier id)) {
                return false;
            }
            Optional<QueryTables.Read> read = tables.tableOf(id);
            if (read.isEmpty() || table != null && table != read.get().table()) {
                return false;
            }
            table = read.get().table();
            columns.add(lastName(id));
        }
        List<String> pk = table == null ? List.of() : table.primaryKey();
        if (pk.size() < columns.size()) {
            return false;
        }
        Set<String> prefix = new HashSet<>();
        for (String c : pk.subList(0, columns.size())) {
            prefix.add(c.toLowerCase(Locale.ROOT));
        }
        return prefix.equals(columns) && readFirst(table, select, tables);
    }

    /**
     * Whether SQLite reads this table in the outer loop, so that its key order is the groups' order: always when it
     * is the only table; in a join of two tables on {@code a = b}, unless only this table can be looked up by its key
     * on the join column (then SQLite scans the other table and looks this one up). Larger joins are not guessed.
     */
    private static boolean readFirst(DbTable table, SqlSelect select, QueryTables tables) {
        if (tables.sources() == 1) {
            return true;
        }
        if (tables.sources() != 2 || !(select.getFrom() instanceof SqlJoin join)
                || !(join.getCondition() instanceof SqlCall on) || on.getKind() != SqlKind.EQUALS
                || !(on.operand(0) instanceof SqlIdentifier a) || !(on.operand(1) instanceof SqlIdentifier b)) {
            return false;
        }
        Optional<QueryTables.Read> ta = tables.tableOf(a);
        Optional<QueryTables.Read> tb = tables.tableOf(b);
        if (ta.isEmpty() || tb.isEmpty() || ta.get().table() == tb.get().table()) {
            return false;
        }
        boolean thisFirst = ta.get().table() == table;
        SqlIdentifier own = thisFirst ? a : b;
        SqlIdentifier other = thisFirst ? b : a;
        DbTable otherTable = (thisFirst ? tb : ta).get().table();
        return !(leadingKey(table, own) && !leadingKey(otherTable, other));
    }

    private static boolean leadingKey(DbTable table, SqlIdentifier column) {
        return !table.primaryKey().isEmpty() && table.primaryKey().get(0).equalsIgnoreCase(lastName(column));
    }

    /** Whether the ORDER BY already sorts on this expression (in either direction). */
    private static boolean contains(SqlNodeList order, SqlNode key) {
        for (SqlNode item : order) {
            SqlNode expr = item;
            while (expr instanceof SqlCall c && (c.getKind() == SqlKind.DESCENDING || c.getKind() == SqlKind.NULLS_FIRST
                    || c.getKind() == SqlKind.NULLS_LAST)) {
                expr = c.operand(0);
            }
            if (expr.equalsDeep(key, org.apache.calcite.util.Litmus.IGNORE)
                    || expr instanceof SqlIdentifier a && key instanceof SqlIdentifier b && lastName(a).equals(lastName(b))
                    && (a.isSimple() || b.isSimple() || a.equalsDeep(b, org.apache.calcite.util.Litmus.IGNORE))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A bare GROUP BY name that is also a select-list alias of another expression: in ORDER BY the server would read
     * the alias, not the grouped column.
     */
    private static boolean shadowedByAlias(SqlNode key, SqlSelect select) {
        if (!(key instanceof SqlIdentifier id) || !id.isSimple()) {
            return false;
        }
        for (SqlNode item : select.getSelectList()) {
            if (item instanceof SqlCall as && as.getKind() == SqlKind.AS && as.operandCount() >= 2
                    && as.operand(1) instanceof SqlIdentifier alias && alias.getSimple().equalsIgnoreCase(id.getSimple())
                    && !(as.operand(0) instanceof SqlIdentifier source && lastName(source).equals(lastName(id)))) {
                return true;
            }
        }
        return false;
    }

    /** An aggregate without GROUP BY makes one row: nothing ties, and a key added to its ORDER BY would be refused. */
    private static boolean aggregates(SqlSelect select) {
        if (select.getHaving() != null) {
            return true;
        }
        boolean[] found = {false};
        select.getSelectList().accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getKind() == SqlKind.OVER) {
                    return null; // a window function is no aggregate of the query
                }
                if (GroupByRelaxer.isAggregate(call)) {
                    found[0] = true;
                }
                return super.visit(call);
            }
        });
        return found[0];
    }

    private static String lastName(SqlIdentifier id) {
        return id.names.get(id.names.size() - 1).toLowerCase(Locale.ROOT);
    }
}
