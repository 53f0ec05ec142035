package dev.nl2sql.engine.t5.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.nl2sql.engine.t5.T5Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

final class TrainingAssertions {

    private TrainingAssertions() {
    }

    static void assertSameTensors(Path expected, Path actual, float tolerance) throws IOException {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Map<String, NDArray> a = T5Safetensors.read(expected, m);
            Map<String, NDArray> b = T5Safetensors.read(actual, m);
            assertEquals(a.keySet(), b.keySet());
            for (String name : a.keySet()) {
                assertClose(a.get(name).toFloatArray(), b.get(name).toFloatArray(), tolerance, name);
            }
        }
    }

    static void assertClose(float[] expected, float[] actual, float tolerance, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tolerance)) {
                throw new AssertionError(what + " index " + i + ": " + expected[i] + " vs " + actual[i]);
            }
        }
    }
}
