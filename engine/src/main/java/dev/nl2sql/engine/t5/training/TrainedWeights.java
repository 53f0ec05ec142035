package dev.nl2sql.engine.t5.training;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.nl2sql.engine.t5.T5AdapterCard;
import dev.nl2sql.engine.t5.T5Model;
import dev.nl2sql.engine.t5.T5Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a training model's weights as they stand, with their card: for LoRA, {@code adapter.safetensors} (PEFT's
 * names) and {@code adapter.json}; for full fine-tuning, a whole checkpoint folder (config.json, tokenizer.json,
 * model.safetensors) and {@code training.json}.
 */
public final class TrainedWeights {

    private TrainedWeights() {
    }

    public static void write(T5Model model, Path checkpoint, Path folder, T5AdapterCard card) throws IOException {
        Files.createDirectories(folder);
        try (NDManager scope = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            if (card.isLora()) {
                T5Safetensors.write(folder.resolve(T5AdapterCard.LORA_WEIGHTS), model.adapterTensors(scope));
                card.write(folder.resolve(T5AdapterCard.LORA_CARD));
            } else {
                T5Safetensors.write(folder.resolve("model.safetensors"), model.checkpointTensors(scope));
                copy(checkpoint.resolve("config.json"), folder.resolve("config.json"));
                copy(checkpoint.resolve("tokenizer.json"), folder.resolve("tokenizer.json"));
                card.write(folder.resolve(T5AdapterCard.FULL_CARD));
            }
        }
    }

    /** Copies a file whole into place (a temporary copy, then moved). */
    static void copy(Path from, Path to) throws IOException {
        Path temporary = to.resolveSibling(to.getFileName() + ".tmp");
        Files.copy(from, temporary, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temporary, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
