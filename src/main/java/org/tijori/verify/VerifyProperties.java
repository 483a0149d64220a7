package org.tijori.verify;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How Tijori's verification proofs are signed and checked (ADR 22).
 *
 * @param keyLifetime how long a proof key signs before a new one replaces it; its public key stays listed for
 *                    good, so that papers it signed still verify
 * @param keyActivationDelay how long a new key is listed before it signs: longer than {@code keyRefresh}, so that
 *                           every node knows a key before it meets a proof signed with it
 * @param keyRefresh how often each node reads the keys again
 * @param maxProofLength the longest proof ({@code p}) read at all, in characters
 * @param formerBaseUrls addresses Tijori was served at before {@code tijori.base-url}: proofs naming them as
 *                       {@code iss} still verify
 * @param requestsPerAddress verification requests one client address may send a minute to one node, counted in
 *                           the node's memory so that genuine scans cost no database round trip
 * @param refusalsPerAddress refused verifications (anything but a genuine proof) one client address may cause an
 *                           hour, counted in PostgreSQL for all nodes; then the address is answered 429 unread
 * @param activityWindow how long each node gathers verifications before they reach the holders' activity, one
 *                       entry per document, way and verifier
 * @param maxUpload the largest request that uploads a file to verify (a Certificate XML or a PDF Tijori drew, a
 *                  few to a few hundred kilobytes), multipart envelope included: a longer one, or one that does
 *                  not declare its length, is refused before a byte of it is read
 * @param verifiedProofs genuine proofs a node keeps in memory once verified (about 700 bytes each), so that a
 *                       document scanned again costs no second signature verification; 0 keeps none. Only the
 *                       proof's check is kept: the status is read from the repository on every request
 */
@Validated
@ConfigurationProperties("tijori.verify")
public record VerifyProperties(
        @NotNull @DefaultValue("180d") Duration keyLifetime,
        @NotNull @DefaultValue("10m") Duration keyActivationDelay,
        @NotNull @DefaultValue("1m") Duration keyRefresh,
        @Min(512) @Max(8192) @DefaultValue("2048") int maxProofLength,
        @NotNull @DefaultValue List<URI> formerBaseUrls,
        @Min(1) @DefaultValue("600") int requestsPerAddress,
        @Min(1) @DefaultValue("60") int refusalsPerAddress,
        @NotNull @DefaultValue("1m") Duration activityWindow,
        @NotNull @DefaultValue("2MB") DataSize maxUpload,
        @Min(0) @Max(1_000_000) @DefaultValue("10000") int verifiedProofs) {

    @AssertTrue(message = "tijori.verify.key-activation-delay must be longer than tijori.verify.key-refresh")
    public boolean isActivationAfterRefresh() {
        return keyActivationDelay == null || keyRefresh == null || keyActivationDelay.compareTo(keyRefresh) > 0;
    }

    @AssertTrue(message = "tijori.verify.max-upload must be between 1 KB and 64 MB")
    public boolean isMaxUploadBounded() {
        return maxUpload == null || maxUpload.toBytes() >= 1024 && maxUpload.toBytes() <= 64L * 1024 * 1024;
    }

    @AssertTrue(message = "tijori.verify.key-refresh must be positive")
    public boolean isRefreshPositive() {
        return keyRefresh == null || !(keyRefresh.isNegative() || keyRefresh.isZero());
    }
}
