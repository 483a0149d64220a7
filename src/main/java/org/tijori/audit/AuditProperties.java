package org.tijori.audit;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the activity trail.
 *
 * @param chainInterval how often recorded entries are chained when there is no backlog
 * @param chainBatchSize how many entries one chaining transaction takes at most
 * @param verifyInterval how often one node re-verifies the whole chain in the background
 */
@Validated
@ConfigurationProperties("tijori.audit")
record AuditProperties(
        @NotNull @DefaultValue("200ms") Duration chainInterval,
        @Min(1) @Max(50_000) @DefaultValue("2000") int chainBatchSize,
        @NotNull @DefaultValue("1h") Duration verifyInterval) {
}
