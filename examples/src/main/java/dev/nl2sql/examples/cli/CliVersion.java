package dev.nl2sql.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the examples' version, from the pom.properties Maven writes into the jar. */
public final class CliVersion implements IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties pom = new Properties();
        try (InputStream in = CliVersion.class.getResourceAsStream(
                "/META-INF/maven/dev.nl2sql/nl2sql-examples/pom.properties")) {
            if (in != null) {
                pom.load(in);
            }
        }
        // "unknown" when run from a classes folder (tests, an IDE).
        return new String[] {"nl2sql " + pom.getProperty("version", "unknown")};
    }
}
