package dev.nl2sql.benchmarks.jmh;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL cut into the pieces a decoder writes, roughly as a subword vocabulary cuts it: a space goes with the piece
 * after it, words are cut into pieces of at most four characters, and every other character is a piece of its own.
 * (T5's and Llama's vocabularies cut SQL into pieces of about this size.)
 */
final class DecoderPieces {

    private static final int MOST_WORD_CHARACTERS = 4;

    private DecoderPieces() {
    }

    static List<String> of(String sql) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == ' ') {
                flush(piece, pieces);
                piece.append(c);
                i++;
                continue;
            }
            if (Character.isLetterOrDigit(c) || c == '_') {
                int letters = 0;
                while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    if (letters == MOST_WORD_CHARACTERS) {
                        flush(piece, pieces);
                        letters = 0;
                    }
                    piece.append(sql.charAt(i++));
                    letters++;
                }
                flush(piece, pieces);
                continue;
            }
            piece.append(c);
            flush(piece, pieces);
            i++;
        }
        flush(piece, pieces);
        return pieces;
    }

    private static void flush(StringBuilder piece, List<String> pieces) {
        if (piece.length() > 0) {
            pieces.add(piece.toString());
            piece.setLength(0);
        }
    }
}
