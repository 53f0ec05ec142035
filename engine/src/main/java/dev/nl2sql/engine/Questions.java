package dev.nl2sql.engine;

/** What counts as text in a question. */
public final class Questions {

    private Questions() {
    }

    /**
     * Whether the text has nothing to read: only whitespace, including the spaces that {@link String#strip()} keeps
     * (no-break spaces U+00A0, U+2007, U+202F), other space separators (U+3000, U+2003) and invisible format or
     * control characters (zero-width space U+200B, byte-order mark U+FEFF). Such a question is an empty one.
     */
    public static boolean isBlank(String text) {
        return text.codePoints().allMatch(Questions::isInvisible);
    }

    private static boolean isInvisible(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                || type == Character.FORMAT || type == Character.CONTROL;
    }
}
