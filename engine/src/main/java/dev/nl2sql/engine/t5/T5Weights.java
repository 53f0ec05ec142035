package dev.nl2sql.engine.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tensors of a Hugging Face checkpoint in safetensors form: {@code model.safetensors}, or the shards that
 * {@code model.safetensors.index.json} lists (large checkpoints such as T5-3B are saved in shards), in fp32, fp16 or
 * bf16, into the given manager.
 */
final class T5Weights {

    static final String SINGLE_FILE = "model.safetensors";
    static final String INDEX_FILE = "model.safetensors.index.json";

    private final Map<String, NDArray> tensors;
    private final NDManager manager;

    private T5Weights(Map<String, NDArray> tensors, NDManager manager) {
        this.tensors = tensors;
        this.manager = manager;
    }

    /** Where the tensors live (the reader's manager, closed once the model has its copies). */
    NDManager manager() {
        return manager;
    }

    /** Whether the directory holds weights this class reads. */
    static boolean present(Path dir) {
        return Files.isRegularFile(dir.resolve(SINGLE_FILE)) || Files.isRegularFile(dir.resolve(INDEX_FILE));
    }

    static T5Weights read(Path dir, NDManager manager) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(dir.resolve(SINGLE_FILE))) {
            files.add(dir.resolve(SINGLE_FILE));
        } else {
            JsonNode index = new ObjectMapper().readTree(dir.resolve(INDEX_FILE).toFile());
            Set<String> shards = new LinkedHashSet<>();
            for (Iterator<JsonNode> it = index.path("weight_map").elements(); it.hasNext(); ) {
                shards.add(it.next().asText());
            }
            for (String shard : shards) {
                files.add(dir.resolve(shard));
            }
        }
        Map<String, NDArray> tensors = new HashMap<>();
        for (Path file : files) {
            readFile(file, manager, tensors);
        }
        return new T5Weights(tensors, manager);
    }

    /**
     * One safetensors file: an 8-byte little-endian header length, a JSON header of name to dtype, shape and byte
     * range, then the data. Read here rather than by DJL's decoder, which aborts the JVM on bf16 tensors: each tensor
     * is mapped from the file, and bf16 is widened to fp32 in Java.
     */
    static void readFile(Path file, NDManager manager, Map<String, NDArray> out) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (size < 8 || channel.read(prefix, 0) != 8) {
                throw new IOException(file + " is too short to be a safetensors file");
            }
            long headerLength = prefix.getLong(0);
            if (headerLength <= 0 || headerLength > 100_000_000 || 8 + headerLength > size) {
                throw new IOException(file + " is not a safetensors file (header length " + headerLength + ")");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            channel.read(headerBytes, 8);
            JsonNode header;
            try {
                header = new ObjectMapper().readTree(headerBytes.array());
            } catch (IOException e) {
                throw new IOException(file + " is not a safetensors file: its header is not JSON", e);
            }
            long dataStart = 8 + headerLength;
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (entry.getKey().equals("__metadata__")) {
                    continue;
                }
                out.put(entry.getKey(), tensor(file, channel, dataStart, size, entry.getKey(), entry.getValue(),
                        manager));
            }
        }
    }

    private static NDArray tensor(Path file, FileChannel channel, long dataStart, long size, String name,
            JsonNode info, NDManager manager) throws IOException {
        String dtype = info.path("dtype").asText();
        long[] shape = new long[info.path("shape").size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = info.path("shape").get(i).asLong();
            elements *= shape[i];
        }
        long begin = dataStart + info.path("data_offsets").path(0).asLong(-1);
        long end = dataStart + info.path("data_offsets").path(1).asLong(-1);
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default -> throw new IOException("Tensor " + name + " in " + file + " has dtype " + dtype
                    + "; T5 weights are F32, F16 or BF16");
        };
        if (begin < dataStart || end > size || end - begin != elements * width) {
            throw new IOException("Tensor " + name + " in " + file + " has a byte range that does not fit its "
                    + "shape or the file; the file is damaged or incomplete");
        }
        ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, begin, end - begin)
                .order(ByteOrder.LITTLE_ENDIAN);
        NDArray array;
        if (dtype.equals("BF16")) {
            ByteBuffer widened = ByteBuffer.allocateDirect((int) (elements * 4)).order(ByteOrder.nativeOrder());
            for (long i = 0; i < elements; i++) {
                widened.putFloat(Float.intBitsToFloat((data.getShort() & 0xffff) << 16));
            }
            widened.flip();
            array = manager.create(widened, new Shape(shape), DataType.FLOAT32);
        } else {
            array = manager.create(data, new Shape(shape), dtype.equals("F32") ? DataType.FLOAT32 : DataType.FLOAT16);
        }
        array.setName(name);
        return array;
    }

    /** The tensor of that name, removed from this set (the model converts and keeps its own copy). */
    NDArray take(String name) throws IOException {
        NDArray array = tensors.remove(name);
        if (array == null) {
            throw new IOException("The checkpoint has no tensor " + name + "; is it a T5ForConditionalGeneration "
                    + "checkpoint with the shape config.json gives?");
        }
        return array;
    }

    /** Replaces a tensor (an adapter merged into it), keeping its name; the caller closes nothing. */
    void replace(String name, NDArray array) throws IOException {
        NDArray old = tensors.get(name);
        if (old == null) {
            throw new IOException("The checkpoint has no tensor " + name);
        }
        array.setName(name);
        tensors.put(name, array);
    }

    /** The tensor of that name, left in place; null when there is none. */
    NDArray peek(String name) {
        return tensors.get(name);
    }

    /** The first of the names present, removed; tied checkpoints store the embedding under either. */
    NDArray takeAny(String... names) throws IOException {
        for (String name : names) {
            if (tensors.containsKey(name)) {
                return take(name);
            }
        }
        return take(names[0]);
    }
}
