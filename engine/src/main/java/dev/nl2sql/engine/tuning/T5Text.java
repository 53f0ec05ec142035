package dev.nl2sql.engine.tuning;

/**
 * What a T5 checkpoint can write. T5's SentencePiece vocabulary has no piece for {@code <}, braces, backslash,
 * caret, backtick or tilde, and none for most characters outside ASCII: a target holding one could never be written
 * back, so values with them are not used, and a "less than" is written as a reversed "greater than".
 */
final class T5Text {

    private static final String MISSING = "<{}\\^`~";

    private T5Text() {
    }

    static boolean isWritable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || MISSING.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
