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
 * @param signInFailuresPerUsernameAndAddress wrong passwords for one username from one client address in a
 *                                            {@code signInFailureWindow}; then that address's tries for that
 *                                            username are refused unchecked
 * @param signInFailuresPerAddress wrong passwords from one client address, whatever the username, in a window
 * @param signInFailuresPerUsername wrong passwords for one username from anywhere in a window; then its
 *                                  password alone signs nobody in until the window passes or the owner signs in
 *                                  another way (a code to the mobile)
 * @param signInFailureWindow the window of the three sign-in budgets above
 * @param passwordHashesAtOnce how many password hashes (Argon2id, 19 MiB each) may run at once, the others waiting
 *                             their turn; 0 for as many as the machine has cores
 */
@Validated
@ConfigurationProperties("tijori.account")
public record AccountProperties(@NotNull @DefaultValue("12h") Duration sessionLifetime,
        @NotNull @DefaultValue("7d") Duration deletionDelay,
        @Min(1) @DefaultValue("5") int otpSendsPerMobile,
        @Min(1) @DefaultValue("30") int otpSendsPerAddress,
        @Min(1) @DefaultValue("5") int signInFailuresPerUsernameAndAddress,
        @Min(1) @DefaultValue("50") int signInFailuresPerAddress,
        @Min(1) @DefaultValue("20") int signInFailuresPerUsername,
        @NotNull @DefaultValue("15m") Duration signInFailureWindow,
        @Min(0) @DefaultValue("0") int passwordHashesAtOnce) {

    /** {@link #passwordHashesAtOnce}, with 0 read as the number of cores. */
    public int hashesAtOnce() {
        return passwordHashesAtOnce == 0 ? Runtime.getRuntime().availableProcessors() : passwordHashesAtOnce;
    }
}
