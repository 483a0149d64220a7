package org.tijori.notification;

import java.time.Duration;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How e-mail is sent from the outbox. The SMTP server itself is Spring Boot's {@code spring.mail.*}
 * ({@code host}, {@code port}, {@code username}, {@code password}, {@code properties.*}); without
 * {@code spring.mail.host}, messages go to the log and to {@code data-dir/mail-outbox/}.
 *
 * @param from the sender, an address with an optional name: {@code Tijori <no-reply@example.org>}
 * @param maxAttempts how many times a message is tried before it is given up
 * @param firstRetry the wait after the first failed attempt, doubled after each later one
 * @param maxRetry the longest wait between two attempts
 * @param batchSize how many messages a node claims at a time
 * @param claimTimeout how long a claimed message is held for the node that claimed it; after that (the node
 *                     died) another node may send it
 * @param pollInterval how often each node looks for due messages, besides being woken after each commit
 *                     that stored one
 * @param retention how long sent and given-up messages are kept before they are removed
 */
@Validated
@ConfigurationProperties("tijori.mail")
record MailSettings(
        @NotBlank @DefaultValue("Tijori <no-reply@localhost>") String from,
        @Min(1) @Max(50) @DefaultValue("10") int maxAttempts,
        @NotNull @DefaultValue("1m") Duration firstRetry,
        @NotNull @DefaultValue("1h") Duration maxRetry,
        @Min(1) @Max(1000) @DefaultValue("50") int batchSize,
        @NotNull @DefaultValue("5m") Duration claimTimeout,
        @NotNull @DefaultValue("5s") Duration pollInterval,
        @NotNull @DefaultValue("7d") Duration retention) {

    @AssertTrue(message = "tijori.mail.from must be one address, optionally with a name: Tijori <no-reply@example.org>")
    public boolean isFromAnAddress() {
        return from == null || sender() != null;
    }

    @AssertTrue(message = "tijori.mail durations must be positive, and max-retry at least first-retry")
    public boolean isTimingSensible() {
        return firstRetry == null || maxRetry == null || claimTimeout == null || pollInterval == null
                || retention == null || (positive(firstRetry) && positive(maxRetry) && positive(claimTimeout)
                        && positive(pollInterval) && positive(retention) && maxRetry.compareTo(firstRetry) >= 0);
    }

    /** The sender as a header value, or {@code null} when {@link #from()} is not one address. */
    InternetAddress sender() {
        if (from == null || from.indexOf('\r') >= 0 || from.indexOf('\n') >= 0) {
            return null;
        }
        try {
            InternetAddress[] parsed = InternetAddress.parseHeader(from, true);
            if (parsed.length != 1 || parsed[0].isGroup() || parsed[0].getAddress().indexOf('@') < 1) {
                return null;
            }
            parsed[0].validate();
            return parsed[0];
        }
        catch (AddressException e) {
            return null;
        }
    }

    /** The wait before the attempt after {@code failedAttempts} failed ones: doubled each time, capped. */
    Duration backoff(int failedAttempts) {
        Duration wait = firstRetry;
        for (int i = 1; i < failedAttempts && wait.compareTo(maxRetry) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
