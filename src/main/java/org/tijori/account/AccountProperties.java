package org.tijori.account;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of residents' accounts. The idle timeout of a session is {@code spring.session.timeout}.
 *
 * @param sessionLifetime how long a session lasts at most, however active (absolute timeout)
 * @param deletionDelay how long after a resident asks for deletion the account's data is removed
 * @param otpSendsPerMobile how many codes one mobile number may receive in an hour
 * @param otpSendsPerAddress how many codes one client address may ask for in an hour
 */
@Validated
@ConfigurationProperties("tijori.account")
public record AccountProperties(@NotNull @DefaultValue("12h") Duration sessionLifetime,
        @NotNull @DefaultValue("7d") Duration deletionDelay,
        @Min(1) @DefaultValue("5") int otpSendsPerMobile,
        @Min(1) @DefaultValue("30") int otpSendsPerAddress) {
}
