package dev.nl2sql.engine.llama;

import dev.nl2sql.engine.EngineException;
import dev.nl2sql.models.GgufHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * A LoRA adapter at a scale other than 1, as a temporary copy of its file. llama.cpp weighs an adapter by
 * {@code scale * alpha / rank}, but java-llama.cpp 4.2.0 cannot pass the scale: its {@code addLoraScaledAdapter}
 * gives the bundled llama.cpp one argument ({@code path,scale}) where {@code --lora-scaled} takes two, and the load
 * then fails without an exception. So the copy carries {@code alpha * scale} as its {@code adapter.lora.alpha}: the
 * same weight, through the one option that works ({@code --lora}). llama.cpp reads the adapter into memory while it
 * loads, so the copy is deleted right after.
 */
final class ScaledLoraCopy {

    private static final String ALPHA = "adapter.lora.alpha";

    private ScaledLoraCopy() {
    }

    /**
     * Writes the copy into {@code directory}.
     *
     * @param adapter the adapter file, already checked ({@link LoraAdapterCheck})
     * @param header  its header
     * @param scale   the weight to give it, neither 0 (not loaded at all) nor 1 (the file as it is)
     */
    static Path write(Path adapter, GgufHeader header, float scale, Path directory) throws SQLException {
        Object alpha = header.metadata().get(ALPHA);
        OptionalLong at = header.valueOffset(ALPHA);
        if (!(alpha instanceof Float a) || a == 0f || at.isEmpty()) {
            // without alpha llama.cpp weighs the adapter by the scale alone, which this copy cannot change
            throw EngineException.invalidSetting("The LoRA adapter " + adapter + " states no " + ALPHA + ", so "
                    + "nl2sql.loraScale cannot weigh it: remove nl2sql.loraScale (the adapter then applies as "
                    + "trained), or convert the adapter with llama.cpp's convert_lora_to_gguf.py, which writes it.");
        }
        float scaled = a * scale;
        if (!Float.isFinite(scaled)) {
            throw EngineException.invalidSetting("nl2sql.loraScale " + scale + " times the adapter's alpha " + a
                    + " is beyond a float: use a smaller nl2sql.loraScale.");
        }
        Path copy = null;
        try {
            copy = Files.createTempFile(directory, "nl2sql-lora-", ".gguf");
            Files.copy(adapter, copy, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                ByteBuffer value = ByteBuffer.allocate(Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).putFloat(scaled);
                channel.write(value.flip(), at.getAsLong());
            }
            return copy;
        } catch (IOException e) {
            delete(copy);
            throw EngineException.general("nl2sql.loraScale needs a scaled copy of the LoRA adapter " + adapter
                    + " in " + directory + " while the model loads, and it could not be written (" + e + "). Free disk "
                    + "space there (as much as the adapter takes), point java.io.tmpdir at a folder with room, or "
                    + "remove nl2sql.loraScale.", e);
        }
    }

    /** Deletes a copy; a failure only leaves a temporary file behind. */
    static void delete(Path copy) {
        if (copy == null) {
            return;
        }
        try {
            Files.deleteIfExists(copy);
        } catch (IOException e) {
            copy.toFile().deleteOnExit();
        }
    }
}
