package org.tijori.demo;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What Tijori gave the demo issuer at approval, kept in {@code credentials.properties} (owner only) so
 * that a restart pushes with the same credentials: they are shown once and cannot be asked for again.
 */
record DemoIssuerCredentials(String clientId, String clientSecret, String apiKey) {

    static final String FILE = "credentials.properties";

    DemoIssuerCredentials {
        if (isBlank(clientId) || isBlank(clientSecret) || isBlank(apiKey)) {
            throw new IllegalArgumentException("The demo issuer's credentials need a client ID, secret and API key");
        }
    }

    static Optional<DemoIssuerCredentials> load(Path folder) {
        Path file = folder.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Files.readString(file)));
            return Optional.of(new DemoIssuerCredentials(properties.getProperty("clientId"),
                    properties.getProperty("clientSecret"), properties.getProperty("apiKey")));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read the demo issuer's credentials in " + file, e);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalStateException("The demo issuer's " + file + " is damaged; delete the demo-issuer folder "
                    + "to start the demo over.", e);
        }
    }

    void save(Path folder) {
        Properties properties = new Properties();
        properties.setProperty("clientId", clientId);
        properties.setProperty("clientSecret", clientSecret);
        properties.setProperty("apiKey", apiKey);
        StringWriter text = new StringWriter();
        try {
            properties.store(text, "The demo issuer's credentials, as Tijori answered its approval");
            DemoFiles.writePrivately(folder.resolve(FILE), text.toString());
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write the demo issuer's credentials in " + folder, e);
        }
    }

    @Override
    public String toString() {
        return "DemoIssuerCredentials[clientId=" + clientId + ", clientSecret=(redacted), apiKey=(redacted)]";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
