package dev.nl2sql.engine.sql;

import dev.nl2sql.picard.schema.DbSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * SQLite sorts NULL below every value (first ascending, last descending); PostgreSQL above. For PostgreSQL each ORDER
 * BY term without its own NULLS FIRST/LAST gets SQLite's, written out. Terms that cannot be NULL (COUNT, a NOT NULL
 * column) are left as written, so that an index on them still serves the sort.
 */
final class SqliteNullOrder {

    private SqliteNullOrder() {
    }

    static SqlNode apply(SqlNode root, DbSchema schema) {
        Set<String> withNames = QueryTables.withNames(root);
        return root.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                SqlNode visited = super.visit(call);
                if (!(visited instanceof SqlOrderBy orderBy) || orderBy.orderList.isEmpty()) {
                    return visited;
                }
                QueryTables tables = orderBy.query instanceof SqlSelect select
                        ? QueryTables.of(select, schema, withNames) : null;
                List<SqlNode> items = new ArrayList<>();
                boolean changed = false;
                for (SqlNode item : orderBy.orderList) {
                    SqlNode written = withSqliteNulls(item, tables);
                    changed |= written != item;
                    items.add(written);
                }
                return changed ? new SqlOrderBy(orderBy.getParserPosition(), orderBy.query,
                        new SqlNodeList(items, orderBy.orderList.getParserPosition()), orderBy.offset, orderBy.fetch)
                        : visited;
            }
        });
    }

    private static SqlNode withSqliteNulls(SqlNode item, QueryTables tables) {
        if (item.getKind() == SqlKind.NULLS_FIRST || item.getKind() == SqlKind.NULLS_LAST) {
            return item;
        }
        boolean descending = item.getKind() == SqlKind.DESCENDING;
        SqlNode expr = descending ? ((SqlCall) item).operand(0) : item;
        if (neverNull(expr, tables)) {
            return item;
        }
        return (descending ? SqlStdOperatorTable.NULLS_LAST : SqlStdOperatorTable.NULLS_FIRST)
                .createCall(SqlParserPos.ZERO, item);
    }

    private static boolean neverNull(SqlNode expr, QueryTables tables) {
        if (expr instanceof SqlCall call && call.getOperator().getName().toUpperCase(Locale.ROOT).equals("COUNT")) {
            return true;
        }
        return expr instanceof SqlIdentifier id && tables != null && tables.notNull(id);
    }
}
