package dev.nl2sql.engine.sql;

import java.util.function.Function;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/** One walk of a query that refuses it with the first problem found in a call or a literal (null: none). */
final class FirstProblem {

    private FirstProblem() {
    }

    static void refuse(SqlNode query, Function<SqlCall, String> inCall, Function<SqlLiteral, String> inLiteral)
            throws SqlCheckException {
        String[] problem = new String[1];
        query.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (problem[0] == null) {
                    problem[0] = inCall.apply(call);
                }
                return problem[0] == null ? super.visit(call) : null;
            }

            @Override
            public Void visit(SqlLiteral literal) {
                if (problem[0] == null) {
                    problem[0] = inLiteral.apply(literal);
                }
                return null;
            }
        });
        if (problem[0] != null) {
            throw new SqlCheckException(problem[0]);
        }
    }
}
