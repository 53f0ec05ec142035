package dev.nl2sql.engine.sql;

import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * SQLite and MariaDB read {@code a JOIN b} without ON as a cross join, and Spider's gold SQL (so models trained on it)
 * writes it; Calcite, PostgreSQL and H2 require a condition. This turns such joins into explicit CROSS JOINs, which
 * mean the same on every database.
 */
final class ConditionlessJoins {

    private ConditionlessJoins() {
    }

    static void makeExplicit(SqlNode node) {
        if (node == null) {
            return;
        }
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlJoin join && join.getJoinType() == JoinType.INNER
                        && join.getConditionType() == JoinConditionType.NONE && !join.isNatural()) {
                    join.setOperand(2, JoinType.CROSS.symbol(join.getParserPosition()));
                }
                return super.visit(call);
            }
        });
    }
}
