package dev.nl2sql.engine.llama;

import java.util.List;
import java.util.Locale;

/**
 * The chat template names that the llama.cpp inside java-llama.cpp 4.2.0 knows (its {@code LLM_CHAT_TEMPLATES}, read
 * from the bundled library). It is started without Jinja, and a template it does not support throws a C++ exception
 * that nothing catches: the JVM aborts (seen with {@code nl2sql.chatTemplate={% for %}}). So only these names reach it.
 */
public final class ChatTemplates {

    public static final List<String> BUILT_IN = List.of("chatml", "llama2", "llama2-sys", "llama2-sys-bos",
            "llama2-sys-strip", "mistral-v1", "mistral-v3", "mistral-v3-tekken", "mistral-v7", "phi3", "phi4",
            "falcon3", "zephyr", "monarch", "gemma", "orion", "openchat", "vicuna", "vicuna-orca", "deepseek",
            "deepseek2", "deepseek3", "command-r", "llama3", "chatglm3", "chatglm4", "glmedge", "minicpm", "exaone3",
            "rwkv-world", "granite", "gigachat", "megrez");

    private ChatTemplates() {
    }

    /** The built-in name {@code value} means (case aside), or null when it is none of them. */
    public static String builtIn(String value) {
        String name = value.strip().toLowerCase(Locale.ROOT);
        return BUILT_IN.contains(name) ? name : null;
    }
}
