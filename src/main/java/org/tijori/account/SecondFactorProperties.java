package org.tijori.account;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Second factors: an authenticator app (TOTP), passkeys and recovery codes.
 *
 * @param triesPerAccount how many second-factor codes (app codes and recovery codes) one account may try in
 *                        15 minutes; each try counts, right or wrong, and is counted before it is checked
 * @param triesPerAddress how many one client address may try in 15 minutes, whatever the account
 * @param resetDelay how long after a resident proved the mobile number to reset lost second factors the
 *                   factors are actually removed; meanwhile an SMS says so and a signed-in session can cancel
 */
@Validated
@ConfigurationProperties("tijori.account.second-factor")
public record SecondFactorProperties(@Min(1) @DefaultValue("10") int triesPerAccount,
        @Min(1) @DefaultValue("50") int triesPerAddress,
        @NotNull @DefaultValue("24h") Duration resetDelay) {
}
