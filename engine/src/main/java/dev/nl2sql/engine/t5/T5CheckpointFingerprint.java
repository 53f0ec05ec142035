package dev.nl2sql.engine.t5;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What identifies a checkpoint for an adapter trained on it, cheaply: SHA-256 over config.json, and each weight file's
 * name, size and first and last megabyte. Reading a 3B checkpoint whole (11 GB) at every load would cost more than
 * the load; a different checkpoint differs in its size or in the tensors at either end of its files.
 */
public final class T5CheckpointFingerprint {

    private static final int EDGE = 1 << 20;

    private T5CheckpointFingerprint() {
    }

    /** {@code sha256:<hex>} of the checkpoint directory. */
    public static String of(Path dir) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        sha.update(Files.readAllBytes(dir.resolve("config.json")));
        List<Path> weights = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".safetensors")).sorted().forEach(weights::add);
        }
        if (weights.isEmpty()) {
            throw new IOException(dir + " has no .safetensors weights");
        }
        for (Path file : weights) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = channel.size();
                sha.update((file.getFileName() + ":" + size).getBytes(StandardCharsets.UTF_8));
                sha.update(read(channel, 0, (int) Math.min(EDGE, size)));
                sha.update(read(channel, Math.max(0, size - EDGE), (int) Math.min(EDGE, size)));
            }
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    private static ByteBuffer read(FileChannel channel, long from, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, from + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.flip();
    }
}
