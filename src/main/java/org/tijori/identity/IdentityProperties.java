package org.tijori.identity;

import java.nio.file.Path;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

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
 * @param card the national-ID card that a linked ID puts among the resident's issued documents
 */
@Validated
@ConfigurationProperties("tijori.identity")
public record IdentityProperties(Path registryFile,
        @Min(1) @DefaultValue("10") int lookupsPerAccount,
        @Min(1) @DefaultValue("30") int lookupsPerAddress,
        @Valid @NotNull @DefaultValue Card card) {

    /**
     * The card's issuer: the ID authority, as a built-in issuer of the repository.
     *
     * @param issuerId its issuer ID, the first part of every card's URI, reserved for it (DigiLocker's e-Aadhaar
     *                 comes from {@code in.gov.uidai}, which is what partner applications look for)
     * @param issuerName the name residents and verifiers see
     */
    public record Card(@NotBlank @DefaultValue("in.gov.uidai") String issuerId,
            @NotBlank @Size(max = 200) @DefaultValue("National ID authority") String issuerName) {
    }
}
