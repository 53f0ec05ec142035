package dev.nl2sql.engine.sql;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * MariaDB and MySQL refuse LIMIT in a sub-query under IN, NOT IN, ANY, SOME or ALL ("doesn't yet support 'LIMIT &
 * IN/ALL/ANY/SOME subquery'"); SQLite, PostgreSQL and H2 run it ({@code WHERE id IN (SELECT student_id FROM friend
 * GROUP BY student_id ORDER BY count(*) DESC LIMIT 1)}). Such a sub-query is written as a derived table, which they
 * accept: {@code IN (SELECT * FROM (SELECT ... LIMIT 1) AS nl2sql_limited)}, the same rows.
 */
final class LimitedInSubqueries {

    private static final String ALIAS = "nl2sql_limited";

    private LimitedInSubqueries() {
    }

    static void wrap(SqlNode node) {
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (isQuantified(call) && call.operandCount() == 2 && isLimited(call.operand(1))) {
                    call.setOperand(1, derived(call.operand(1)));
                }
                return super.visit(call);
            }
        });
    }

    private static boolean isQuantified(SqlCall call) {
        SqlKind kind = call.getKind();
        return kind == SqlKind.IN || kind == SqlKind.NOT_IN || kind == SqlKind.SOME || kind == SqlKind.ALL;
    }

    private static boolean isLimited(SqlNode query) {
        return query instanceof SqlOrderBy orderBy && (orderBy.fetch != null || orderBy.offset != null)
                || query instanceof SqlSelect select && (select.getFetch() != null || select.getOffset() != null);
    }

    private static SqlNode derived(SqlNode query) {
        SqlParserPos pos = query.getParserPosition();
        SqlNode from = SqlStdOperatorTable.AS.createCall(pos, query, new SqlIdentifier(ALIAS, pos));
        return new SqlSelect(pos, null, SqlNodeList.of(SqlIdentifier.star(pos)), from, null, null, null, null,
                null, null, null, null);
    }
}
