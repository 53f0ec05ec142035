package dev.nl2sql.engine.t5;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The shape of a T5 checkpoint, as its Hugging Face {@code config.json} gives it. T5 v1.0 (t5-3b, the base of
 * {@code tscholak/cxmefzzi}) has a ReLU feed-forward and ties the output layer to the embeddings; T5 v1.1 (the base of
 * {@code tscholak/3vnuv1vf}) has a gated GELU and an output layer of its own.
 *
 * @param vocabSize           rows of the embedding and of the output layer (may exceed the tokenizer's vocabulary)
 * @param dModel              width of the hidden states
 * @param dKv                 width of one attention head
 * @param dFf                 width of the feed-forward layer
 * @param encoderLayers       encoder blocks
 * @param decoderLayers       decoder blocks
 * @param heads               attention heads
 * @param buckets             relative position buckets
 * @param maxDistance         distance beyond which positions share the last bucket
 * @param epsilon             the layer norm's epsilon
 * @param gatedGelu           true for T5 v1.1's gated GELU feed-forward, false for v1.0's ReLU
 * @param tiedEmbeddings      true when the output layer is the embedding matrix (scaled by dModel^-0.5)
 * @param decoderStartTokenId the token the decoder starts from
 * @param eosTokenId          the token that ends the output
 */
public record T5Config(int vocabSize, int dModel, int dKv, int dFf, int encoderLayers, int decoderLayers, int heads,
        int buckets, int maxDistance, double epsilon, boolean gatedGelu, boolean tiedEmbeddings,
        int decoderStartTokenId, int eosTokenId) {

    /** Reads {@code config.json}; fields it leaves out take Hugging Face's T5 defaults. */
    public static T5Config read(Path configJson) throws IOException {
        JsonNode n = new ObjectMapper().readTree(configJson.toFile());
        String projection = n.path("feed_forward_proj").asText("relu");
        boolean gated = projection.startsWith("gated-");
        String activation = gated ? projection.substring("gated-".length()) : projection;
        if (!activation.equals("relu") && !activation.equals("gelu") && !activation.equals("gelu_new")) {
            throw new IOException("feed_forward_proj '" + projection + "' in " + configJson + " is not supported: "
                    + "T5 checkpoints use relu (T5 v1.0) or gated-gelu (T5 v1.1)");
        }
        int layers = n.path("num_layers").asInt(6);
        return new T5Config(
                required(n, "vocab_size", configJson),
                required(n, "d_model", configJson),
                n.path("d_kv").asInt(64),
                required(n, "d_ff", configJson),
                layers,
                n.path("num_decoder_layers").isNull() || n.path("num_decoder_layers").isMissingNode() ? layers
                        : n.path("num_decoder_layers").asInt(),
                n.path("num_heads").asInt(8),
                n.path("relative_attention_num_buckets").asInt(32),
                n.path("relative_attention_max_distance").asInt(128),
                n.path("layer_norm_epsilon").asDouble(1e-6),
                gated,
                n.path("tie_word_embeddings").asBoolean(true),
                n.path("decoder_start_token_id").asInt(0),
                n.path("eos_token_id").asInt(1));
    }

    /** The config.json text of this shape, as Hugging Face writes it. */
    public String toJson() {
        return "{\n"
                + "  \"architectures\": [\"T5ForConditionalGeneration\"],\n"
                + "  \"model_type\": \"t5\",\n"
                + "  \"vocab_size\": " + vocabSize + ",\n"
                + "  \"d_model\": " + dModel + ",\n"
                + "  \"d_kv\": " + dKv + ",\n"
                + "  \"d_ff\": " + dFf + ",\n"
                + "  \"num_layers\": " + encoderLayers + ",\n"
                + "  \"num_decoder_layers\": " + decoderLayers + ",\n"
                + "  \"num_heads\": " + heads + ",\n"
                + "  \"relative_attention_num_buckets\": " + buckets + ",\n"
                + "  \"relative_attention_max_distance\": " + maxDistance + ",\n"
                + "  \"layer_norm_epsilon\": " + epsilon + ",\n"
                + "  \"feed_forward_proj\": \"" + (gatedGelu ? "gated-gelu" : "relu") + "\",\n"
                + "  \"tie_word_embeddings\": " + tiedEmbeddings + ",\n"
                + "  \"decoder_start_token_id\": " + decoderStartTokenId + ",\n"
                + "  \"eos_token_id\": " + eosTokenId + ",\n"
                + "  \"pad_token_id\": 0\n"
                + "}\n";
    }

    /** Parameters of the model, for memory estimates. */
    public long parameterCount() {
        long inner = (long) heads * dKv;
        long attention = 4L * dModel * inner;
        long feedForward = (gatedGelu ? 3L : 2L) * dModel * dFf;
        long encoder = encoderLayers * (attention + feedForward + 2L * dModel);
        long decoder = decoderLayers * (2 * attention + feedForward + 3L * dModel);
        long embeddings = (long) vocabSize * dModel * (tiedEmbeddings ? 1 : 2);
        return encoder + decoder + embeddings + 2L * buckets * heads + 2L * dModel;
    }

    private static int required(JsonNode n, String field, Path file) throws IOException {
        if (!n.hasNonNull(field)) {
            throw new IOException(file + " has no " + field + "; is it a T5 config.json?");
        }
        return n.get(field).asInt();
    }
}
