package org.tijori.signing;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How anyone's signed files are checked ({@code /esign/verify}, issue 18).
 *
 * @param trustedRoots a PEM file of certification authorities trusted beside Tijori's own e-sign CA, or none: a
 *                     signer chaining to one of them is reported as trusted, but not as Tijori's
 * @param verify the limits of the public check
 */
@Validated
@ConfigurationProperties("tijori.esign")
public record SignatureValidationProperties(Path trustedRoots, @Valid @NotNull @DefaultValue Verify verify) {

    /**
     * Limits of the public check, a stranger's endpoint.
     *
     * @param maxUpload the largest request taken, multipart envelope included (a file and its signature); a
     *                  longer one, or one that does not declare its length, is refused before it is read
     * @param requestsPerAddress checks one client address may ask for a minute, counted in the node's memory
     *                           before the body is read
     * @param timeout how long one check may take before the answer says so (the check is then interrupted)
     * @param concurrency how many checks run at once on a node; 0 means one per processor the JVM sees. A check
     *                    that finds every place taken (and the short queue behind them full) is answered 503
     */
    public record Verify(@NotNull @DefaultValue("50MB") DataSize maxUpload,
            @Min(1) @DefaultValue("30") int requestsPerAddress, @NotNull @DefaultValue("20s") Duration timeout,
            @Min(0) @Max(256) @DefaultValue("0") int concurrency) {

        @AssertTrue(message = "tijori.esign.verify.max-upload must be between 1 KB and 512 MB")
        public boolean isMaxUploadBounded() {
            return maxUpload == null || maxUpload.toBytes() >= 1024 && maxUpload.toBytes() <= 512L * 1024 * 1024;
        }

        @AssertTrue(message = "tijori.esign.verify.timeout must be positive")
        public boolean isTimeoutPositive() {
            return timeout == null || !(timeout.isNegative() || timeout.isZero());
        }

        /** How many checks run at once. */
        public int places() {
            return concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors();
        }
    }
}
