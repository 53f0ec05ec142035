package dev.nl2sql.engine.t5.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.engine.t5.T5Config;
import org.junit.jupiter.api.Test;

/** The 8 GB plan's arithmetic, checked on a shape small enough to work by hand, and its conclusions. */
class T5TrainingMemoryTest {

    @Test
    void aShapeWorkedByHand() {
        // d 8, 2 heads of 4 (inner 8), d_ff 16, 1 + 1 layers, vocabulary 10, ReLU, tied
        T5Config c = new T5Config(10, 8, 4, 16, 1, 1, 2, 32, 128, 1e-6, false, true, 0, 1);
        T5TrainingMemory.Estimate e = T5TrainingMemory.lora(c, 2, 1, 4, 2, true);
        // parameters: encoder 4*8*8 + 2*8*16 + 2*8 = 528; decoder 2*256 + 256 + 3*8 = 792; embedding 80;
        // biases 2*32*2 = 128; final norms 16: 1544; fp16 2 bytes each, plus 2 bytes for each wo weight (2 * 128)
        assertEquals(1544, c.parameterCount());
        assertEquals(1544 * 2 + 2 * 128 * 2, e.baseWeights());
        // q, k, v, o at rank 2: 4 * 2 * (8 + 8) = 128 per attention; 1 encoder + 2 decoder attentions
        assertEquals(384, e.loraParameters());
        assertEquals(384 * 16, e.adapterState());
        // encoder layer: 4 tokens * (attention 6*8 + 8*8 = 112, feed-forward 6*8 + 8*16 = 176) + 10*2*16 = 1472
        // decoder layer: 2 * (2*112 + 176) + 10*2*4 + 10*2*2*4 + 4*8*4 = 800 + 80 + 160 + 128 = 1168
        // output: 2 tokens * 10 * 10 bytes = 200
        assertEquals(1472 + 1168 + 200, e.activations());
        // checkpointed: inputs 2*8*(4 + 2) = 96, plus the larger layer, plus the output
        assertEquals(96 + 1472 + 200, e.checkpointed());
    }

    @Test
    void cxmefzziFitsEightGigabytesOnlyWithCheckpointingWhile3vnuv1vfFitsWithout() {
        long eight = 8L << 30;
        T5Config threeB = T5TrainingMemory.t5v10ThreeB();
        assertEquals(2_851_598_336L, threeB.parameterCount());
        T5TrainingMemory.Estimate full = T5TrainingMemory.lora(threeB, 8, 1, 512, 128, false);
        assertTrue(full.baseWeights() > 5L << 30, "the fp16 base alone is over 5 GiB");
        assertTrue(full.total(false) > eight, "batch 1 x 512 input tokens without checkpointing exceeds 8 GiB");
        assertTrue(full.total(true) < 7L << 30, "with checkpointing batch 1 x 512 fits");
        assertTrue(T5TrainingMemory.lora(threeB, 8, 1, 128, 64, false).total(false) < 7.5 * (1L << 30),
                "without checkpointing only short inputs fit");
        T5TrainingMemory.Estimate large = T5TrainingMemory.lora(T5TrainingMemory.t5v11Large(), 8, 2, 512, 128);
        assertTrue(large.total(false) < 7L << 30, "3vnuv1vf trains at batch 2 x 512 in mixed precision in 8 GiB");
    }
}
