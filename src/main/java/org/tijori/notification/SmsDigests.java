package org.tijori.notification;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
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
 * once; one the provider refuses is marked failed and stays listed. A resident with a verified e-mail address who
 * did not switch e-mail off also gets each digest by e-mail, stored in the mail outbox in the same transaction (also
 * when the day's text messages are used up, as e-mail costs nothing a message).
 */
@Component
class SmsDigests {

    private static final Logger log = LoggerFactory.getLogger(SmsDigests.class);

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
    @SchedulerLock(name = "notice-sms", lockAtMostFor = "10m")
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
                group by account_id order by min(created_at) limit ?""")
                .params(due, properties.smsPerRun())
                .query((rs, row) -> rs.getObject("account_id", UUID.class)).list();
        LocalDate today = LocalDate.ofInstant(now, IndianTime.ZONE);
        int sent = 0;
        for (UUID resident : residents) {
            if (send(new AccountId(resident), due, today)) {
                sent++;
            }
        }
        return sent;
    }

    private boolean send(AccountId account, OffsetDateTime due, LocalDate today) {
        Outgoing outgoing = transactions.execute(tx -> settle(account, due, today));
        if (outgoing == null) {
            return false;
        }
        try {
            sms.send(outgoing.to(), texts.sms(account, outgoing.notices()));
            return true;
        }
        catch (SmsNotSentException e) {
            log.warn("Could not tell a resident of {} notices by SMS: {}", outgoing.notices().size(), e.getMessage());
            jdbc.sql("update notification_notice set sms_state = 'FAILED' where account_id = ? and id = any(?)")
                    .params(account.value(), outgoing.notices().stream().map(Notice::id).toArray(UUID[]::new))
                    .update();
            return false;
        }
    }

    /** Claims the resident's due notices and marks them with what becomes of them; the message to send, if any. */
    private Outgoing settle(AccountId account, OffsetDateTime due, LocalDate today) {
        List<Notice> notices = jdbc.sql("""
                select id, kind, uri, doc_name, valid_to, created_at, read_at from notification_notice
                where account_id = ? and sms_state = 'PENDING' and created_at <= ?
                order by created_at, id for update skip locked""")
                .params(account.value(), due).query(SmsDigests::notice).list();
        if (notices.isEmpty()) {
            return null;
        }
        UUID[] ids = notices.stream().map(Notice::id).toArray(UUID[]::new);
        MobileNumber mobile = accounts.find(account).filter(found -> !found.deletionScheduled())
                .map(ResidentAccount::mobile).orElse(null);
        int sentToday = jdbc.sql("select sent from notification_sms_day where account_id = ? and day = ?")
                .params(account.value(), today).query(Integer.class).optional().orElse(0);
        String state = mobile == null ? "OFF" : sentToday >= properties.smsPerResidentPerDay() ? "CAPPED" : "SENT";
        jdbc.sql("update notification_notice set sms_state = ? where account_id = ? and id = any(?)")
                .params(state, account.value(), ids).update();
        if (mobile != null) {
            mail(account, notices);
        }
        if (!"SENT".equals(state)) {
            return null;
        }
        jdbc.sql("""
                insert into notification_sms_day (account_id, day, sent) values (?, ?, 1)
                on conflict (account_id, day) do update set sent = notification_sms_day.sent + 1""")
                .params(account.value(), today).update();
        return new Outgoing(mobile, notices);
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

    private record Outgoing(MobileNumber to, List<Notice> notices) {
    }
}
