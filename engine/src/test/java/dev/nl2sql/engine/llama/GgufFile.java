package dev.nl2sql.engine.llama;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole GGUF file in memory, for tests that need a model or an adapter llama.cpp really loads: read one (metadata,
 * arrays included, and tensor data), change or build one, write it as GGUF v3 (header, key/values, tensor infos,
 * data aligned to {@code general.alignment}). Small files only: everything is held on the heap.
 */
public final class GgufFile {

    public static final int UINT8 = 0;
    public static final int INT8 = 1;
    public static final int UINT16 = 2;
    public static final int INT16 = 3;
    public static final int UINT32 = 4;
    public static final int INT32 = 5;
    public static final int FLOAT32 = 6;
    public static final int BOOL = 7;
    public static final int STRING = 8;
    public static final int ARRAY = 9;
    public static final int UINT64 = 10;
    public static final int INT64 = 11;
    public static final int FLOAT64 = 12;

    /** ggml tensor types these tests write. */
    public static final int GGML_F32 = 0;
    public static final int GGML_F16 = 1;

    private static final int DEFAULT_ALIGNMENT = 32;

    /** A metadata value and its GGUF type; an array's value is an {@link ArrayValue}. */
    public record Value(int type, Object value) {
    }

    /** The elements of an array value, all of one GGUF type. */
    public record ArrayValue(int elementType, List<?> elements) {
    }

    /**
     * A tensor: name, shape in ggml order (row length first), ggml type and its raw little-endian data.
     */
    public record Tensor(String name, long[] shape, int type, byte[] data) {

        /** An F32 tensor of {@code values}, row after row. */
        public static Tensor f32(String name, long[] shape, float[] values) {
            long count = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
            if (count != values.length) {
                throw new IllegalArgumentException(name + ": " + values.length + " values for the shape "
                        + Arrays.toString(shape));
            }
            ByteBuffer data = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                data.putFloat(v);
            }
            return new Tensor(name, shape.clone(), GGML_F32, data.array());
        }

        /** The values of an F32 tensor. */
        public float[] floats() {
            if (type != GGML_F32) {
                throw new IllegalStateException(name + " is of ggml type " + type + ", not F32");
            }
            float[] values = new float[data.length / Float.BYTES];
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return values;
        }
    }

    private final Map<String, Value> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();

    /** Reads a GGUF file (version 2 or 3) whole. */
    public static GgufFile read(Path path) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        if (in.getInt() != 0x46554747) {
            throw new IOException(path + " is not a GGUF file");
        }
        int version = in.getInt();
        if (version != 2 && version != 3) {
            throw new IOException(path + " is GGUF version " + version);
        }
        long tensorCount = in.getLong();
        long kvCount = in.getLong();
        GgufFile file = new GgufFile();
        for (long i = 0; i < kvCount; i++) {
            String key = string(in);
            int type = in.getInt();
            file.metadata.put(key, new Value(type, value(in, type)));
        }
        record Info(String name, long[] shape, int type, long offset) {
        }
        List<Info> infos = new ArrayList<>();
        for (long i = 0; i < tensorCount; i++) {
            String name = string(in);
            long[] shape = new long[in.getInt()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = in.getLong();
            }
            infos.add(new Info(name, shape, in.getInt(), in.getLong()));
        }
        long dataStart = align(in.position(), file.alignment());
        List<Info> byOffset = new ArrayList<>(infos);
        byOffset.sort(Comparator.comparingLong(Info::offset));
        for (Info info : infos) {
            long size = byteSize(info.shape(), info.type());
            if (size < 0) { // a type without a known size: up to the next tensor or the end of the file
                int next = byOffset.indexOf(info) + 1;
                long end = next < byOffset.size() ? byOffset.get(next).offset() : in.limit() - dataStart;
                size = end - info.offset();
            }
            byte[] data = new byte[Math.toIntExact(size)];
            in.get(Math.toIntExact(dataStart + info.offset()), data);
            file.tensors.add(new Tensor(info.name(), info.shape(), info.type(), data));
        }
        return file;
    }

    /** The metadata in file order. */
    public Map<String, Value> metadata() {
        return metadata;
    }

    /** The tensors in file order. */
    public List<Tensor> tensors() {
        return tensors;
    }

    public Tensor tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tensor " + name));
    }

    /** The elements of a string array, such as {@code tokenizer.ggml.tokens}. */
    public List<String> strings(String key) {
        Value v = metadata.get(key);
        if (v == null || !(v.value() instanceof ArrayValue array) || array.elementType() != STRING) {
            throw new IllegalArgumentException(key + " is not a string array");
        }
        return array.elements().stream().map(String.class::cast).toList();
    }

    /** Sets a value of any type, replacing one of the same key where it was. */
    public GgufFile put(String key, int type, Object value) {
        metadata.put(key, new Value(type, value));
        return this;
    }

    public GgufFile putString(String key, String value) {
        return put(key, STRING, value);
    }

    public GgufFile putUint32(String key, long value) {
        return put(key, UINT32, value);
    }

    public GgufFile putFloat32(String key, float value) {
        return put(key, FLOAT32, value);
    }

    public GgufFile add(Tensor tensor) {
        tensors.add(tensor);
        return this;
    }

    /** Writes GGUF v3. */
    public Path write(Path path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(le(24).putInt(0x46554747).putInt(3).putLong(tensors.size()).putLong(metadata.size()).array());
        for (Map.Entry<String, Value> kv : metadata.entrySet()) {
            writeString(out, kv.getKey());
            out.write(le(4).putInt(kv.getValue().type()).array());
            writeValue(out, kv.getValue().type(), kv.getValue().value());
        }
        int alignment = alignment();
        long offset = 0;
        for (Tensor t : tensors) {
            writeString(out, t.name());
            out.write(le(4).putInt(t.shape().length).array());
            for (long d : t.shape()) {
                out.write(le(8).putLong(d).array());
            }
            out.write(le(4).putInt(t.type()).array());
            out.write(le(8).putLong(offset).array());
            offset = align(offset + t.data().length, alignment);
        }
        pad(out, alignment);
        for (Tensor t : tensors) {
            out.write(t.data());
            pad(out, alignment);
        }
        return Files.write(path, out.toByteArray());
    }

    private int alignment() {
        Value v = metadata.get("general.alignment");
        return v == null ? DEFAULT_ALIGNMENT : ((Number) v.value()).intValue();
    }

    private static long byteSize(long[] shape, int type) {
        long count = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        return switch (type) {
            case GGML_F32 -> count * 4;
            case GGML_F16, 30 -> count * 2; // 30: BF16
            default -> -1;
        };
    }

    private static long align(long offset, long alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }

    private static void pad(ByteArrayOutputStream out, int alignment) {
        out.writeBytes(new byte[(int) (align(out.size(), alignment) - out.size())]);
    }

    private static Object value(ByteBuffer in, int type) {
        return switch (type) {
            case UINT8 -> in.get() & 0xFF;
            case INT8 -> (int) in.get();
            case UINT16 -> in.getShort() & 0xFFFF;
            case INT16 -> (int) in.getShort();
            case UINT32 -> in.getInt() & 0xFFFFFFFFL;
            case INT32 -> in.getInt();
            case FLOAT32 -> in.getFloat();
            case BOOL -> in.get() != 0;
            case STRING -> string(in);
            case ARRAY -> {
                int elementType = in.getInt();
                long n = in.getLong();
                List<Object> elements = new ArrayList<>();
                for (long i = 0; i < n; i++) {
                    elements.add(value(in, elementType));
                }
                yield new ArrayValue(elementType, elements);
            }
            case UINT64, INT64 -> in.getLong();
            case FLOAT64 -> in.getDouble();
            default -> throw new IllegalArgumentException("unknown GGUF value type " + type);
        };
    }

    private static void writeValue(ByteArrayOutputStream out, int type, Object value) throws IOException {
        switch (type) {
            case UINT8, INT8, BOOL -> out.write(value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).intValue());
            case UINT16, INT16 -> out.write(le(2).putShort(((Number) value).shortValue()).array());
            case UINT32, INT32 -> out.write(le(4).putInt((int) ((Number) value).longValue()).array());
            case FLOAT32 -> out.write(le(4).putFloat(((Number) value).floatValue()).array());
            case STRING -> writeString(out, (String) value);
            case ARRAY -> {
                ArrayValue array = (ArrayValue) value;
                out.write(le(4).putInt(array.elementType()).array());
                out.write(le(8).putLong(array.elements().size()).array());
                for (Object element : array.elements()) {
                    writeValue(out, array.elementType(), element);
                }
            }
            case UINT64, INT64 -> out.write(le(8).putLong(((Number) value).longValue()).array());
            case FLOAT64 -> out.write(le(8).putDouble(((Number) value).doubleValue()).array());
            default -> throw new IllegalArgumentException("unknown GGUF value type " + type);
        }
    }

    private static String string(ByteBuffer in) {
        byte[] bytes = new byte[Math.toIntExact(in.getLong())];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeString(ByteArrayOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(le(8).putLong(bytes.length).array());
        out.write(bytes);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
