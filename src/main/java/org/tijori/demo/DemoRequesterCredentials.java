package org.tijori.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Tijori gave the demo requester at approval, kept in {@code credentials.json} (owner only), so that a restart
 * uses the same client: its secret is shown once and cannot be asked for again.
 */
record DemoRequesterCredentials(String requesterId, String clientId, String clientSecret, String redirectUri) {

    static final String FILE = "credentials.json";

    DemoRequesterCredentials {
        if (isBlank(requesterId) || isBlank(clientId) || isBlank(clientSecret) || isBlank(redirectUri)) {
            throw new IllegalArgumentException("The demo requester's credentials need an ID, client ID, secret and "
                    + "redirect URI");
        }
    }

    static Optional<DemoRequesterCredentials> load(Path folder, JsonMapper json) {
        Path file = folder.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(Files.readString(file), DemoRequesterCredentials.class));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read the demo requester's credentials in " + file, e);
        }
        catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalStateException("The demo requester's " + file + " is damaged; delete the demo-requester "
                    + "folder to start the demo over.", e);
        }
    }

    DemoRequesterCredentials withRedirectUri(String redirectUri) {
        return new DemoRequesterCredentials(requesterId, clientId, clientSecret, redirectUri);
    }

    void save(Path folder, JsonMapper json) {
        try {
            DemoFiles.writePrivately(folder.resolve(FILE), json.writeValueAsString(this));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write the demo requester's credentials in " + folder, e);
        }
    }

    @Override
    public String toString() {
        return "DemoRequesterCredentials[requesterId=" + requesterId + ", clientId=" + clientId
                + ", clientSecret=(redacted), redirectUri=" + redirectUri + "]";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
