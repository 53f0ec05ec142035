package dev.nl2sql.engine.t5;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The text each output token stands for, read from the checkpoint's {@code tokenizer.json}: SentencePiece pieces with
 * the word marker {@code ▁} as a space, and the tokens added after training (the PICARD checkpoints add {@code <} and
 * {@code <=}, which plain T5 cannot write) as they are. The beam search feeds these texts to the prefix checker, and
 * the answer is their concatenation, so what was checked is exactly what runs.
 */
public final class T5Vocabulary {

    private static final char WORD_MARKER = '\u2581';

    private final String[] texts;
    /** Tokens the decoder must never write: padding, unknown, sentinels and other special tokens. */
    private final boolean[] forbidden;
    private final int eos;

    private T5Vocabulary(String[] texts, boolean[] forbidden, int eos) {
        this.texts = texts;
        this.forbidden = forbidden;
        this.eos = eos;
    }

    /** The vocabulary of a {@code tokenizer.json} (a Unigram model, as T5's is). */
    public static T5Vocabulary read(Path tokenizerJson, int eosTokenId) throws IOException {
        JsonNode root = new ObjectMapper().readTree(tokenizerJson.toFile());
        JsonNode vocab = root.path("model").path("vocab");
        if (!vocab.isArray()) {
            throw new IOException(tokenizerJson + " has no model.vocab list; a T5 (Unigram) tokenizer.json is needed");
        }
        int size = vocab.size();
        for (JsonNode added : root.path("added_tokens")) {
            size = Math.max(size, added.path("id").asInt() + 1);
        }
        String[] texts = new String[size];
        boolean[] forbidden = new boolean[size];
        for (int i = 0; i < vocab.size(); i++) {
            texts[i] = vocab.get(i).get(0).asText().replace(WORD_MARKER, ' ');
        }
        for (JsonNode added : root.path("added_tokens")) {
            int id = added.path("id").asInt();
            texts[id] = added.path("content").asText();
            forbidden[id] = added.path("special").asBoolean(false);
        }
        for (int i = 0; i < size; i++) {
            if (texts[i] == null || texts[i].isEmpty()) {
                forbidden[i] = true;
                texts[i] = "";
            }
        }
        int unk = root.path("model").path("unk_id").asInt(-1);
        if (unk >= 0 && unk < size) {
            forbidden[unk] = true;
        }
        if (eosTokenId < 0 || eosTokenId >= size) {
            throw new IOException("The end token " + eosTokenId + " is not in " + tokenizerJson);
        }
        forbidden[eosTokenId] = false;
        return new T5Vocabulary(texts, forbidden, eosTokenId);
    }

    public int size() {
        return texts.length;
    }

    public int eos() {
        return eos;
    }

    /** What the token writes: its piece with the word marker as a space. */
    public String text(int id) {
        return texts[id];
    }

    /** Whether the decoder may write the token at all (the end token may; padding, unknown, sentinels may not). */
    public boolean isWritable(int id) {
        return id >= 0 && id < texts.length && !forbidden[id];
    }

    /** The text of a sequence of output tokens, up to the end token. */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id == eos) {
                break;
            }
            sb.append(texts[id]);
        }
        return sb.toString().strip();
    }

    @Override
    public String toString() {
        return "T5Vocabulary[size=" + texts.length + ", eos=" + eos + "]";
    }
}
