package dev.nl2sql.driver;

/** Whether plain SQL changes the schema, so that the cached schema the model sees must be read again. */
final class SchemaChange {

    private static final String[] DDL = {"CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "COMMENT"};

    private SchemaChange() {
    }

    /** Looks at the first word only, without allocating: this runs on every plain statement. */
    static boolean isDdl(String sql) {
        if (sql == null) {
            return false;
        }
        int start = NlCommand.skipSpaceAndComments(sql, 0);
        for (String keyword : DDL) {
            int end = start + keyword.length();
            if (sql.regionMatches(true, start, keyword, 0, keyword.length())
                    && (end == sql.length() || !Character.isLetterOrDigit(sql.charAt(end)))) {
                return true;
            }
        }
        return false;
    }
}
