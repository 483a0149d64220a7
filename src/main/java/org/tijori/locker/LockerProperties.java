package org.tijori.locker;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
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
 * @param preview how thumbnails and previews are drawn from content nobody vouches for
 */
@ConfigurationProperties("tijori.locker")
@Validated
public record LockerProperties(@DefaultValue("10MB") @NotNull DataSize maxUploadSize,
        @DefaultValue("1GB") @NotNull DataSize quota,
        @DefaultValue({ "application/pdf", "image/jpeg", "image/png" }) @NotEmpty List<String> uploadTypes,
        @DefaultValue("30d") @NotNull Duration binRetention,
        @DefaultValue("200") @Min(1) int uploadsPerHour,
        @Valid @NotNull @DefaultValue Preview preview) {

    /**
     * Limits on drawing thumbnails of uploads and previews of issued documents: a PDF or a picture may
     * claim any size and take any time, so every drawing is sized before it starts, watched while it
     * runs, and counted.
     *
     * @param maxPixels the most pixels one thumbnail or preview may have; a page or picture is drawn smaller
     *                  (about 8 MB of memory for 2 million pixels)
     * @param maxImagePixels the most pixels a picture (an upload, or an image inside a PDF) may claim to be
     *                       decoded at all, however much it is scaled down
     * @param timeout how long one drawing may take; a longer one is abandoned and the document has no preview
     * @param atOnce how many drawings one node makes at once; 0 means one for each processor
     * @param maxWait how long a request waits for a free drawer before it answers 503 with Retry-After
     * @param maxMemory how much of a PDF's working streams is kept in memory while it is drawn; more goes to
     *                  a temporary file, up to sixteen times this
     */
    public record Preview(@DefaultValue("2000000") @Min(10_000) long maxPixels,
            @DefaultValue("40000000") @Min(10_000) long maxImagePixels,
            @DefaultValue("10s") @NotNull Duration timeout,
            @DefaultValue("0") @Min(0) int atOnce,
            @DefaultValue("2s") @NotNull Duration maxWait,
            @DefaultValue("16MB") @NotNull DataSize maxMemory) {

        int effectiveAtOnce() {
            return atOnce > 0 ? atOnce : Runtime.getRuntime().availableProcessors();
        }
    }
}
