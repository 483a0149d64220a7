package org.tijori.identity;

import java.nio.file.Path;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where national IDs are checked, and how often they may be looked up.
 *
 * @param registryFile the national-ID authority simulator: a JSON array of people
 *                     {@code {"uid","name","dob" (YYYY-MM-DD),"gender" (M/F/T),"mobile","email"?,"photo"?
 *                     (base64 JPEG)}}; when unset, a small demo registry of fictional residents
 * @param lookupsPerAccount national IDs one locker may ask to link in an hour
 * @param lookupsPerAddress national IDs one client address may ask to link or to sign in with in an hour
 */
@Validated
@ConfigurationProperties("tijori.identity")
public record IdentityProperties(Path registryFile,
        @Min(1) @DefaultValue("10") int lookupsPerAccount,
        @Min(1) @DefaultValue("30") int lookupsPerAddress) {
}
