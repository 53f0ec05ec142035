package dev.nl2sql.engine.t5;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The card written beside trained weights ({@code adapter.json} beside {@code adapter.safetensors}, or
 * {@code training.json} in a fully fine-tuned checkpoint): what they were trained from and on, and how training went.
 * At answer time the base fingerprint guards against merging an adapter into another checkpoint.
 *
 * @param kind                {@code lora} or {@code full}
 * @param baseName            the base checkpoint's directory name (such as {@code cxmefzzi})
 * @param baseFingerprint     {@link T5CheckpointFingerprint} of the base checkpoint
 * @param rank                LoRA rank (0 for full fine-tuning)
 * @param alpha               LoRA alpha: the update is scaled by alpha / rank
 * @param targets             the layer names adapted (q, k, v, o, ...)
 * @param precision           the training precision (fp32, or mixed: fp16 base with fp32 adapters)
 * @param databaseFingerprint the database the training set came from, as the caller identifies it
 * @param trainPairs          training pairs
 * @param validationPairs     validation pairs
 * @param steps               optimizer steps taken
 * @param bestEpoch           the epoch these weights are from (1-based)
 * @param tokensPerSecond     training throughput, target and input tokens per second
 * @param epochs              per epoch: losses and validation accuracy
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record T5AdapterCard(String kind, String baseName, String baseFingerprint, int rank, double alpha,
        List<String> targets, String precision, String databaseFingerprint, int trainPairs, int validationPairs,
        long steps, int bestEpoch, double tokensPerSecond, List<Epoch> epochs) {

    public static final String LORA_CARD = "adapter.json";
    public static final String LORA_WEIGHTS = "adapter.safetensors";
    public static final String FULL_CARD = "training.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One epoch's figures.
     *
     * @param epoch              1-based
     * @param trainLoss          mean token cross-entropy over the epoch's batches
     * @param validationLoss     mean token cross-entropy on the validation set
     * @param validationAccuracy execution accuracy from the scorer, or null when there was none
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Epoch(int epoch, double trainLoss, double validationLoss, Double validationAccuracy) {
    }

    public boolean isLora() {
        return "lora".equals(kind);
    }

    public static T5AdapterCard read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), T5AdapterCard.class);
    }

    /** Writes the card atomically (a temporary file moved into place). */
    public void write(Path file) throws IOException {
        T5Safetensors.writeString(file, JSON.writeValueAsString(this));
    }
}
