package dev.nl2sql.engine.t5.training;

import java.time.Duration;
import java.util.List;

/**
 * How to train a T5 checkpoint on a database's training set.
 *
 * @param rank            LoRA rank
 * @param alpha           LoRA alpha: the update is scaled by alpha / rank
 * @param targets         layer names that get adapters: q, k, v, o (self- and cross-attention), wi, wo, ...
 * @param full            true trains every weight (fp32; for small checkpoints) instead of adapters
 * @param learningRate    peak learning rate
 * @param weightDecay     AdamW's decoupled weight decay
 * @param warmupSteps     optimizer steps of linear warm-up from 0 to the peak
 * @param schedule        decay after the warm-up
 * @param batchSize       pairs per forward pass
 * @param accumulation    forward passes whose gradients add up to one optimizer step
 * @param epochs          most passes over the training set
 * @param maxSteps        most optimizer steps (0: no limit but the epochs)
 * @param timeBudget      most training time (null: none); the run stops with a checkpoint and a last evaluation
 * @param patience        evaluations without improvement before stopping early
 * @param checkpointEvery optimizer steps between resumable checkpoints
 * @param seed            seed of the adapters' start, the data order and the dropout masks
 * @param device          auto, cpu or gpu
 * @param precision       fp32; fp16 (fp16 base weights, fp32 adapters and optimizer, dynamic loss scaling; LoRA
 *                        only; enough for T5 v1.0 such as cxmefzzi); or mixed (fp16 with the feed-forward output
 *                        projections in fp32, which T5 v1.1 such as 3vnuv1vf needs)
 * @param maxInputTokens  inputs are cut there, as the engine cuts them at answer time
 * @param maxTargetTokens targets are cut there
 * @param labelSmoothing  0 for plain cross-entropy
 * @param clipNorm        gradient norm clipping (0: none)
 * @param dropout         share of activations dropped while training (T5 fine-tunes with 0.1; 0: none)
 * @param threads         PyTorch's intra-op threads while training; set again after every scoring, whose model load
 *                        sets them to the answering threads ({@code nl2sql.threads})
 * @param scoreEvery      epochs between validation execution-accuracy scorings (when a scorer is given); the
 *                        epochs between are judged by validation loss alone and cannot become the kept one
 * @param negatives       0 for a softmax over the whole vocabulary; otherwise a sampled softmax over the training
 *                        targets' tokens and this many others drawn each step (much faster for a small model, whose
 *                        output layer is most of its cost; validation loss and answers still use the whole vocabulary)
 */
public record T5TrainingSettings(int rank, double alpha, List<String> targets, boolean full, double learningRate,
        double weightDecay, int warmupSteps, Schedule schedule, int batchSize, int accumulation, int epochs,
        long maxSteps, Duration timeBudget, int patience, int checkpointEvery, long seed, String device,
        String precision, int maxInputTokens, int maxTargetTokens, double labelSmoothing, double clipNorm,
        double dropout, int threads, int scoreEvery, int negatives) {

    /** Learning-rate decay after the warm-up. */
    public enum Schedule { LINEAR, COSINE, CONSTANT }

    public T5TrainingSettings {
        targets = List.copyOf(targets);
        check(rank >= 1 || full, "rank must be at least 1");
        check(alpha > 0 || full, "alpha must be positive");
        check(learningRate > 0 && Double.isFinite(learningRate), "the learning rate must be positive");
        check(weightDecay >= 0, "the weight decay must not be negative");
        check(warmupSteps >= 0, "warm-up steps must not be negative");
        check(batchSize >= 1, "the batch size must be at least 1");
        check(accumulation >= 1, "gradient accumulation must be at least 1");
        check(epochs >= 1, "epochs must be at least 1");
        check(maxSteps >= 0, "max steps must not be negative");
        check(patience >= 1, "patience must be at least 1");
        check(checkpointEvery >= 1, "the checkpoint interval must be at least 1 step");
        check(maxInputTokens >= 2 && maxTargetTokens >= 2, "max input and target tokens must be at least 2");
        check(labelSmoothing >= 0 && labelSmoothing < 1, "label smoothing is in [0, 1)");
        check(clipNorm >= 0, "the clipping norm must not be negative");
        check(dropout >= 0 && dropout <= 0.9, "dropout is from 0 to 0.9, not " + dropout);
        check(threads >= 1, "threads must be at least 1, not " + threads);
        check(scoreEvery >= 1, "scoring every N epochs needs N of at least 1, not " + scoreEvery);
        check(negatives >= 0, "the sampled softmax draws 0 tokens (the whole vocabulary) or more, not " + negatives);
        check(precision.equals("fp32") || precision.equals("fp16") || precision.equals("mixed"),
                "precision is fp32, fp16 or mixed, not " + precision);
        check(!full || precision.equals("fp32"), "full fine-tuning trains fp32 weights; use LoRA for fp16 or mixed");
        check(full || !targets.isEmpty(), "LoRA needs at least one target layer");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** LoRA rank 8, alpha 16 on q, k, v, o; AdamW at 5e-4, linear decay, batch 8; fp32 on the CPU. */
    public static Builder lora() {
        return new Builder();
    }

    /** Every weight trained: AdamW at 1e-3 with weight decay 0.01, for small checkpoints. */
    public static Builder fullFineTuning() {
        Builder b = new Builder();
        b.full = true;
        b.learningRate = 1e-3;
        b.weightDecay = 0.01;
        return b;
    }

    /** Settings built field by field from the defaults. */
    public static final class Builder {
        private int rank = 8;
        private double alpha = 16;
        private List<String> targets = List.of("q", "k", "v", "o");
        private boolean full;
        private double learningRate = 5e-4;
        private double weightDecay;
        private int warmupSteps = 20;
        private Schedule schedule = Schedule.LINEAR;
        private int batchSize = 8;
        private int accumulation = 1;
        private int epochs = 10;
        private long maxSteps;
        private Duration timeBudget;
        private int patience = 3;
        private int checkpointEvery = 100;
        private long seed = 1;
        private String device = "auto";
        private String precision = "fp32";
        private int maxInputTokens = 512;
        private int maxTargetTokens = 256;
        private double labelSmoothing;
        private double clipNorm = 1.0;
        private double dropout = 0.1;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int scoreEvery = 1;
        private int negatives;

        public Builder rank(int v) { rank = v; return this; }
        public Builder alpha(double v) { alpha = v; return this; }
        public Builder targets(List<String> v) { targets = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder warmupSteps(int v) { warmupSteps = v; return this; }
        public Builder schedule(Schedule v) { schedule = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder accumulation(int v) { accumulation = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder maxSteps(long v) { maxSteps = v; return this; }
        public Builder timeBudget(Duration v) { timeBudget = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder checkpointEvery(int v) { checkpointEvery = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder device(String v) { device = v; return this; }
        public Builder precision(String v) { precision = v; return this; }
        public Builder maxInputTokens(int v) { maxInputTokens = v; return this; }
        public Builder maxTargetTokens(int v) { maxTargetTokens = v; return this; }
        public Builder labelSmoothing(double v) { labelSmoothing = v; return this; }
        public Builder clipNorm(double v) { clipNorm = v; return this; }
        public Builder dropout(double v) { dropout = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder scoreEvery(int v) { scoreEvery = v; return this; }
        public Builder negatives(int v) { negatives = v; return this; }

        public T5TrainingSettings build() {
            return new T5TrainingSettings(rank, alpha, targets, full, learningRate, weightDecay, warmupSteps,
                    schedule, batchSize, accumulation, epochs, maxSteps, timeBudget, patience, checkpointEvery, seed,
                    device, precision, maxInputTokens, maxTargetTokens, labelSmoothing, clipNorm, dropout,
                    threads, scoreEvery, negatives);
        }
    }
}
