package org.tijori.audit;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Re-verifies the whole chain in the background on one node at a time and publishes the outcome as
 * the gauge {@code tijori.audit.chain.intact} (1 intact, 0 broken, -1 not checked yet), so that
 * tampering raises an alert without anyone asking.
 */
@Component
class AuditVerificationJob {

    private static final Logger log = LoggerFactory.getLogger(AuditVerificationJob.class);

    private final AuditTrail trail;

    private final AtomicInteger intact = new AtomicInteger(-1);

    AuditVerificationJob(AuditTrail trail, MeterRegistry meters) {
        this.trail = trail;
        Gauge.builder("tijori.audit.chain.intact", intact, AtomicInteger::get)
                .description("1 when the last verification found the activity trail intact, 0 when it did not")
                .register(meters);
    }

    @Scheduled(initialDelayString = "${tijori.audit.verify-interval:1h}",
            fixedDelayString = "${tijori.audit.verify-interval:1h}")
    @SchedulerLock(name = "audit-verification")
    void verify() {
        AuditVerification result = trail.verify();
        intact.set(result.intact() ? 1 : 0);
        if (result.intact()) {
            log.info("Activity trail verified: {} entries intact", result.entriesChecked());
        }
        else {
            log.error("Activity trail is broken at entry {}: {}", result.firstBrokenEntry(), result.problem());
        }
    }
}
