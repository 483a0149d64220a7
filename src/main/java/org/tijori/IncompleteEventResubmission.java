package org.tijori;

import java.time.Duration;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers module events whose listener did not finish (a crash after commit, a failing listener)
 * by resubmitting them once they are {@code tijori.events.resubmit-after} old (5 minutes: longer than any
 * listener runs), and forgets delivered events after a week.
 * One node does it at a time, so that a publication is not delivered twice by two nodes at once.
 */
@Component
class IncompleteEventResubmission {

    static final Duration KEEP_COMPLETED = Duration.ofDays(7);

    private static final Logger log = LoggerFactory.getLogger(IncompleteEventResubmission.class);

    private final IncompleteEventPublications incomplete;

    private final CompletedEventPublications completed;

    private final Duration resubmitAfter;

    IncompleteEventResubmission(IncompleteEventPublications incomplete, CompletedEventPublications completed,
            EventResubmissionProperties properties) {
        this.incomplete = incomplete;
        this.completed = completed;
        this.resubmitAfter = properties.resubmitAfter();
    }

    @Scheduled(initialDelayString = "${tijori.events.resubmission-interval:1m}",
            fixedDelayString = "${tijori.events.resubmission-interval:1m}")
    @SchedulerLock(name = "event-publication-resubmission")
    void resubmit() {
        incomplete.resubmitIncompletePublicationsOlderThan(resubmitAfter);
        completed.deletePublicationsOlderThan(KEEP_COMPLETED);
        log.debug("Resubmitted incomplete event publications older than {}", resubmitAfter);
    }
}
