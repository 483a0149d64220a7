package org.tijori.locker;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of residents' lockers.
 *
 * @param maxUploadSize the largest file a resident may upload
 * @param quota how much a resident may keep in uploaded documents, the recycle bin included
 * @param uploadTypes the media types an upload may have, as its content says (not its name)
 * @param binRetention how long a deleted upload stays in the recycle bin
 * @param uploadsPerHour how many uploads one resident may make an hour
 */
@ConfigurationProperties("tijori.locker")
@Validated
public record LockerProperties(@DefaultValue("10MB") @NotNull DataSize maxUploadSize,
        @DefaultValue("1GB") @NotNull DataSize quota,
        @DefaultValue({ "application/pdf", "image/jpeg", "image/png" }) @NotEmpty List<String> uploadTypes,
        @DefaultValue("30d") @NotNull Duration binRetention,
        @DefaultValue("200") @Min(1) int uploadsPerHour) {
}
