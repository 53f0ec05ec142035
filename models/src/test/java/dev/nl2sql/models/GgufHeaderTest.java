package dev.nl2sql.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class GgufHeaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsStories260K() throws IOException {
        GgufHeader h = GgufHeader.read(TestModels.file("stories260K.gguf"));
        assertEquals(3, h.version());
        assertEquals(48, h.tensorCount());
        assertEquals("llama", h.architecture().orElseThrow());
        assertEquals(2048, h.contextLength().getAsInt());
        assertEquals(64L, ((Number) h.metadata().get("llama.embedding_length")).longValue());
        assertEquals(new GgufHeader.ArrayInfo("string", 512), h.metadata().get("tokenizer.ggml.tokens"));
        assertEquals(new GgufHeader.ArrayInfo("float32", 512), h.metadata().get("tokenizer.ggml.scores"));
        assertTrue(h.chatTemplate().isEmpty());
    }

    @Test
    void readsLlama2TinyRandomWith32kVocabulary() throws IOException {
        GgufHeader h = GgufHeader.read(TestModels.file("llama-2-tiny-random.gguf"));
        assertEquals(3, h.version());
        assertEquals(12, h.tensorCount());
        assertEquals("LLaMA v2", h.name().orElseThrow());
        assertEquals(4096, h.contextLength().getAsInt());
        assertEquals(new GgufHeader.ArrayInfo("string", 32000), h.metadata().get("tokenizer.ggml.tokens"));
        // keys after the 32k-token array are read correctly, so the skip was exact
        assertEquals(0L, ((Number) h.metadata().get("tokenizer.ggml.unknown_token_id")).longValue());
    }

    @Test
    void syntheticHeaderWithEveryValueType() throws IOException {
        Gguf g = new Gguf(2, 7);
        g.kvString("general.architecture", "qwen2");
        g.kvString("general.name", "Synthetic");
        g.kv("qwen2.context_length", 4, le(4).putInt(32768));
        g.kv("u8", 0, le(1).put((byte) 200));
        g.kv("i8", 1, le(1).put((byte) -3));
        g.kv("u16", 2, le(2).putShort((short) 60000));
        g.kv("i16", 3, le(2).putShort((short) -5));
        g.kv("i32", 5, le(4).putInt(-7));
        g.kv("f32", 6, le(4).putFloat(0.5f));
        g.kv("bool", 7, le(1).put((byte) 1));
        g.kv("u64", 10, le(8).putLong(1L << 40));
        g.kv("i64", 11, le(8).putLong(-9));
        g.kv("f64", 12, le(8).putDouble(2.25));
        g.kvStringArray("tokenizer.ggml.merges", "a b", "c d", "ef gh");
        g.kvArray("ints", 5, 3, le(12).putInt(1).putInt(2).putInt(3));
        g.kvString("tokenizer.chat_template", "{% for m in messages %}<|im_start|>{{ m }}{% endfor %}");
        Path f = g.write(tmp.resolve("synthetic.gguf"));

        GgufHeader h = GgufHeader.read(f);
        assertEquals(2, h.version());
        assertEquals(7, h.tensorCount());
        assertEquals("qwen2", h.architecture().orElseThrow());
        assertEquals(32768, h.contextLength().getAsInt());
        assertEquals(200, h.metadata().get("u8"));
        assertEquals(-3, h.metadata().get("i8"));
        assertEquals(60000, h.metadata().get("u16"));
        assertEquals(-5, h.metadata().get("i16"));
        assertEquals(-7, h.metadata().get("i32"));
        assertEquals(0.5f, h.metadata().get("f32"));
        assertEquals(true, h.metadata().get("bool"));
        assertEquals(1L << 40, h.metadata().get("u64"));
        assertEquals(-9L, h.metadata().get("i64"));
        assertEquals(2.25, h.metadata().get("f64"));
        assertEquals(new GgufHeader.ArrayInfo("string", 3), h.metadata().get("tokenizer.ggml.merges"));
        assertEquals(new GgufHeader.ArrayInfo("int32", 3), h.metadata().get("ints"));
        assertTrue(h.chatTemplate().orElseThrow().contains("<|im_start|>"));
    }

    @Test
    void tensorInfosOfARealModel() throws IOException {
        Path f = TestModels.file("stories260K.gguf");
        GgufHeader h = GgufHeader.readWithTensors(f);
        assertEquals(48, h.tensors().size());
        GgufHeader.TensorInfo output = h.tensor("output.weight").orElseThrow();
        assertEquals("[64, 512]", output.shapeText());
        assertEquals(0, output.type());
        assertEquals(1, output.dimension(2), "ggml counts missing dimensions as 1");
        GgufHeader.TensorInfo last = h.tensors().get(47);
        assertEquals("blk.4.ffn_norm.weight", last.name());
        // the data section ends with the last F32 tensor (64 floats): where it starts follows from the file size
        assertEquals(Files.size(f), h.dataOffset() + last.offset() + 64 * 4);
        assertTrue(GgufHeader.read(f).tensors().isEmpty(), "read alone skips them");
        assertTrue(h.valueOffset("llama.embedding_length").isPresent());
        assertTrue(h.valueOffset("general.architecture").isEmpty(), "strings have no fixed place");
    }

    @Test
    void damagedTensorInfos() throws IOException {
        Gguf g = new Gguf(3, 1);
        Path f = g.write(tmp.resolve("no-infos.gguf"));
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class,
                () -> GgufHeader.readWithTensors(f));
        assertTrue(e.getMessage().contains("tensor"), e.getMessage());
        assertEquals(1, GgufHeader.read(f).tensorCount(), "the metadata alone is still readable");
    }

    @Test
    void emptyFile() throws IOException {
        Path f = Files.write(tmp.resolve("empty.gguf"), new byte[0]);
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> GgufHeader.read(f));
        assertTrue(e.getMessage().contains("not a GGUF file"), e.getMessage());
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void wrongMagic() throws IOException {
        Path f = Files.writeString(tmp.resolve("page.gguf"), "<!DOCTYPE html><html>Sign in</html>");
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> GgufHeader.read(f));
        assertTrue(e.getMessage().contains("not a GGUF file (starts with \"<!DO\""), e.getMessage());
        assertTrue(e.getMessage().contains("download the .gguf build"), e.getMessage());
    }

    @Test
    void unsupportedVersion() throws IOException {
        Path f = new Gguf(1, 0).write(tmp.resolve("v1.gguf"));
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> GgufHeader.read(f));
        assertTrue(e.getMessage().contains("unsupported GGUF version 1"), e.getMessage());
    }

    @Test
    void truncatedAfterAFewBytes() throws IOException {
        Path f = Files.write(tmp.resolve("trunc.gguf"), new byte[] {'G', 'G', 'U', 'F', 3, 0});
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> GgufHeader.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedRealFileInTheMiddleOfTheVocabulary() throws IOException {
        byte[] all = Files.readAllBytes(TestModels.file("llama-2-tiny-random.gguf"));
        Path f = Files.write(tmp.resolve("cut.gguf"), Arrays.copyOf(all, 200_000));
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> GgufHeader.read(f));
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void hugeStringLengthIsRejectedWithoutAllocating() throws IOException {
        Gguf g = new Gguf(3, 0);
        g.raw(le(8).putLong(Long.MAX_VALUE - 1)); // key length
        g.raw("general.architecture".getBytes(StandardCharsets.US_ASCII));
        Path f = g.write(tmp.resolve("huge-key.gguf"), 1);
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> GgufHeader.read(f));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());

        Gguf g2 = new Gguf(3, 0);
        g2.raw(string("general.name"));
        g2.raw(le(4).putInt(8));
        g2.raw(le(8).putLong(0x7FFF_FFFF_0000L)); // value length: 140 TB
        g2.raw("x".getBytes(StandardCharsets.US_ASCII));
        Path f2 = g2.write(tmp.resolve("huge-value.gguf"), 1);
        e = assertThrows(InvalidModelFileException.class, () -> GgufHeader.read(f2));
        assertTrue(e.getMessage().contains("only"), e.getMessage());
    }

    @Test
    void hugeArrayAndKeyCountsAreRejected() throws IOException {
        Gguf g = new Gguf(3, 0);
        g.raw(string("tokenizer.ggml.tokens"));
        g.raw(le(4).putInt(9));
        g.raw(le(4).putInt(8));
        g.raw(le(8).putLong(4_000_000_000L));
        Path f = g.write(tmp.resolve("huge-array.gguf"), 1);
        assertThrows(InvalidModelFileException.class, () -> GgufHeader.read(f));

        Path f2 = new Gguf(3, 0).write(tmp.resolve("many-keys.gguf"), Long.MAX_VALUE);
        assertThrows(InvalidModelFileException.class, () -> GgufHeader.read(f2));
    }

    @Test
    void unknownValueType() throws IOException {
        Gguf g = new Gguf(3, 0);
        g.raw(string("k"));
        g.raw(le(4).putInt(42));
        g.raw(le(8).putLong(0));
        Path f = g.write(tmp.resolve("type42.gguf"), 1);
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> GgufHeader.read(f));
        assertTrue(e.getMessage().contains("unknown value type 42"), e.getMessage());
    }

    @Test
    void missingFileIsAnIOExceptionButNotInvalidModel() {
        IOException e = assertThrows(IOException.class, () -> GgufHeader.read(tmp.resolve("nope.gguf")));
        assertTrue(!(e instanceof InvalidModelFileException));
        assertInstanceOf(java.nio.file.NoSuchFileException.class, e);
    }

    // --- a small GGUF writer for tests ---

    static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    static ByteBuffer string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return le(8 + b.length).putLong(b.length).put(b);
    }

    static final class Gguf {
        private final int version;
        private final long tensors;
        private final ByteArrayOutputStream kvs = new ByteArrayOutputStream();
        private long count;

        Gguf(int version, long tensors) {
            this.version = version;
            this.tensors = tensors;
        }

        void raw(ByteBuffer b) {
            kvs.write(b.array(), 0, b.position());
        }

        void raw(byte[] b) {
            kvs.writeBytes(b);
        }

        void kv(String key, int type, ByteBuffer value) {
            raw(string(key));
            raw(le(4).putInt(type));
            raw(value);
            count++;
        }

        void kvString(String key, String value) {
            kv(key, 8, string(value));
        }

        void kvStringArray(String key, String... values) {
            raw(string(key));
            raw(le(4).putInt(9));
            raw(le(4).putInt(8));
            raw(le(8).putLong(values.length));
            for (String v : values) {
                raw(string(v));
            }
            count++;
        }

        void kvArray(String key, int elemType, long n, ByteBuffer data) {
            raw(string(key));
            raw(le(4).putInt(9));
            raw(le(4).putInt(elemType));
            raw(le(8).putLong(n));
            raw(data);
            count++;
        }

        Path write(Path f) throws IOException {
            return write(f, count);
        }

        Path write(Path f, long kvCount) throws IOException {
            ByteBuffer head = le(24).put(new byte[] {'G', 'G', 'U', 'F'}).putInt(version)
                    .putLong(tensors).putLong(kvCount);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(head.array(), 0, 24);
            all.writeBytes(kvs.toByteArray());
            all.writeBytes(new byte[32]); // stands in for tensor infos
            return Files.write(f, all.toByteArray());
        }
    }
}
