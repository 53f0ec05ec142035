package dev.nl2sql.models;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The header of a GGUF file: format version, tensor count, the metadata key/value section and, when
 * asked for with {@link #readWithTensors}, the tensor infos (name, shape, type, offset).
 * Only the header is read; tensor data is never touched, so reading a multi-gigabyte model takes
 * milliseconds. Large arrays (such as {@code tokenizer.ggml.tokens}) are skipped without being
 * loaded and appear in {@link #metadata()} as an {@link ArrayInfo} summary.
 *
 * <p>Every length read from the file is checked against the bytes that remain, so a corrupt or
 * hostile file gives an {@link InvalidModelFileException}, never an {@link OutOfMemoryError}.
 */
public final class GgufHeader {

    /** Summary of an array value: its element type (a GGUF type name) and its length. */
    public record ArrayInfo(String elementType, long length) {
        @Override
        public String toString() {
            return "array<" + elementType + ">[" + length + "]";
        }
    }

    /**
     * One tensor's entry in the header.
     *
     * @param name   such as {@code blk.0.attn_q.weight}
     * @param shape  the dimensions in ggml order: {@code shape[0]} is the number of elements in a row
     * @param type   the ggml type id (0 F32, 1 F16, 8 Q8_0, 30 BF16, ...)
     * @param offset the tensor's offset from {@link #dataOffset()}
     */
    public record TensorInfo(String name, long[] shape, int type, long offset) {

        /** Dimension {@code i} of the shape; 1 beyond its rank, as ggml counts. */
        public long dimension(int i) {
            return i < shape.length ? shape[i] : 1;
        }

        /** The shape as ggml prints it, such as {@code [64, 512]}. */
        public String shapeText() {
            return Arrays.toString(shape);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TensorInfo t && name.equals(t.name) && Arrays.equals(shape, t.shape)
                    && type == t.type && offset == t.offset;
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return name + shapeText() + " type " + type + " at " + offset;
        }
    }

    static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32
    /** Metadata strings longer than this are not loaded (no real metadata string comes close). */
    static final int MAX_LOADED_STRING = 16 * 1024 * 1024;
    private static final int MAX_ARRAY_NESTING = 8;
    /** ggml's GGML_MAX_DIMS. */
    private static final int MAX_DIMENSIONS = 4;
    /** The data section's alignment when {@code general.alignment} does not say. */
    private static final int DEFAULT_ALIGNMENT = 32;

    private static final String[] TYPE_NAMES = {
        "uint8", "int8", "uint16", "int16", "uint32", "int32", "float32", "bool",
        "string", "array", "uint64", "int64", "float64"
    };

    private final int version;
    private final long tensorCount;
    private final Map<String, Object> metadata;
    private final Map<String, Long> valueOffsets;
    private final List<TensorInfo> tensors;
    private final long dataOffset;

    private GgufHeader(int version, long tensorCount, Map<String, Object> metadata, Map<String, Long> valueOffsets,
            List<TensorInfo> tensors, long dataOffset) {
        this.version = version;
        this.tensorCount = tensorCount;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.valueOffsets = Collections.unmodifiableMap(valueOffsets);
        this.tensors = tensors;
        this.dataOffset = dataOffset;
    }

    /**
     * Reads the header of a GGUF file.
     *
     * @throws InvalidModelFileException if the file is not GGUF, is of an unsupported version,
     *     is truncated or is corrupt; the message names the problem and what to do
     * @throws IOException if the file cannot be read at all (missing, no permission)
     */
    public static GgufHeader read(Path file) throws IOException {
        return read(file, false);
    }

    /**
     * Reads the header of a GGUF file with its tensor infos: at most four dimensions, none negative, each
     * tensor's offset inside the file (its size is llama.cpp's to check: that needs every ggml type's block size).
     *
     * @throws InvalidModelFileException as {@link #read}, and for a tensor info that is damaged
     * @throws IOException if the file cannot be read at all
     */
    public static GgufHeader readWithTensors(Path file) throws IOException {
        return read(file, true);
    }

    private static GgufHeader read(Path file, boolean withTensors) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new Parser(ch, file).parse(withTensors);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such model file");
        }
    }

    /** GGUF format version: 2 or 3. */
    public int version() {
        return version;
    }

    /** Number of tensors the file declares. */
    public long tensorCount() {
        return tensorCount;
    }

    /**
     * The metadata, in file order. Values are {@code Integer} (8, 16 and signed 32-bit types),
     * {@code Long} (uint32, 64-bit types; uint64 above {@code Long.MAX_VALUE} wraps negative),
     * {@code Float}, {@code Double}, {@code Boolean}, {@code String}, or {@link ArrayInfo} for
     * arrays. A string too large to load is replaced by an {@code ArrayInfo} of type "string-bytes".
     */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /**
     * The file offset of a fixed-size metadata value (a number or a bool), so that a copy of the file can have that
     * value changed in place; empty for strings, arrays and absent keys.
     */
    public OptionalLong valueOffset(String key) {
        Long offset = valueOffsets.get(key);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** The tensor infos in file order; empty unless read with {@link #readWithTensors}. */
    public List<TensorInfo> tensors() {
        return tensors;
    }

    /** The tensor named {@code name}; empty if there is none (or the tensors were not read). */
    public Optional<TensorInfo> tensor(String name) {
        for (TensorInfo t : tensors) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Where the tensor data starts in the file (tensor offsets count from here); -1 unless read with tensors. */
    public long dataOffset() {
        return dataOffset;
    }

    /** {@code general.architecture}, e.g. "llama", "qwen2", "gemma2". */
    public Optional<String> architecture() {
        return string("general.architecture");
    }

    /** {@code general.name}. */
    public Optional<String> name() {
        return string("general.name");
    }

    /** {@code <architecture>.context_length}: the context the model was trained for. */
    public OptionalInt contextLength() {
        Optional<String> arch = architecture();
        if (arch.isEmpty()) {
            return OptionalInt.empty();
        }
        Object v = metadata.get(arch.get() + ".context_length");
        if (v instanceof Number n) {
            long l = n.longValue();
            if (l > 0 && l <= Integer.MAX_VALUE) {
                return OptionalInt.of((int) l);
            }
        }
        return OptionalInt.empty();
    }

    /** {@code tokenizer.chat_template}: the Jinja chat template the model was published with. */
    public Optional<String> chatTemplate() {
        return string("tokenizer.chat_template");
    }

    private Optional<String> string(String key) {
        Object v = metadata.get(key);
        return v instanceof String s ? Optional.of(s) : Optional.empty();
    }

    @Override
    public String toString() {
        return "GgufHeader[version=" + version + ", tensors=" + tensorCount
                + ", architecture=" + architecture().orElse("?") + ", keys=" + metadata.size() + "]";
    }

    static String typeName(int type) {
        return type >= 0 && type < TYPE_NAMES.length ? TYPE_NAMES[type] : "type" + type;
    }

    /** Size in bytes of a fixed-size GGUF type, or -1 for string/array/unknown. */
    private static int fixedSize(int type) {
        switch (type) {
            case 0: case 1: case 7: return 1;
            case 2: case 3: return 2;
            case 4: case 5: case 6: return 4;
            case 10: case 11: case 12: return 8;
            default: return -1;
        }
    }

    /** A buffered little-endian reader over a file channel that knows its absolute position. */
    private static final class Parser {
        private final FileChannel ch;
        private final Path file;
        private final long size;
        private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        private long bufStart; // file offset of buf[0]

        Parser(FileChannel ch, Path file) throws IOException {
            this.ch = ch;
            this.file = file;
            this.size = ch.size();
            buf.limit(0);
        }

        long position() {
            return bufStart + buf.position();
        }

        long remaining() {
            return size - position();
        }

        GgufHeader parse(boolean withTensors) throws IOException {
            if (size < 4) {
                throw new InvalidModelFileException(file + ": not a GGUF file ("
                        + (size == 0 ? "the file is empty" : "only " + size + " bytes")
                        + "): download the .gguf build of the model");
            }
            ensure(4);
            int magic = buf.getInt();
            if (magic != MAGIC) {
                throw new InvalidModelFileException(file + ": not a GGUF file (starts with "
                        + describeMagic(magic) + " instead of \"GGUF\"): download the .gguf build of the model"
                        + " (a safetensors, PyTorch or HTML error page is not a model llama.cpp can load)");
            }
            int version = u32AsInt("version");
            if (version != 2 && version != 3) {
                throw new InvalidModelFileException(file + ": unsupported GGUF version " + version
                        + " (versions 2 and 3 are supported): download a current .gguf build of the model");
            }
            long tensorCount = u64("tensor count");
            long kvCount = u64("metadata key/value count");
            // Each key/value takes at least 8 (key length) + 4 (type) + 1 (smallest value) bytes.
            if (tensorCount < 0) {
                throw corrupt("declares " + Long.toUnsignedString(tensorCount) + " tensors");
            }
            if (kvCount < 0 || kvCount > remaining() / 13) {
                throw corrupt("declares " + Long.toUnsignedString(kvCount) + " metadata entries, more than "
                        + remaining() + " remaining bytes can hold");
            }
            Map<String, Object> metadata = new LinkedHashMap<>();
            Map<String, Long> valueOffsets = new HashMap<>();
            for (long i = 0; i < kvCount; i++) {
                String key = string("metadata key #" + i, MAX_LOADED_STRING);
                if (key == null) {
                    throw corrupt("metadata key #" + i + " is unreasonably long");
                }
                int type = u32AsInt("type of " + key);
                if (fixedSize(type) > 0) {
                    valueOffsets.put(key, position());
                }
                metadata.put(key, value(type, key, 0));
            }
            if (!withTensors) {
                return new GgufHeader(version, tensorCount, metadata, valueOffsets, List.of(), -1);
            }
            List<TensorInfo> tensors = tensorInfos(tensorCount);
            long alignment = alignment(metadata.get("general.alignment"));
            long dataOffset = (position() + alignment - 1) / alignment * alignment;
            return new GgufHeader(version, tensorCount, metadata, valueOffsets, Collections.unmodifiableList(tensors),
                    dataOffset);
        }

        private List<TensorInfo> tensorInfos(long count) throws IOException {
            // each takes at least 8 (name length) + 4 (dimensions) + 8 (one dimension) + 4 (type) + 8 (offset) bytes
            if (count > remaining() / 32) {
                throw corrupt("declares " + count + " tensors, more than the " + remaining()
                        + " bytes left in the file can describe");
            }
            List<TensorInfo> tensors = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) {
                String name = string("name of tensor #" + i, MAX_LOADED_STRING);
                if (name == null) {
                    throw corrupt("the name of tensor #" + i + " is unreasonably long");
                }
                int dimensions = u32AsInt("dimensions of " + name);
                if (dimensions < 1 || dimensions > MAX_DIMENSIONS) {
                    throw corrupt("tensor " + name + " has " + Integer.toUnsignedString(dimensions)
                            + " dimensions (1 to " + MAX_DIMENSIONS + " are possible)");
                }
                long[] shape = new long[dimensions];
                for (int d = 0; d < dimensions; d++) {
                    shape[d] = u64("dimension " + d + " of " + name);
                    if (shape[d] < 0) {
                        throw corrupt("tensor " + name + " has a negative dimension");
                    }
                }
                int type = u32AsInt("type of " + name);
                long offset = u64("offset of " + name);
                if (offset < 0 || offset > size) {
                    throw corrupt("tensor " + name + " starts at " + Long.toUnsignedString(offset)
                            + ", beyond the end of the file");
                }
                tensors.add(new TensorInfo(name, shape, type, offset));
            }
            return tensors;
        }

        private long alignment(Object declared) throws InvalidModelFileException {
            if (declared == null) {
                return DEFAULT_ALIGNMENT;
            }
            if (declared instanceof Long l && l > 0 && Long.bitCount(l) == 1) { // uint32, as llama.cpp requires
                return l;
            }
            throw corrupt("general.alignment is " + declared + ", not a power of two");
        }

        private Object value(int type, String key, int depth) throws IOException {
            switch (type) {
                case 0: ensure(1); return buf.get() & 0xFF;
                case 1: ensure(1); return (int) buf.get();
                case 2: ensure(2); return buf.getShort() & 0xFFFF;
                case 3: ensure(2); return (int) buf.getShort();
                case 4: ensure(4); return buf.getInt() & 0xFFFFFFFFL;
                case 5: ensure(4); return buf.getInt();
                case 6: ensure(4); return buf.getFloat();
                case 7: ensure(1); return buf.get() != 0;
                case 8: {
                    long at = position();
                    String s = string(key, MAX_LOADED_STRING);
                    if (s == null) {
                        return new ArrayInfo("string-bytes", position() - at - 8);
                    }
                    return s;
                }
                case 9: {
                    if (depth >= MAX_ARRAY_NESTING) {
                        throw corrupt("arrays nested more than " + MAX_ARRAY_NESTING + " deep at " + key);
                    }
                    int elemType = u32AsInt("element type of " + key);
                    long n = u64("length of " + key);
                    skipArray(elemType, n, key, depth + 1);
                    return new ArrayInfo(typeName(elemType), n);
                }
                case 10: ensure(8); return buf.getLong();
                case 11: ensure(8); return buf.getLong();
                case 12: ensure(8); return buf.getDouble();
                default:
                    throw corrupt("unknown value type " + type + " for key " + key);
            }
        }

        private void skipArray(int elemType, long n, String key, int depth) throws IOException {
            int fixed = fixedSize(elemType);
            if (n < 0) {
                throw corrupt("array " + key + " has length " + Long.toUnsignedString(n));
            }
            if (fixed > 0) {
                if (n > remaining() / fixed) {
                    throw corrupt("array " + key + " declares " + n + " elements of " + fixed
                            + " bytes, more than the " + remaining() + " bytes left in the file");
                }
                skip(n * fixed);
            } else if (elemType == 8) {
                if (n > remaining() / 8) {
                    throw corrupt("string array " + key + " declares " + n + " elements, more than the "
                            + remaining() + " bytes left in the file can hold");
                }
                for (long i = 0; i < n; i++) {
                    long len = u64("length of string #" + i + " of " + key);
                    checkLength(len, key);
                    skip(len);
                }
            } else if (elemType == 9) {
                if (n > remaining() / 12) {
                    throw corrupt("nested array " + key + " declares too many elements: " + n);
                }
                for (long i = 0; i < n; i++) {
                    int t = u32AsInt("element type in " + key);
                    long m = u64("length in " + key);
                    skipArray(t, m, key, depth + 1);
                }
            } else {
                throw corrupt("array " + key + " has unknown element type " + elemType);
            }
        }

        /** Reads a GGUF string; returns null (after skipping it) if longer than {@code maxLoad}. */
        private String string(String what, int maxLoad) throws IOException {
            long len = u64("length of " + what);
            checkLength(len, what);
            if (len > maxLoad) {
                skip(len);
                return null;
            }
            int n = (int) len;
            if (n <= buf.capacity()) {
                ensure(n);
                String s = new String(buf.array(), buf.arrayOffset() + buf.position(), n, StandardCharsets.UTF_8);
                buf.position(buf.position() + n);
                return s;
            }
            byte[] bytes = new byte[n];
            int off = 0;
            while (off < n) {
                if (!buf.hasRemaining()) {
                    fill(1);
                }
                int k = Math.min(buf.remaining(), n - off);
                buf.get(bytes, off, k);
                off += k;
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private void checkLength(long len, String what) throws InvalidModelFileException {
            if (len < 0 || len > remaining()) {
                throw corrupt(what + " declares " + Long.toUnsignedString(len) + " bytes at offset "
                        + (position() - 8) + ", but only " + remaining() + " bytes are left in the file");
            }
        }

        private int u32AsInt(String what) throws IOException {
            ensure(4, what);
            return buf.getInt();
        }

        private long u64(String what) throws IOException {
            ensure(8, what);
            return buf.getLong();
        }

        private void skip(long n) throws IOException {
            if (n > remaining()) {
                throw truncated("data");
            }
            if (n <= buf.remaining()) {
                buf.position(buf.position() + (int) n);
                return;
            }
            long target = position() + n;
            bufStart = target;
            buf.clear().limit(0);
        }

        private void ensure(int n) throws IOException {
            ensure(n, "data");
        }

        private void ensure(int n, String what) throws IOException {
            if (buf.remaining() >= n) {
                return;
            }
            if (remaining() < n) {
                throw truncated(what);
            }
            fill(n);
        }

        /** Refills the buffer from the current position so that at least {@code n} bytes are available. */
        private void fill(int n) throws IOException {
            long pos = position();
            buf.compact();
            // compact() keeps the unread bytes at the start; read after them from the file.
            long readFrom = pos + buf.position();
            while (buf.position() < n) {
                int r = ch.read(buf, readFrom);
                if (r < 0) {
                    throw truncated("data");
                }
                readFrom += r;
            }
            buf.flip();
            bufStart = pos;
        }

        private InvalidModelFileException truncated(String what) {
            return new InvalidModelFileException(file + ": truncated GGUF file (" + size
                    + " bytes; the header ends early while reading " + what + " at offset " + position()
                    + "): the download is incomplete, download the model again");
        }

        private InvalidModelFileException corrupt(String detail) {
            return new InvalidModelFileException(file + ": corrupt GGUF header: " + detail
                    + ": the file is damaged, download the model again");
        }

        private static String describeMagic(int magic) {
            byte[] b = {(byte) magic, (byte) (magic >>> 8), (byte) (magic >>> 16), (byte) (magic >>> 24)};
            StringBuilder text = new StringBuilder("\"");
            StringBuilder hex = new StringBuilder();
            for (byte x : b) {
                int c = x & 0xFF;
                text.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : ".");
                hex.append(String.format("%02x ", c));
            }
            return text.append("\" (").append(hex.toString().trim()).append(')').toString();
        }
    }
}
