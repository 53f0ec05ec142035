package dev.nl2sql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DriverTest {

    private final Driver driver = new Nl2SqlDriver();

    @Test
    void isFoundByDriverManagerWithoutClassForName() throws SQLException {
        assertInstanceOf(Nl2SqlDriver.class, DriverManager.getDriver("jdbc:nl2sql:h2:mem:x"));
    }

    @Test
    void acceptsOnlyItsOwnPrefix() throws SQLException {
        assertTrue(driver.acceptsURL("jdbc:nl2sql:h2:mem:x"));
        assertTrue(driver.acceptsURL("jdbc:nl2sql:jdbc:sqlite::memory:"));
        assertFalse(driver.acceptsURL("jdbc:h2:mem:x"));
        assertFalse(driver.acceptsURL("jdbc:postgresql://127.0.0.1/test"));
        assertFalse(driver.acceptsURL("nl2sql:h2:mem:x"));
        assertFalse(driver.acceptsURL(null));
    }

    @Test
    void answersNullForForeignUrls() throws SQLException {
        assertNull(driver.connect("jdbc:h2:mem:x", new Properties()));
    }

    @Test
    void unwrapsTheSameDatabaseWithOrWithoutInnerJdbcPrefix() throws SQLException {
        try (Connection a = DriverManager.getConnection("jdbc:nl2sql:h2:mem:prefixes;DB_CLOSE_DELAY=-1");
             Connection b = DriverManager.getConnection("jdbc:nl2sql:jdbc:h2:mem:prefixes")) {
            a.createStatement().execute("CREATE TABLE seen (x INT)");
            b.createStatement().execute("INSERT INTO seen VALUES (1)");
            assertEquals("jdbc:nl2sql:jdbc:h2:mem:prefixes", b.getMetaData().getURL());
            a.createStatement().execute("DROP TABLE seen");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:nl2sql:", "jdbc:nl2sql:   ", "jdbc:nl2sql:jdbc:", "jdbc:nl2sql:h2",
        "jdbc:nl2sql:nl2sql:h2:mem:x", "jdbc:nl2sql:jdbc:nl2sql:h2:mem:x"})
    void malformedUrlsSayWhatToWrite(String url) {
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("jdbc:nl2sql:"), e.getMessage());
    }

    @Test
    void unknownInnerUrlNamesTheFix() {
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:nl2sql:nosuchdb://host/db?password=hunter2"));
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("No JDBC driver accepts 'jdbc:nosuchdb://host/db?password=***'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("classpath"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), "no password in messages");
    }

    @Test
    void missingDelegateDriverClassNamesTheFix() {
        Properties info = new Properties();
        info.setProperty("nl2sql.delegateDriver", "com.example.NoSuchDriver");
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:nl2sql:h2:mem:x", info));
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("com.example.NoSuchDriver"), e.getMessage());
        assertTrue(e.getMessage().contains("not on the classpath"), e.getMessage());
    }

    @Test
    void delegateDriverThatIsNoDriverIsRefused() {
        Properties info = new Properties();
        info.setProperty("nl2sql.delegateDriver", "java.lang.String");
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:nl2sql:h2:mem:x", info));
        assertTrue(e.getMessage().contains("is not a java.sql.Driver"), e.getMessage());
    }

    @Test
    void delegateDriverByClassNameIsUsed() throws SQLException {
        Properties info = new Properties();
        info.setProperty("nl2sql.delegateDriver", "org.h2.Driver");
        try (Connection c = DriverManager.getConnection("jdbc:nl2sql:h2:mem:byname", info)) {
            assertTrue(c.isWrapperFor(org.h2.jdbc.JdbcConnection.class));
        }
    }

    @Test
    void propertyInfoListsOwnPropertiesThenTheWrappedDriversOnes() throws SQLException {
        DriverPropertyInfo[] info = driver.getPropertyInfo("jdbc:nl2sql:postgresql://127.0.0.1:5432/test",
                new Properties());
        Set<String> names = Arrays.stream(info).map(p -> p.name).collect(Collectors.toSet());
        for (int i = 0; i < DriverProperty.values().length; i++) {
            assertEquals(DriverProperty.values()[i].key(), info[i].name);
            assertFalse(info[i].description.isBlank(), info[i].name);
        }
        assertEquals("0", info[List.of(DriverProperty.values()).indexOf(DriverProperty.GPU_LAYERS)].value,
                "defaults are shown");
        assertTrue(names.contains("user") && names.contains("password"), names.toString());
    }

    @Test
    void metaDataUrlIsTheUrlTheCallerConnectedWith() throws SQLException {
        // Credentials stay as the caller wrote them in the URL, as the wrapped drivers keep them in theirs.
        String url = "jdbc:nl2sql:h2:mem:metaurl;USER=sa;PASSWORD=secret";
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals(url, c.getMetaData().getURL());
            assertEquals(url, c.createStatement().getConnection().getMetaData().getURL());
            assertTrue(c.getMetaData().unwrap(org.h2.jdbc.JdbcDatabaseMetaData.class).getURL().startsWith("jdbc:h2:mem:"),
                    "the wrapped driver's metadata keeps its own URL");
            // Connecting again with it reaches nl2sql, not the bare driver.
            try (Connection again = DriverManager.getConnection(c.getMetaData().getURL())) {
                assertInstanceOf(Nl2SqlConnection.class, again);
            }
        }
    }

    @Test
    void propertyInfoOffersTheChoicesOfEnumeratedProperties() throws SQLException {
        DriverPropertyInfo[] info = driver.getPropertyInfo("jdbc:nl2sql:", new Properties());
        for (int i = 0; i < DriverProperty.values().length; i++) {
            DriverProperty property = DriverProperty.values()[i];
            if (property.choices().isEmpty()) {
                assertNull(info[i].choices, property.key());
            } else {
                assertEquals(property.choices(), List.of(info[i].choices), property.key());
            }
        }
        assertEquals(List.of("llama", "t5", "server", "replay"),
                List.of(info[DriverProperty.ENGINE.ordinal()].choices));
        assertEquals("llama", info[DriverProperty.ENGINE.ordinal()].value, "the default is the first choice");
        assertTrue(List.of(info[DriverProperty.CHAT_TEMPLATE.ordinal()].choices).contains("llama3"));
        assertNull(info[DriverProperty.CHAT_TEMPLATE.ordinal()].value, "unset: the model file's own template");
    }

    @Test
    void propertyInfoWorksWhileTheUrlIsIncomplete() throws SQLException {
        DriverPropertyInfo[] info = driver.getPropertyInfo("jdbc:nl2sql:", new Properties());
        assertEquals(DriverProperty.values().length, info.length);
    }

    @Test
    void reportsItsVersion() {
        assertEquals(0, driver.getMajorVersion());
        assertEquals(1, driver.getMinorVersion());
        assertFalse(driver.jdbcCompliant());
    }
}
