package org.tijori.web;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How many requests without a body do their work at once (see {@link AdmissionGate}).
 *
 * @param places how many at once; 0 means four for each processor the JVM sees
 * @param maxWait how long a request waits for its turn before it answers 503
 * @param maxAnonymousMultipart the largest multipart body taken from someone not signed in (see
 *                              {@link AnonymousBodyLimit}); as large as an issuer's push
 *                              ({@code tijori.issuer.max-push-size}), which may come as a DigiLocker form
 * @param maxAnonymousJson the largest JSON body taken from someone not signed in (see {@link AnonymousBodyLimit}):
 *                         an issuer's registration with its certificate and doc types, or a requester's
 */
@ConfigurationProperties("tijori.web.admission")
@Validated
public record AdmissionProperties(@DefaultValue("0") @Min(0) int places, @DefaultValue("10s") @NotNull Duration maxWait,
        @DefaultValue("20MB") @NotNull DataSize maxAnonymousMultipart,
        @DefaultValue("256KB") @NotNull DataSize maxAnonymousJson) {

    static final int PLACES_PER_PROCESSOR = 4;

    int effectivePlaces() {
        return places > 0 ? places : PLACES_PER_PROCESSOR * Runtime.getRuntime().availableProcessors();
    }
}
