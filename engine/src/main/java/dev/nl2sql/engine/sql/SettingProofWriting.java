package dev.nl2sql.engine.sql;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.fun.SqlBetweenOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * How checked SQL is written so that the server reads it exactly as the checker did, whatever its settings. The
 * checker parses the model's text once; if the server then read a literal or an operator differently (a backslash
 * escape that the checker took for a character, {@code ||} that MariaDB takes for OR), text the checker saw as data
 * would run as SQL. So every construct whose reading depends on a server setting is written in a form that does not:
 *
 * <ul>
 *   <li>Strings: quotes are doubled (read so by every setting). A backslash is read as an escape by PostgreSQL with
 *   {@code standard_conforming_strings=off} and by MariaDB without {@code NO_BACKSLASH_ESCAPES}; a string holding one
 *   is written as {@code E'...'} with the backslash doubled for PostgreSQL (an escape string under every setting) and
 *   as {@code _utf8mb4 X'...'} for MariaDB (hex digits: no quote or backslash to read at all).</li>
 *   <li>{@code NOT}: its operand in parentheses, so MariaDB's {@code HIGH_NOT_PRECEDENCE} cannot re-bind it.</li>
 *   <li>Concatenation on MariaDB: {@code CONCAT(a, b)}, since {@code ||} means OR there unless
 *   {@code PIPES_AS_CONCAT}.</li>
 *   <li>{@code BETWEEN}: the plain form (Calcite's {@code BETWEEN ASYMMETRIC} is not parsed by MariaDB or SQLite).</li>
 * </ul>
 * Identifiers need nothing more: Calcite quotes every one and doubles the quote character inside, which reads the same
 * under every setting (MariaDB takes backticks with or without {@code ANSI_QUOTES}).
 */
final class SettingProofWriting {

    private SettingProofWriting() {
    }

    /** A string literal for H2 and SQLite, which know no backslash escapes in any mode. */
    static String standardString(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A string literal that PostgreSQL reads as {@code value} with standard_conforming_strings on or off. */
    static String postgresString(String value) {
        if (value.indexOf('\\') < 0) {
            return standardString(value);
        }
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** A string literal that MariaDB and MySQL read as {@code value} in every sql_mode. */
    static String mariadbString(String value) {
        if (value.indexOf('\\') < 0) {
            return standardString(value);
        }
        return "_utf8mb4 X'" + HexFormat.of().withUpperCase().formatHex(value.getBytes(StandardCharsets.UTF_8)) + "'";
    }

    /** Writes the calls whose default form depends on a setting; false for every other call. */
    static boolean unparseCall(SqlWriter writer, SqlCall call, boolean concatAsFunction) {
        if (call.getKind() == SqlKind.NOT) {
            writer.keyword("NOT");
            SqlWriter.Frame frame = writer.startList("(", ")");
            call.operand(0).unparse(writer, 0, 0);
            writer.endList(frame);
            return true;
        }
        if (concatAsFunction && call.getOperator() == SqlStdOperatorTable.CONCAT) {
            writer.keyword("CONCAT");
            SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.FUN_CALL, "(", ")");
            for (var operand : call.getOperandList()) {
                writer.sep(",");
                operand.unparse(writer, 0, 0);
            }
            writer.endList(frame);
            return true;
        }
        return unparseBetween(writer, call);
    }

    /**
     * Calcite writes {@code x BETWEEN ASYMMETRIC a AND b}, which MariaDB and SQLite do not parse; the plain form
     * means the same everywhere.
     */
    private static boolean unparseBetween(SqlWriter writer, SqlCall call) {
        if (call.getKind() != SqlKind.BETWEEN || !(call.getOperator() instanceof SqlBetweenOperator op)
                || op.flag != SqlBetweenOperator.Flag.ASYMMETRIC) {
            return false;
        }
        SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.SIMPLE, "", "");
        call.operand(0).unparse(writer, op.getLeftPrec(), op.getLeftPrec());
        writer.sep(op.isNegated() ? "NOT BETWEEN" : "BETWEEN");
        call.operand(1).unparse(writer, op.getRightPrec(), op.getRightPrec());
        writer.sep("AND");
        call.operand(2).unparse(writer, op.getRightPrec(), op.getRightPrec());
        writer.endList(frame);
        return true;
    }
}
