package dev.nl2sql.engine.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tensors of a Hugging Face checkpoint in safetensors form: {@code model.safetensors}, or the shards that
 * {@code model.safetensors.index.json} lists (large checkpoints such as T5-3B are saved in shards). Read with DJL's
 * own safetensors decoder, one shard at a time, into the given manager.
 */
final class T5Weights {

    static final String SINGLE_FILE = "model.safetensors";
    static final String INDEX_FILE = "model.safetensors.index.json";

    private final Map<String, NDArray> tensors;

    private T5Weights(Map<String, NDArray> tensors) {
        this.tensors = tensors;
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
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
                NDList list = NDList.decode(manager, in);
                for (NDArray array : list) {
                    tensors.put(array.getName(), array);
                }
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                throw new IOException(file + " is not a safetensors file DJL can read: " + e.getMessage(), e);
            }
        }
        return new T5Weights(tensors);
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

    /** The first of the names present, removed; tied checkpoints store the embedding under either. */
    NDArray takeAny(String... names) throws IOException {
        for (String name : names) {
            if (tensors.containsKey(name)) {
                return take(name);
            }
        }
        return take(names[0]);
    }

    boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** Frees what the model did not take (copies of the embedding under other names). */
    void closeRest() {
        tensors.values().forEach(NDArray::close);
        tensors.clear();
    }
}
