package org.tijori;

import java.net.URI;
import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings that belong to the whole application rather than to one module.
 *
 * @param baseUrl the public base URL, used in links, QR codes and as the OIDC issuer
 * @param dataDir where the embedded database, the filesystem blobs and the development keys live
 */
@Validated
@ConfigurationProperties("tijori")
public record TijoriProperties(@NotNull URI baseUrl, @NotNull Path dataDir) {
}
