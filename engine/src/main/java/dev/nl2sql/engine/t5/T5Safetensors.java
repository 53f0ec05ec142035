package dev.nl2sql.engine.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named tensors in safetensors files, for what training writes (adapters, checkpoints, resumable state). Files are
 * written to a temporary name and moved into place, so that a crash or a full disk never leaves half a file under the
 * real name.
 */
public final class T5Safetensors {

    private T5Safetensors() {
    }

    /** The tensors of one file, by name, into the manager. */
    public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        T5Weights.readFile(file, manager, tensors);
        return tensors;
    }

    /** Writes the tensors under their names (DJL's safetensors encoder keeps them), atomically. */
    public static void write(Path file, NDList tensors) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            tensors.encode(out, NDList.Encoding.SAFETENSORS);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes text atomically, as {@link #write}. */
    public static void writeString(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, text);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
