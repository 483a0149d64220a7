package org.tijori.notification;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What residents are told about their issued documents, and how often text messages may reach them. Every notice is
 * listed on the resident's dashboard; text messages go out in digests, so that an issuer publishing thousands of
 * documents at once never makes thousands of messages leave in a burst.
 *
 * @param reminderDays a reminder is made for a valid document whose validity ends within this many days (once per
 *                     version and last day of validity)
 * @param reminderInterval how often the reminder job looks for such documents (on one node at a time)
 * @param smsGathering how long a notice waits before its text message leaves, so that notices arriving together
 *                     (a bulk publication) reach a resident as one message
 * @param smsInterval how often the digest job sends the text messages that are due (on one node at a time)
 * @param smsPerRun at most this many text messages per run of the digest job, every resident together: the rate
 *                  limit towards the SMS provider; the rest wait for the next run
 * @param smsPerResidentPerDay at most this many notice messages reach one resident a day (India's date); notices past
 *                             it are only listed (0 sends none)
 * @param smsRetryAfter how long after the SMS gateway did not take a message its notices are tried again, doubling
 *                      with each try up to an hour, so that a gateway down for hours loses nothing
 * @param smsTries how many runs try a notice's message before it is marked failed (it stays listed, and goes in the
 *                 e-mail digest)
 */
@Validated
@ConfigurationProperties("tijori.notification")
record NotificationProperties(
        @Min(1) @Max(365) @DefaultValue("30") int reminderDays,
        @NotNull @DefaultValue("6h") Duration reminderInterval,
        @NotNull @DefaultValue("2m") Duration smsGathering,
        @NotNull @DefaultValue("1m") Duration smsInterval,
        @Min(1) @Max(100_000) @DefaultValue("300") int smsPerRun,
        @Min(0) @Max(100) @DefaultValue("3") int smsPerResidentPerDay,
        @NotNull @DefaultValue("1m") Duration smsRetryAfter,
        @Min(1) @Max(100) @DefaultValue("10") int smsTries) {

    @AssertTrue(message = "tijori.notification intervals must be positive and sms-gathering not negative")
    public boolean isTimingSensible() {
        return reminderInterval == null || smsInterval == null || smsGathering == null || smsRetryAfter == null
                || (positive(reminderInterval) && positive(smsInterval) && !smsGathering.isNegative()
                        && positive(smsRetryAfter));
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
