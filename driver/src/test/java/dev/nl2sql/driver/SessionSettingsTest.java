package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nl2sql.engine.EngineSettings;
import dev.nl2sql.engine.llama.ChatTemplates;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every numeric property refuses values that are not finite, out of range or not numbers, and every enumerated one
 * refuses what is not among its choices: SQLState 22023, naming the property and what it allows, before any value
 * reaches a model or native code.
 */
class SessionSettingsTest {

    private static final List<DriverProperty> WHOLE_NUMBERS = List.of(DriverProperty.GPU_LAYERS,
            DriverProperty.THREADS, DriverProperty.CONTEXT_SIZE, DriverProperty.MAX_TOKENS,
            DriverProperty.MAX_CONCURRENT, DriverProperty.SCHEMA_PROMPT_CHARS, DriverProperty.MAX_QUESTION_CHARS,
            DriverProperty.ATTEMPTS, DriverProperty.BEAMS, DriverProperty.BEAM_TOP_K,
            DriverProperty.MAX_INPUT_TOKENS, DriverProperty.QUERY_TIMEOUT, DriverProperty.MAX_ROWS);
    private static final List<String> BAD_NUMBERS = List.of("NaN", "Infinity", "-Infinity", "-1", "1e30",
            "99999999999", "abc", "1.5x", "0x10", "1,000");
    private static final List<DriverProperty> CHOICES = List.of(DriverProperty.ENGINE, DriverProperty.PIPELINE,
            DriverProperty.CONVERSATION,
            DriverProperty.DEVICE, DriverProperty.PRECISION, DriverProperty.SERVER_GRAMMAR, DriverProperty.NATIVE_LOG,
            DriverProperty.MEMORY, DriverProperty.WARM_UP);

    private static DriverConfig config(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return DriverConfig.resolve(p);
    }

    /** What NlSession.open reads, in its order. */
    private static void read(DriverConfig config) throws SQLException {
        SessionSettings.engine(config);
        SessionSettings.timeoutMillis(config);
        SessionSettings.maxRows(config);
        SessionSettings.memory(config);
        SessionSettings.conversation(config);
        SessionSettings.warmUp(config);
    }

    private static void assertRefused(DriverProperty property, String value, String allowed) {
        SQLException e = assertThrows(SQLException.class, () -> read(config(property.key(), value)),
                property.key() + "=" + value);
        assertEquals("22023", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains(property.key()), e.getMessage());
        assertTrue(e.getMessage().contains(allowed), e.getMessage());
    }

    @Test
    void theDefaultsAreAccepted() throws SQLException {
        EngineSettings settings = SessionSettings.engine(DriverConfig.resolve(new Properties()));
        assertEquals(0f, settings.temperature());
        assertEquals(120_000, SessionSettings.timeoutMillis(DriverConfig.resolve(new Properties())));
    }

    @Test
    void wholeNumberPropertiesRefuseNonNumbersAndValuesOutOfRange() {
        for (DriverProperty property : WHOLE_NUMBERS) {
            for (String bad : BAD_NUMBERS) {
                assertRefused(property, bad, "a whole number from ");
            }
        }
        assertRefused(DriverProperty.THREADS, "0", "from 1 to 512");
        assertRefused(DriverProperty.THREADS, "100000", "from 1 to 512");
        assertRefused(DriverProperty.QUERY_TIMEOUT, "2147483647", "from 1 to 604800");
        assertRefused(DriverProperty.CONTEXT_SIZE, "16", "from 256 to");
    }

    @Test
    void temperatureMustBeAFiniteNumberFromZeroToTwo() throws SQLException {
        for (String bad : List.of("NaN", "Infinity", "-Infinity", "-1", "2.5", "1e39", "3.4e38", "warm", "")) {
            if (!bad.isEmpty()) {
                assertRefused(DriverProperty.TEMPERATURE, bad, "a number from 0.0 to 2.0");
            }
        }
        assertEquals(0.7f, SessionSettings.engine(config("nl2sql.temperature", "0.7")).temperature());
    }

    @Test
    void chatTemplateIsABuiltInNameOrUnset() throws SQLException {
        for (String bad : List.of("{% for %}", "llama-3", "<|im_start|>{{ messages }}")) {
            assertRefused(DriverProperty.CHAT_TEMPLATE, bad, "built-in templates");
        }
        assertEquals("llama3", SessionSettings.engine(config("nl2sql.chatTemplate", " Llama3 ")).chatTemplate());
        assertEquals(null, SessionSettings.engine(config("nl2sql.temperature", "0")).chatTemplate());
    }

    @Test
    void enumeratedPropertiesRefuseWhatIsNotAChoice() throws SQLException {
        for (DriverProperty property : CHOICES) {
            assertRefused(property, "garbage", "one of ");
        }
        assertEquals("replay", SessionSettings.engine(config("nl2sql.engine", "REPLAY")).engine());
        assertTrue(SessionSettings.engine(config("nl2sql.nativeLog", "true")).nativeLog());
    }

    /** The choices getPropertyInfo offers are exactly what the settings accept: one list serves both. */
    @Test
    void everyOfferedChoiceIsAcceptedAndNothingElse() throws SQLException {
        List<DriverProperty> enumerated = new java.util.ArrayList<>();
        for (DriverProperty property : DriverProperty.values()) {
            if (!property.choices().isEmpty()) {
                enumerated.add(property);
            }
        }
        List<DriverProperty> expected = new java.util.ArrayList<>(CHOICES);
        expected.add(DriverProperty.CHAT_TEMPLATE);
        assertEquals(Set.copyOf(expected), Set.copyOf(enumerated));
        for (DriverProperty property : enumerated) {
            for (String choice : property.choices()) {
                read(config(property.key(), choice));
                read(config(property.key(), choice.toUpperCase(java.util.Locale.ROOT)));
            }
            assertRefused(property, "garbage", property.choices().get(property.choices().size() - 1));
        }
        assertEquals(ChatTemplates.BUILT_IN, DriverProperty.CHAT_TEMPLATE.choices());
        assertEquals("gemma", SessionSettings.chatTemplate(config("nl2sql.chatTemplate", "gemma")));
    }

    @Test
    void pathsThatCannotBePathsAreRefused() {
        assertRefused(DriverProperty.REPLAY, "a\u0000b", "a valid path");
        assertRefused(DriverProperty.MODELS_DIR, "a\u0000b", "a valid path");
        assertRefused(DriverProperty.LORA_ADAPTER, "a\u0000b", "a valid path");
    }

    @Test
    void theLoraScaleIsAFiniteNumberFromMinusTenToTenAndGoesWithTheAdapter() throws SQLException {
        for (String bad : List.of("NaN", "Infinity", "-Infinity", "10.5", "-11", "1e39", "strong")) {
            assertRefused(DriverProperty.LORA_SCALE, bad, "a number from -10.0 to 10.0");
        }
        assertEquals(null, SessionSettings.engine(config("nl2sql.loraScale", "0.5")).loraAdapter(),
                "a scale without an adapter applies nothing");
        Properties p = new Properties();
        p.setProperty("nl2sql.loraAdapter", "/adapters/shop.gguf");
        p.setProperty("nl2sql.loraScale", "-0.5");
        assertEquals(new EngineSettings.LoraAdapter(java.nio.file.Path.of("/adapters/shop.gguf"), -0.5f),
                SessionSettings.engine(DriverConfig.resolve(p)).loraAdapter());
        assertEquals(1f, SessionSettings.engine(config("nl2sql.loraAdapter", "a.gguf")).loraAdapter().scale());
    }
}
