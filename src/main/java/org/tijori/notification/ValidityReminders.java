package org.tijori.notification;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.IndianTime;
import org.tijori.issuer.DocumentHolders;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code tijori.notification.reminder-interval}, on one node (ShedLock {@code validity-reminders}): a notice
 * for each valid document whose validity ends within {@code tijori.notification.reminder-days} days (India's date),
 * once per version and last day of validity however often it runs.
 */
@Component
class ValidityReminders {

    private static final Logger log = LoggerFactory.getLogger(ValidityReminders.class);

    static final int BATCH = 500;

    private final DocumentHolders holders;

    private final ResidentNotices notices;

    private final NotificationProperties properties;

    private final Clock clock;

    ValidityReminders(DocumentHolders holders, ResidentNotices notices, NotificationProperties properties,
            Clock clock) {
        this.holders = holders;
        this.notices = notices;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${tijori.notification.reminder-interval:6h}",
            fixedDelayString = "${tijori.notification.reminder-interval:6h}")
    @SchedulerLock(name = "validity-reminders")
    public void remindOnSchedule() {
        int made = remindDue();
        if (made > 0) {
            log.info("Made {} reminders of documents whose validity ends within {} days", made,
                    properties.reminderDays());
        }
    }

    /** Makes the reminders due today; returns how many were new. */
    int remindDue() {
        LocalDate today = LocalDate.now(clock.withZone(IndianTime.ZONE));
        LocalDate until = today.plusDays(properties.reminderDays());
        int made = 0;
        DocumentHolders.Ending after = null;
        List<DocumentHolders.Ending> page;
        do {
            page = holders.endingBetween(today, until, after, BATCH);
            for (DocumentHolders.Ending ending : page) {
                if (notices.record(ending.account(), NoticeKind.EXPIRING, ending.uri().toString(), ending.docName(),
                        "v" + ending.version() + "-" + ending.validTo(), ending.validTo())) {
                    made++;
                }
            }
            after = page.isEmpty() ? null : page.get(page.size() - 1);
        }
        while (page.size() == BATCH);
        return made;
    }
}
