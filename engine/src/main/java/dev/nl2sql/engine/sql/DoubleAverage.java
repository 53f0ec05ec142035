package dev.nl2sql.engine.sql;

import java.util.Locale;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * SQLite's AVG is always a double. MariaDB's AVG of an exact number is a DECIMAL with only four more decimals than
 * its argument (10 / 3 averages to 3.3333), which cuts the answer. For MariaDB the argument is read as a DOUBLE, so
 * the average carries a double's precision as SQLite's does; for integers (summed exactly below 2^53) it is then the
 * same double SQLite returns. A double argument is unchanged by the cast.
 */
final class DoubleAverage {

    private DoubleAverage() {
    }

    static void apply(SqlNode root) {
        root.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                super.visit(call);
                if (call.getOperator().getName().toUpperCase(Locale.ROOT).equals("AVG") && call.operandCount() == 1) {
                    SqlNode argument = call.operand(0);
                    call.setOperand(0, SqlStdOperatorTable.CAST.createCall(SqlParserPos.ZERO, argument,
                            new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.DOUBLE, SqlParserPos.ZERO),
                                    SqlParserPos.ZERO)));
                }
                return null;
            }
        });
    }
}
