package org.tijori;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When unfinished module event deliveries are delivered again.
 *
 * @param resubmitAfter how old an unfinished delivery must be before it is delivered again; longer than any
 *                      listener runs, so that a delivery still under way is not started twice
 */
@Validated
@ConfigurationProperties("tijori.events")
record EventResubmissionProperties(@NotNull @DefaultValue("5m") Duration resubmitAfter) {
}
