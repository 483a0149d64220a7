package org.tijori.notification;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every hour, on one node (ShedLock {@code mail-outbox-purge}): removes messages sent or given up longer
 * than {@code tijori.mail.retention} ago, a bounded batch per statement, so that the outbox does not grow
 * with every e-mail ever sent (and does not keep the links they carried).
 */
@Component
class MailPurge {

    private static final Logger log = LoggerFactory.getLogger(MailPurge.class);

    static final int BATCH = 1000;

    private final JdbcClient jdbc;

    private final MailSettings settings;

    private final Clock clock;

    MailPurge(JdbcClient jdbc, MailSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(initialDelay = 300_000, fixedDelay = 3_600_000)
    @SchedulerLock(name = "mail-outbox-purge")
    public void purgeOnSchedule() {
        int purged = purge(clock.instant().minus(settings.retention()));
        if (purged > 0) {
            log.info("Removed {} e-mails sent or given up more than {} ago from the outbox", purged,
                    settings.retention());
        }
    }

    /**
     * Removes messages sent or given up before {@code cutoff}.
     *
     * @return how many were removed
     */
    int purge(Instant cutoff) {
        OffsetDateTime before = OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC);
        int purged = 0;
        int removed;
        do {
            removed = jdbc.sql("""
                    delete from notification_mail_outbox
                    where id in (select id from notification_mail_outbox where sent_at < ? limit ?)""")
                    .params(before, BATCH).update();
            purged += removed;
        }
        while (removed == BATCH);
        do {
            removed = jdbc.sql("""
                    delete from notification_mail_outbox
                    where id in (select id from notification_mail_outbox where failed_at < ? limit ?)""")
                    .params(before, BATCH).update();
            purged += removed;
        }
        while (removed == BATCH);
        return purged;
    }
}
