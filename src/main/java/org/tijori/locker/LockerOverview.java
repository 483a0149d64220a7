package org.tijori.locker;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.tijori.account.AccountId;
import org.tijori.issuer.HeldDocument;
import org.tijori.issuer.HeldDocuments;

import org.springframework.stereotype.Service;

/**
 * What the dashboard shows of a locker: how much it holds, what is new, what runs out soon and what
 * an issuer withdrew.
 */
@Service
public class LockerOverview {

    /** How far ahead the dashboard warns of documents running out. */
    public static final int EXPIRY_WARNING_DAYS = 60;

    static final int SHOWN = 5;

    private static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");

    private final HeldDocuments held;

    private final UploadedDocuments uploads;

    private final Clock clock;

    LockerOverview(HeldDocuments held, UploadedDocuments uploads, Clock clock) {
        this.held = held;
        this.uploads = uploads;
        this.clock = clock;
    }

    public Overview of(AccountId account) {
        LocalDate today = LocalDate.now(clock.withZone(INDIA));
        HeldDocuments.Page newest = held.list(account, HeldDocuments.Filter.NONE, 0, SHOWN);
        return new Overview(newest.total(), uploads.count(account),
                uploads.usage(account), newest.documents(), uploads.list(account, null).stream().limit(SHOWN).toList(),
                held.expiring(account, today, today.plusDays(EXPIRY_WARNING_DAYS), SHOWN),
                held.withdrawn(account, SHOWN), today);
    }

    /**
     * A locker at a glance.
     *
     * @param expiring valid documents that run out within {@link #EXPIRY_WARNING_DAYS} days
     * @param withdrawn documents their issuer revoked or suspended
     */
    public record Overview(long issuedCount, long uploadedCount, Usage usage, List<HeldDocument> newestIssued,
            List<UploadedDocument> newestUploaded, List<HeldDocument> expiring, List<HeldDocument> withdrawn,
            LocalDate today) {
    }
}
