package dev.nl2sql.engine.llama;

import dev.nl2sql.engine.EngineException;
import dev.nl2sql.models.GgufHeader;
import dev.nl2sql.models.GgufHeader.TensorInfo;
import dev.nl2sql.models.InvalidModelFileException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a llama.cpp LoRA adapter against the model it is meant for, before llama.cpp sees it. llama.cpp reports
 * most faults of an adapter as a failed load, but some abort the process instead: a {@code general.type},
 * {@code general.architecture} or {@code adapter.type} that is not a string, an {@code adapter.lora.alpha} that is
 * not a float32 (ggml asserts the type of each), and a token embedding pair whose two halves disagree on the rank
 * (llama.cpp checks the rank of the other pairs only, and ggml asserts that the matrices multiply). So every check
 * llama.cpp makes in {@code llama_adapter_lora_init} is made here first, with those, and each fault is an
 * SQLException that says what to do.
 */
final class LoraAdapterCheck {

    static final String LORA_A = ".lora_a";
    static final String LORA_B = ".lora_b";
    /** Norm vectors an adapter may carry: llama.cpp skips them. */
    private static final String NORM = "_norm.weight";
    /** The input embedding, whose pair llama.cpp uses transposed (see llama.cpp's llm_build_inp_embd). */
    private static final String TOKEN_EMBEDDING = "token_embd.weight";

    private LoraAdapterCheck() {
    }

    /**
     * The adapter's header, once it is known to be a LoRA adapter that fits the model.
     *
     * @param adapter   the adapter file
     * @param model     the model's header, read with its tensors
     * @param modelFile the model file, for messages
     */
    static GgufHeader check(Path adapter, GgufHeader model, Path modelFile) throws SQLException {
        GgufHeader header = read(adapter);
        String type = text(header, adapter, "general.type");
        if (!"adapter".equals(type)) {
            throw refused(adapter, (type == null ? "has no general.type" : "has general.type '" + type + "'")
                    + ": it is a model or another kind of GGUF file, not an adapter. Point nl2sql.loraAdapter at the "
                    + "adapter file that llama.cpp's convert_lora_to_gguf.py wrote, and nl2sql.model at the model.");
        }
        String adapterType = text(header, adapter, "adapter.type");
        if (!"lora".equals(adapterType)) {
            throw refused(adapter, "is " + (adapterType == null ? "an adapter of no stated type" : "a '"
                    + adapterType + "' adapter") + ", and only LoRA adapters (adapter.type 'lora') can be applied. "
                    + "Convert the adapter with llama.cpp's convert_lora_to_gguf.py.");
        }
        String architecture = text(header, adapter, "general.architecture");
        String modelArchitecture = model.architecture().orElse(null);
        if (architecture == null || !architecture.equals(modelArchitecture)) {
            throw refused(adapter, "was made for " + (architecture == null ? "no stated architecture"
                    : "the architecture '" + architecture + "'") + ", but the model " + modelFile + " is '"
                    + modelArchitecture + "'. Use the adapter trained on this model's base, or set nl2sql.model to "
                    + "the model the adapter was trained on.");
        }
        Object alpha = header.metadata().get("adapter.lora.alpha");
        if (alpha != null && !(alpha instanceof Float)) {
            throw refused(adapter, "stores adapter.lora.alpha as " + alpha.getClass().getSimpleName() + " where "
                    + "llama.cpp needs a float32: the file is damaged or was not written by convert_lora_to_gguf.py. "
                    + "Convert the adapter again.");
        }
        checkTensors(adapter, header, model, modelFile);
        return header;
    }

    private static GgufHeader read(Path adapter) throws SQLException {
        try {
            return GgufHeader.readWithTensors(adapter);
        } catch (InvalidModelFileException e) {
            throw refused(adapter, "is not a complete GGUF file (" + e.getMessage() + "). Point nl2sql.loraAdapter "
                    + "at the adapter that llama.cpp's convert_lora_to_gguf.py wrote; convert it again if it was cut "
                    + "short.", e);
        } catch (IOException e) {
            throw EngineException.general("The LoRA adapter file " + adapter + " cannot be read (" + e + "). Check "
                    + "the path in nl2sql.loraAdapter and the file's permissions.", e);
        }
    }

    /** A metadata string, null where absent; a value of another type would abort llama.cpp, so it is refused. */
    private static String text(GgufHeader header, Path adapter, String key) throws SQLException {
        Object value = header.metadata().get(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw refused(adapter, "stores " + key + " as " + value + " where llama.cpp needs a string: the file is "
                + "damaged or was not written by convert_lora_to_gguf.py. Convert the adapter again.");
    }

    private static void checkTensors(Path adapter, GgufHeader header, GgufHeader model, Path modelFile)
            throws SQLException {
        Map<String, TensorInfo[]> pairs = new TreeMap<>();
        for (TensorInfo tensor : header.tensors()) {
            String name = tensor.name();
            if (name.endsWith(LORA_A)) {
                pairs.computeIfAbsent(base(name, LORA_A), k -> new TensorInfo[2])[0] = tensor;
            } else if (name.endsWith(LORA_B)) {
                pairs.computeIfAbsent(base(name, LORA_B), k -> new TensorInfo[2])[1] = tensor;
            } else if (!name.endsWith(NORM)) {
                throw refused(adapter, "holds the tensor '" + name + "', which is no LoRA tensor (names end in "
                        + LORA_A + " or " + LORA_B + "). Convert the adapter with convert_lora_to_gguf.py.");
            }
        }
        if (pairs.isEmpty()) {
            throw refused(adapter, "holds no LoRA tensors, so it would change nothing. Convert the trained adapter "
                    + "again with convert_lora_to_gguf.py.");
        }
        for (Map.Entry<String, TensorInfo[]> pair : pairs.entrySet()) {
            String name = pair.getKey();
            TensorInfo a = pair.getValue()[0];
            TensorInfo b = pair.getValue()[1];
            if (a == null || b == null) {
                throw refused(adapter, "has " + (a == null ? LORA_B : LORA_A) + " but not " + (a == null ? LORA_A
                        : LORA_B) + " for " + name + ": the file is incomplete. Convert the adapter again.");
            }
            TensorInfo weight = model.tensor(name).orElseThrow(() -> refused(adapter, "changes the tensor " + name
                    + ", which the model " + modelFile + " does not have: the adapter belongs to another model. Use "
                    + "the adapter trained on this model's base."));
            if (!fits(weight, a, b, name.endsWith(TOKEN_EMBEDDING))) {
                throw refused(adapter, "does not fit the model " + modelFile + ": " + name + " is " + weight.shapeText()
                        + " there, and the adapter's " + a.name() + " " + a.shapeText() + " with " + b.name() + " "
                        + b.shapeText() + " cannot change it (lora_a must be [inputs, rank] and lora_b [rank, "
                        + "outputs]). The adapter belongs to another model or size: use the one trained on this "
                        + "model's base.");
            }
        }
    }

    /**
     * The shapes llama.cpp expects (in ggml order, row length first): for a weight [in, out], lora_a [in, r] and
     * lora_b [r, out]; for the token embedding [embd, vocab], lora_a [r, vocab] and lora_b [r, embd]. Higher
     * dimensions (experts) must be the weight's, and the rank at least 1 (llama.cpp divides alpha by it).
     */
    private static boolean fits(TensorInfo weight, TensorInfo a, TensorInfo b, boolean tokenEmbedding) {
        long rank = tokenEmbedding ? a.dimension(0) : a.dimension(1);
        boolean plane = tokenEmbedding
                ? weight.dimension(0) == b.dimension(1) && weight.dimension(1) == a.dimension(1)
                        && rank == b.dimension(0)
                : weight.dimension(0) == a.dimension(0) && weight.dimension(1) == b.dimension(1)
                        && rank == b.dimension(0);
        for (int d = 2; d < 4 && plane; d++) {
            plane = a.dimension(d) == weight.dimension(d) && b.dimension(d) == weight.dimension(d);
        }
        return plane && rank > 0;
    }

    private static String base(String name, String suffix) {
        return name.substring(0, name.length() - suffix.length());
    }

    private static SQLException refused(Path adapter, String what) {
        return EngineException.general("The LoRA adapter " + adapter + " " + what);
    }

    private static SQLException refused(Path adapter, String what, Throwable cause) {
        return EngineException.general("The LoRA adapter " + adapter + " " + what, cause);
    }
}
