package dev.nl2sql.engine.sql;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * SQLite reads a subquery in FROM without an alias ({@code SELECT count(*) FROM (SELECT ... INTERSECT SELECT ...)});
 * PostgreSQL before 16 and MariaDB refuse it. Each such subquery gets an alias no name in the query uses; nothing can
 * refer to it, so the meaning is unchanged.
 */
final class DerivedTableAliases {

    private static final Set<SqlKind> SUBQUERIES = Set.of(SqlKind.SELECT, SqlKind.UNION, SqlKind.INTERSECT,
            SqlKind.EXCEPT, SqlKind.ORDER_BY, SqlKind.WITH, SqlKind.VALUES);

    private DerivedTableAliases() {
    }

    static void add(SqlNode root) {
        Set<String> used = new HashSet<>();
        root.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlIdentifier id) {
                id.names.forEach(n -> used.add(n.toLowerCase(Locale.ROOT)));
                return null;
            }
        });
        int[] next = {1};
        root.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getFrom() != null) {
                    select.setFrom(aliased(select.getFrom()));
                } else if (call instanceof SqlJoin join) {
                    join.setLeft(aliased(join.getLeft()));
                    join.setRight(aliased(join.getRight()));
                }
                return super.visit(call);
            }

            private SqlNode aliased(SqlNode source) {
                if (!SUBQUERIES.contains(source.getKind())) {
                    return source;
                }
                String name;
                do {
                    name = "derived_" + next[0]++;
                } while (used.contains(name));
                used.add(name);
                return SqlStdOperatorTable.AS.createCall(SqlParserPos.ZERO, source,
                        new SqlIdentifier(name, SqlParserPos.ZERO));
            }
        });
    }
}
