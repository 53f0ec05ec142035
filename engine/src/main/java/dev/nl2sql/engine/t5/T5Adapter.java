package dev.nl2sql.engine.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A LoRA adapter trained on a T5 checkpoint ({@code adapter.safetensors} with PEFT's tensor names, and the
 * {@code adapter.json} card), merged into the checkpoint's weights as they load: {@code W + alpha/rank * B A}, so
 * that answering costs nothing more per token than the base model.
 */
final class T5Adapter {

    private static final String PEFT_PREFIX = "base_model.model.";

    private final Path weights;
    private final T5AdapterCard card;

    private T5Adapter(Path weights, T5AdapterCard card) {
        this.weights = weights;
        this.card = card;
    }

    /** The folder holding an adapter, from a path to the folder, its card or its weights. */
    static Path folderOf(Path given) {
        if (Files.isDirectory(given)) {
            return given;
        }
        Path parent = given.toAbsolutePath().getParent();
        return parent == null ? given : parent;
    }

    /**
     * Reads the card and checks that the adapter was trained on this checkpoint; the weights are read when merged.
     * Throws IOException with a message that names the file and the cause.
     */
    static T5Adapter open(Path given, Path checkpoint) throws IOException {
        Path folder = folderOf(given);
        Path cardFile = folder.resolve(T5AdapterCard.LORA_CARD);
        Path weightsFile = folder.resolve(T5AdapterCard.LORA_WEIGHTS);
        if (!Files.isRegularFile(cardFile) || !Files.isRegularFile(weightsFile)) {
            throw new IOException(folder + " does not hold " + T5AdapterCard.LORA_CARD + " and "
                    + T5AdapterCard.LORA_WEIGHTS + " (an adapter folder as T5 training writes it)");
        }
        T5AdapterCard card;
        try {
            card = T5AdapterCard.read(cardFile);
        } catch (IOException e) {
            throw new IOException(cardFile + " is not an adapter card: " + e.getMessage(), e);
        }
        if (!card.isLora() || card.rank() < 1) {
            throw new IOException(cardFile + " describes no LoRA adapter (kind " + card.kind() + ", rank "
                    + card.rank() + "); a fully fine-tuned checkpoint is used as nl2sql.model instead");
        }
        String actual = T5CheckpointFingerprint.of(checkpoint);
        if (!actual.equals(card.baseFingerprint())) {
            throw new IOException("the adapter in " + folder + " was trained on the checkpoint " + card.baseName()
                    + " (" + card.baseFingerprint() + "), not on " + checkpoint + " (" + actual + ")");
        }
        return new T5Adapter(weightsFile, card);
    }

    T5AdapterCard card() {
        return card;
    }

    /** Adds {@code alpha/rank * B A} to each adapted weight, in fp32, before the model converts the weights. */
    void mergeInto(T5Weights base) throws IOException {
        NDManager manager = base.manager();
        Map<String, NDArray> tensors = new HashMap<>();
        T5Weights.readFile(weights, manager, tensors);
        Map<String, NDArray[]> pairs = new TreeMap<>();
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            String name = e.getKey().startsWith(PEFT_PREFIX) ? e.getKey().substring(PEFT_PREFIX.length())
                    : e.getKey();
            int slot = name.endsWith(".lora_A.weight") ? 0 : name.endsWith(".lora_B.weight") ? 1 : -1;
            if (slot < 0) {
                throw new IOException(weights + " holds " + e.getKey() + ", which is not a LoRA tensor "
                        + "(<layer>.lora_A.weight or <layer>.lora_B.weight)");
            }
            String layer = name.substring(0, name.length() - ".lora_A.weight".length());
            pairs.computeIfAbsent(layer, k -> new NDArray[2])[slot] = e.getValue();
        }
        if (pairs.isEmpty()) {
            throw new IOException(weights + " holds no LoRA tensors");
        }
        float scale = (float) (card.alpha() / card.rank());
        for (Map.Entry<String, NDArray[]> pair : pairs.entrySet()) {
            String layer = pair.getKey();
            NDArray a = pair.getValue()[0];
            NDArray b = pair.getValue()[1];
            if (a == null || b == null) {
                throw new IOException(weights + " has " + (a == null ? "no lora_A" : "no lora_B") + " for " + layer);
            }
            NDArray w = base.peek(layer + ".weight");
            if (w == null) {
                throw new IOException(weights + " adapts " + layer + ", which the checkpoint does not have");
            }
            Shape ws = w.getShape();
            if (a.getShape().dimension() != 2 || b.getShape().dimension() != 2
                    || a.getShape().get(0) != card.rank() || b.getShape().get(1) != card.rank()
                    || a.getShape().get(1) != ws.get(1) || b.getShape().get(0) != ws.get(0)) {
                throw new IOException(weights + ": " + layer + " has lora_A " + a.getShape() + " and lora_B "
                        + b.getShape() + ", which do not fit its weight " + ws + " at rank " + card.rank());
            }
            NDArray delta = b.toType(DataType.FLOAT32, false).matMul(a.toType(DataType.FLOAT32, false)).mul(scale);
            NDArray merged = w.toType(DataType.FLOAT32, false).add(delta);
            if (merged.isNaN().any().getBoolean() || merged.isInfinite().any().getBoolean()) {
                throw new IOException(weights + ": merging " + layer + " gives values that are not finite; the "
                        + "adapter is damaged");
            }
            base.replace(layer + ".weight", merged);
        }
    }
}
