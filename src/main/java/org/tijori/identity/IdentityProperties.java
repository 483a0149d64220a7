package org.tijori.identity;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where national IDs are checked.
 *
 * @param registryFile the national-ID authority simulator: a JSON array of people
 *                     {@code {"uid","name","dob" (YYYY-MM-DD),"gender" (M/F/T),"mobile","email"?,"photo"?
 *                     (base64 JPEG)}}; when unset, a small demo registry of fictional residents
 */
@ConfigurationProperties("tijori.identity")
public record IdentityProperties(Path registryFile) {
}
