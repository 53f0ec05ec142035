package dev.nl2sql.engine.sql;

import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Function names written bare. Calcite keeps a function it does not know by its identifier, and with every identifier
 * quoted writes {@code "LENGTH"("v")}: PostgreSQL and MariaDB then look for a function of that exact (quoted) name and
 * fail. The names have passed the allow-list, so they are plain words of the database's own built-ins.
 */
final class PlainFunctionNames extends SqlShuttle {

    static SqlNode apply(SqlNode query) {
        return query.accept(new PlainFunctionNames());
    }

    @Override
    public SqlNode visit(SqlCall call) {
        SqlCall visited = (SqlCall) super.visit(call);
        if (visited != null && visited.getOperator() instanceof SqlUnresolvedFunction unresolved) {
            SqlFunction bare = new SqlFunction(unresolved.getName().toUpperCase(Locale.ROOT), SqlKind.OTHER_FUNCTION,
                    ReturnTypes.ARG0_NULLABLE, null, OperandTypes.VARIADIC, SqlFunctionCategory.USER_DEFINED_FUNCTION);
            return bare.createCall(visited.getFunctionQuantifier(), visited.getParserPosition(),
                    visited.getOperandList().toArray(new SqlNode[0]));
        }
        return visited;
    }
}
