package org.tijori.signing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of e-sign (issue 18).
 *
 * @param caKeystore a PKCS#12 file holding the e-sign CA's key and certificate chain, given by the deployer; when
 *                   unset, Tijori makes its own CA at first start and keeps its key sealed in the database
 * @param caKeystorePassword the PKCS#12 file's password
 * @param caValidity how long a CA that Tijori makes is valid
 * @param signerValidity how long the certificate issued for one signing is valid
 * @param crlValidity how long a CRL is valid (its {@code nextUpdate})
 * @param crlRefresh how often a new CRL is signed; well under {@code crlValidity}, so that a cached one is fresh
 * @param tsaUrl an external RFC 3161 time-stamp authority; when unset, Tijori's own time-stamps every signature
 * @param tsaTimeout how long a request to the external time-stamp authority may take
 * @param tsaMaxResponse the largest answer taken from the external time-stamp authority
 * @param tsaCertificateValidity how long the certificate of Tijori's own time-stamp authority is valid (its key is
 *                               made at each start)
 * @param tsaRequestsPerAddress how many time-stamp requests one client address may send to {@code POST /esign/tsa}
 *                              a minute
 * @param maxFileSize the largest file signed
 * @param maxPages the most pages a signed PDF may have
 * @param timeout how long signing one PDF may take
 * @param maxScratch how much temporary-file space PDFBox may use for one PDF
 * @param scratchDirectory where the temporary files of a signing go; the system's temporary directory when unset
 * @param signingsPerHour how many e-signings one resident may start an hour (each sends a code by SMS and ends in
 *                        a signature or a refusal)
 */
@ConfigurationProperties("tijori.esign")
@Validated
public record EsignProperties(Path caKeystore, String caKeystorePassword,
        @DefaultValue("7300d") @NotNull Duration caValidity,
        @DefaultValue("10m") @NotNull Duration signerValidity,
        @DefaultValue("1d") @NotNull Duration crlValidity,
        @DefaultValue("1h") @NotNull Duration crlRefresh,
        URI tsaUrl,
        @DefaultValue("10s") @NotNull Duration tsaTimeout,
        @DefaultValue("64KB") @NotNull DataSize tsaMaxResponse,
        @DefaultValue("1825d") @NotNull Duration tsaCertificateValidity,
        @DefaultValue("60") @Min(1) int tsaRequestsPerAddress,
        @DefaultValue("50MB") @NotNull DataSize maxFileSize,
        @DefaultValue("2000") @Min(1) int maxPages,
        @DefaultValue("60s") @NotNull Duration timeout,
        @DefaultValue("256MB") @NotNull DataSize maxScratch,
        Path scratchDirectory,
        @DefaultValue("20") @Min(1) int signingsPerHour) {

    PadesSigner.Limits limits() {
        return new PadesSigner.Limits(maxFileSize, maxPages, timeout, maxScratch,
                scratchDirectory != null ? scratchDirectory : Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Override
    public String toString() {
        return "EsignProperties[caKeystore=" + caKeystore + ", caKeystorePassword="
                + (caKeystorePassword == null ? null : "(redacted)") + ", tsaUrl=" + tsaUrl + ", signerValidity="
                + signerValidity + "]";
    }
}
