package dev.nl2sql.engine.llama;

/**
 * A LoRA adapter whose effect is known in advance: rank 1 on {@code output.weight}, with
 * {@code delta = (e_a - e_b)(W_b - W_a)^T}. For any hidden state h it turns token a's logit {@code W_a·h} into
 * {@code W_b·h} and token b's into {@code W_a·h} and leaves every other logit alone, so whichever of the two the model
 * prefers, with the adapter it prefers the other. At scale s the two logits move a fraction s of the way towards each
 * other: below one half the preference stays, above it flips.
 */
public final class TokenSwapAdapter {

    private TokenSwapAdapter() {
    }

    /** The adapter for {@code model} (which needs an untied {@code output.weight} in F32) swapping tokens a and b. */
    public static GgufFile of(GgufFile model, int a, int b) {
        GgufFile.Tensor output = model.tensor("output.weight");
        long embedding = output.shape()[0];
        long vocabulary = output.shape()[1];
        float[] w = output.floats();
        float[] direction = new float[(int) embedding]; // lora_a [n_embd, 1]: the one row W_b - W_a
        for (int i = 0; i < embedding; i++) {
            direction[i] = w[(int) (b * embedding + i)] - w[(int) (a * embedding + i)];
        }
        float[] tokens = new float[(int) vocabulary]; // lora_b [1, n_vocab]: e_a - e_b
        tokens[a] = 1f;
        tokens[b] = -1f;
        return new GgufFile()
                .putString("general.type", "adapter")
                .putString("general.architecture", (String) model.metadata().get("general.architecture").value())
                .putString("adapter.type", "lora")
                .putFloat32("adapter.lora.alpha", 1f) // alpha / rank = 1: the adapter applies as written
                .add(GgufFile.Tensor.f32("output.weight.lora_a", new long[] {embedding, 1}, direction))
                .add(GgufFile.Tensor.f32("output.weight.lora_b", new long[] {1, vocabulary}, tokens));
    }
}
