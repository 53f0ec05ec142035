package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DriverConfigTest {

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void environmentVariableNamesFollowTheProperty() {
        assertEquals("NL2SQL_DELEGATE_DRIVER", DriverProperty.DELEGATE_DRIVER.environmentVariable());
    }

    @Test
    void connectionPropertyWinsOverSystemPropertyWhichWinsOverEnvironment() {
        String key = DriverProperty.DELEGATE_DRIVER.key();
        Map<String, String> env = Map.of("NL2SQL_DELEGATE_DRIVER", "from.Env");
        assertEquals("from.Env", DriverConfig.resolve(props(), props(), env).get(DriverProperty.DELEGATE_DRIVER)
                .orElseThrow());
        assertEquals("from.System", DriverConfig.resolve(props(), props(key, "from.System"), env)
                .get(DriverProperty.DELEGATE_DRIVER).orElseThrow());
        assertEquals("from.Connection", DriverConfig.resolve(props(key, "from.Connection"),
                props(key, "from.System"), env).get(DriverProperty.DELEGATE_DRIVER).orElseThrow());
    }

    @Test
    void ownPropertiesNeverReachTheWrappedDriverAndOthersReachItUnchanged() {
        Properties given = props("user", "alice", "password", "s3cret", "ssl", "true",
                "nl2sql.delegateDriver", "org.h2.Driver", "nl2sql.noSuchSetting", "x");
        Properties forDelegate = DriverConfig.resolve(given, props(), Map.of()).delegateProperties();
        assertEquals(props("user", "alice", "password", "s3cret", "ssl", "true"), forDelegate);
        assertEquals(5, given.size(), "the caller's properties are not changed");
    }

    @Test
    void blankValuesCountAsUnset() {
        DriverConfig config = DriverConfig.resolve(props("nl2sql.delegateDriver", "  "), props(), Map.of());
        assertFalse(config.get(DriverProperty.DELEGATE_DRIVER).isPresent());
        assertTrue(DriverConfig.find("nl2sql.delegateDriver").isPresent());
    }
}
