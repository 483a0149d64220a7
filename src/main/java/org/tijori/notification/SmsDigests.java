package org.tijori.notification;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.IndianTime;
import org.tijori.TijoriProperties;
import org.tijori.account.AccountId;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.account.ResidentContact;
import org.tijori.account.SmsNotSentException;
import org.tijori.account.SmsSender;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every {@code tijori.notification.sms-interval}, on one node (ShedLock {@code notice-sms}): the notices older than
 * {@code sms-gathering} that wait for a text message go out as one message per resident (the notice, or how many
 * there are), at most {@code sms-per-run} messages a run and {@code sms-per-resident-per-day} a resident a day. A
 * bulk publication of ten thousand documents thus leaves at a steady rate, and one resident receiving a hundred
 * documents gets one message. A notice's state is settled before its message leaves, so a message is sent at most
 * once a try; one the gateway does not take is tried again later ({@code sms-retry-after}, doubling up to an hour)
 * and marked failed after {@code sms-tries} runs, staying listed. A resident with a verified e-mail address who
 * did not switch e-mail off also gets each digest by e-mail, stored in the mail outbox in the same transaction (also
 * when the day's text messages are used up, as e-mail costs nothing a message).
 */
@Component
class SmsDigests {

    private static final Logger log = LoggerFactory.getLogger(SmsDigests.class);

    private static final Duration MOST_BACK_OFF = Duration.ofHours(1);

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final ResidentAccounts accounts;

    private final SmsSender sms;

    private final NoticeTexts texts;

    private final NotificationProperties properties;

    private final Clock clock;

    private final ResidentNotices notices;

    private final MailOutbox outbox;

    private final URI notificationsPage;

    SmsDigests(JdbcClient jdbc, TransactionTemplate transactions, ResidentAccounts accounts, SmsSender sms,
            NoticeTexts texts, NotificationProperties properties, Clock clock, ResidentNotices notices,
            MailOutbox outbox, TijoriProperties tijori) {
        this.notices = notices;
        this.outbox = outbox;
        String base = tijori.baseUrl().toString();
        this.notificationsPage = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/dashboard/notifications");
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.accounts = accounts;
        this.sms = sms;
        this.texts = texts;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${tijori.notification.sms-interval:1m}",
            fixedDelayString = "${tijori.notification.sms-interval:1m}")
    @SchedulerLock(name = "notice-sms")
    public void sendOnSchedule() {
        int sent = sendDue();
        if (sent > 0) {
            log.info("Sent {} notice text messages", sent);
        }
        // The daily counts matter for today only; yesterday's is kept for a node whose clock lags.
        jdbc.sql("delete from notification_sms_day where day < ?")
                .param(LocalDate.ofInstant(clock.instant(), IndianTime.ZONE).minusDays(1)).update();
    }

    /** Sends the messages due now, within the limits; returns how many were sent. */
    int sendDue() {
        Instant now = clock.instant();
        OffsetDateTime due = ResidentNotices.utc(now.minus(properties.smsGathering()));
        List<UUID> residents = jdbc.sql("""
                select account_id from notification_notice where sms_state = 'PENDING' and created_at <= ?
                and (sms_retry_at is null or sms_retry_at <= ?)
                group by account_id order by min(created_at) limit ?""")
                .params(due, ResidentNotices.utc(now), properties.smsPerRun())
                .query((rs, row) -> rs.getObject("account_id", UUID.class)).list();
        LocalDate today = LocalDate.ofInstant(now, IndianTime.ZONE);
        int sent = 0;
        for (UUID resident : residents) {
            if (send(new AccountId(resident), due, now, today)) {
                sent++;
            }
        }
        return sent;
    }

    private boolean send(AccountId account, OffsetDateTime due, Instant now, LocalDate today) {
        Outgoing outgoing = transactions.execute(tx -> settle(account, due, now, today));
        if (outgoing == null) {
            return false;
        }
        try {
            sms.send(outgoing.to(), texts.sms(account, outgoing.notices()));
            return true;
        }
        catch (SmsNotSentException e) {
            log.warn("Could not tell a resident of {} notices by SMS (try {} of {}): {}", outgoing.notices().size(),
                    outgoing.tries() + 1, properties.smsTries(), e.getMessage());
            tryAgainLater(account, outgoing, now, today);
            return false;
        }
    }

    /**
     * Puts the notices of a message the gateway did not take back in the queue, after a back-off that doubles with
     * each try up to an hour, or marks them failed after the last try; the message no longer counts for the day.
     */
    private void tryAgainLater(AccountId account, Outgoing outgoing, Instant now, LocalDate today) {
        Duration backOff = properties.smsRetryAfter().multipliedBy(1L << Math.min(outgoing.tries(), 20));
        Instant retryAt = now.plus(backOff.compareTo(MOST_BACK_OFF) > 0 ? MOST_BACK_OFF : backOff);
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("""
                    update notification_notice
                    set sms_tries = sms_tries + 1, sms_retry_at = ?,
                        sms_state = case when sms_tries + 1 >= ? then 'FAILED' else 'PENDING' end
                    where account_id = ? and id = any(?)""")
                    .params(ResidentNotices.utc(retryAt), properties.smsTries(), account.value(),
                            outgoing.notices().stream().map(Notice::id).toArray(UUID[]::new))
                    .update();
            jdbc.sql("update notification_sms_day set sent = sent - 1 where account_id = ? and day = ? and sent > 0")
                    .params(account.value(), today).update();
        });
    }

    /** Claims the resident's due notices and marks them with what becomes of them; the message to send, if any. */
    private Outgoing settle(AccountId account, OffsetDateTime due, Instant now, LocalDate today) {
        record Waiting(Notice notice, int tries) {
        }
        List<Waiting> waiting = jdbc.sql("""
                select id, kind, uri, doc_name, valid_to, created_at, read_at, sms_tries from notification_notice
                where account_id = ? and sms_state = 'PENDING' and created_at <= ?
                and (sms_retry_at is null or sms_retry_at <= ?)
                order by created_at, id for update skip locked""")
                .params(account.value(), due, ResidentNotices.utc(now))
                .query((rs, row) -> new Waiting(notice(rs, row), rs.getInt("sms_tries"))).list();
        if (waiting.isEmpty()) {
            return null;
        }
        List<Notice> notices = waiting.stream().map(Waiting::notice).toList();
        int tries = waiting.stream().mapToInt(Waiting::tries).max().orElse(0);
        // A notice tried before was in a digest by e-mail then.
        List<Notice> fresh = waiting.stream().filter(each -> each.tries() == 0).map(Waiting::notice).toList();
        UUID[] ids = notices.stream().map(Notice::id).toArray(UUID[]::new);
        MobileNumber mobile = accounts.find(account).filter(found -> !found.deletionScheduled())
                .map(ResidentAccount::mobile).orElse(null);
        int sentToday = jdbc.sql("select sent from notification_sms_day where account_id = ? and day = ?")
                .params(account.value(), today).query(Integer.class).optional().orElse(0);
        String state = mobile == null ? "OFF" : sentToday >= properties.smsPerResidentPerDay() ? "CAPPED" : "SENT";
        jdbc.sql("update notification_notice set sms_state = ? where account_id = ? and id = any(?)")
                .params(state, account.value(), ids).update();
        if (mobile != null && !fresh.isEmpty()) {
            mail(account, fresh);
        }
        if (!"SENT".equals(state)) {
            return null;
        }
        jdbc.sql("""
                insert into notification_sms_day (account_id, day, sent) values (?, ?, 1)
                on conflict (account_id, day) do update set sent = notification_sms_day.sent + 1""")
                .params(account.value(), today).update();
        return new Outgoing(mobile, notices, tries);
    }

    /** The digest by e-mail, when the resident wants e-mail and has a verified address. */
    private void mail(AccountId account, List<Notice> digest) {
        if (!notices.preferences(account).byEmail()) {
            return;
        }
        accounts.contactOf(account).flatMap(ResidentContact::email).ifPresent(address -> outbox.send(new MailMessage(
                new MailAddress(address.value()), texts.mailSubject(account, digest),
                texts.mailText(account, digest, notificationsPage))));
    }

    private static Notice notice(ResultSet rs, int row) throws SQLException {
        return new Notice(rs.getObject("id", UUID.class), NoticeKind.valueOf(rs.getString("kind")), rs.getString("uri"),
                rs.getString("doc_name"), rs.getObject("valid_to", LocalDate.class),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), null);
    }

    /** A message to send: its notices, and how many runs tried them before (the most of any). */
    private record Outgoing(MobileNumber to, List<Notice> notices, int tries) {
    }
}
