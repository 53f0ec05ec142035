package dev.nl2sql.engine.t5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Safetensors as Hugging Face writes them: fp32, fp16, bf16 and metadata; damaged files are errors, not crashes. */
class T5WeightsTest {

    private static final float[] VALUES = {1.5f, -2f, 3.25f, 0.5f};

    @Test
    void readsFp32Fp16AndBf16AndSkipsTheMetadata(@TempDir Path dir) throws IOException {
        write(dir.resolve("model.safetensors"), true);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            T5Weights w = T5Weights.read(dir, m);
            assertArrayEquals(VALUES, w.take("a.f32").toFloatArray());
            var f16 = w.take("b.f16");
            assertEquals(DataType.FLOAT16, f16.getDataType());
            assertArrayEquals(VALUES, f16.toType(DataType.FLOAT32, false).toFloatArray());
            var bf16 = w.take("c.bf16");
            assertEquals(DataType.FLOAT32, bf16.getDataType(), "bf16 is widened: PyTorch on the CPU and Turing lack it");
            assertArrayEquals(VALUES, bf16.toFloatArray());
            assertEquals(java.util.List.of(2L, 2L), Arrays.stream(w.take("d.shape").getShape().getShape()).boxed()
                    .toList());
        }
    }

    @Test
    void damagedFilesAreErrors(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.safetensors");
        write(file, false);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 3));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            IOException truncated = assertThrows(IOException.class, () -> T5Weights.read(dir, m));
            assertTrue(truncated.getMessage().contains("damaged or incomplete"), truncated.getMessage());
            Files.writeString(file, "{\"not\": \"safetensors\"}");
            assertThrows(IOException.class, () -> T5Weights.read(dir, m));
            Files.write(file, new byte[] {1, 2});
            assertThrows(IOException.class, () -> T5Weights.read(dir, m));
        }
    }

    /** A safetensors file with one tensor of each float type (and a 2x2 one), as safetensors' own writer lays it out. */
    private static void write(Path file, boolean metadata) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        StringBuilder header = new StringBuilder("{");
        if (metadata) {
            header.append("\"__metadata__\":{\"format\":\"pt\"},");
        }
        int at = 0;
        at = entry(header, data, "a.f32", "F32", "[4]", at, floats(4), 4);
        at = entry(header, data, "b.f16", "F16", "[4]", at, halfs(false), 2);
        at = entry(header, data, "c.bf16", "BF16", "[4]", at, halfs(true), 2);
        entry(header, data, "d.shape", "F32", "[2,2]", at, floats(4), 4);
        header.setLength(header.length() - 1);
        header.append('}');
        while ((header.length() % 8) != 0) {
            header.append(' ');
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(length.array());
        out.write(h);
        out.write(data.toByteArray());
        Files.write(file, out.toByteArray());
    }

    private static int entry(StringBuilder header, ByteArrayOutputStream data, String name, String dtype,
            String shape, int at, byte[] bytes, int width) {
        header.append('"').append(name).append("\":{\"dtype\":\"").append(dtype).append("\",\"shape\":").append(shape)
                .append(",\"data_offsets\":[").append(at).append(',').append(at + bytes.length).append("]},");
        data.writeBytes(bytes);
        return at + bytes.length;
    }

    private static byte[] floats(int n) {
        ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat(VALUES[i % VALUES.length]);
        }
        return b.array();
    }

    /** VALUES as IEEE half precision: 1.5, -2, 3.25, 0.5. */
    private static final short[] HALF = {0x3E00, (short) 0xC000, 0x4280, 0x3800};

    private static byte[] halfs(boolean brain) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < VALUES.length; i++) {
            b.putShort(brain ? (short) (Float.floatToIntBits(VALUES[i]) >>> 16) : HALF[i]);
        }
        return b.array();
    }
}
