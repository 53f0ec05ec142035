package dev.nl2sql.engine.sql;

import java.util.Locale;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * SQLite's LIKE ignores the case of ASCII letters, and only of those ({@code 'é'} does not match {@code 'É'});
 * PostgreSQL's and MariaDB's (under a binary collation) do not, and ILIKE or LOWER fold every script. For a pattern
 * written as a literal this writes the exact equivalent: the pattern's ASCII letters in lower case, and in the value
 * only the upper-case forms of those letters replaced by their lower case ({@code REPLACE(x, 'K', 'k')}). A value
 * letter that the pattern does not name can only meet {@code _} or {@code %}, which match it in either case, so
 * folding only the pattern's letters is enough, and every other character compares exactly as before.
 *
 * <p>Left as written: a pattern that is not a literal, and a LIKE with an ESCAPE clause (whose escape character could
 * itself be a letter).
 */
final class SqliteLike {

    private SqliteLike() {
    }

    static void apply(SqlNode root) {
        root.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                super.visit(call);
                String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
                if (call.getKind() == SqlKind.LIKE && (name.equals("LIKE") || name.equals("NOT LIKE"))
                        && call.operandCount() == 2 && call.operand(1) instanceof SqlCharStringLiteral pattern) {
                    String text = pattern.getValueAs(String.class);
                    TreeSet<Character> letters = new TreeSet<>();
                    for (char c : text.toCharArray()) {
                        if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
                            letters.add(Character.toLowerCase(c));
                        }
                    }
                    if (!letters.isEmpty()) {
                        SqlNode value = call.operand(0);
                        for (char lower : letters) {
                            value = SqlStdOperatorTable.REPLACE.createCall(SqlParserPos.ZERO, value,
                                    SqlLiteral.createCharString(String.valueOf(Character.toUpperCase(lower)),
                                            SqlParserPos.ZERO),
                                    SqlLiteral.createCharString(String.valueOf(lower), SqlParserPos.ZERO));
                        }
                        call.setOperand(0, value);
                        call.setOperand(1, SqlLiteral.createCharString(asciiLower(text),
                                pattern.getParserPosition()));
                    }
                }
                return null;
            }
        });
    }

    private static String asciiLower(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return out.toString();
    }
}
