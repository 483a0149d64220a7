package org.tijori.sharing;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of share links (issue 17).
 *
 * @param sharesPerHour how many shares one resident may create an hour
 * @param mailsPerRecipientPerDay how many share e-mails one recipient address may receive a day, from all residents
 * @param openingsPerMinute how many requests one client address may make to share links ({@code /s/**}) a minute
 * @param codeTries how many wrong access codes lock a link
 * @param visit how long a counted opening lets the recipient view and download without counting again
 * @param maxDocuments the most documents one share holds
 * @param maxViews the highest limit of openings a resident may set
 */
@ConfigurationProperties("tijori.sharing")
@Validated
public record SharingProperties(@DefaultValue("20") @Min(1) int sharesPerHour,
        @DefaultValue("10") @Min(1) int mailsPerRecipientPerDay,
        @DefaultValue("60") @Min(1) int openingsPerMinute,
        @DefaultValue("5") @Min(1) @Max(20) int codeTries,
        @DefaultValue("30m") @NotNull Duration visit,
        @DefaultValue("20") @Min(1) int maxDocuments,
        @DefaultValue("1000") @Min(1) int maxViews) {
}
