package org.tijori.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.tijori.account.AccountId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A resident's notices about their issued documents (a document arrived, was revoked, suspended or withdrawn, or its
 * validity ends soon) and their choice of which ones also come by text message. Every query is bounded by the
 * account: a resident sees their own notices only.
 */
@Service
public class ResidentNotices {

    /** The most notices one page lists. */
    public static final int PAGE = 50;

    private final JdbcClient jdbc;

    private final Clock clock;

    ResidentNotices(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The newest notices, read or not, newest first. */
    public List<Notice> latest(AccountId account, int limit) {
        return page(account, 0, limit);
    }

    /** A page of notices, newest first, skipping {@code offset}. */
    public List<Notice> page(AccountId account, int offset, int limit) {
        return jdbc.sql("""
                select id, kind, uri, doc_name, valid_to, created_at, read_at from notification_notice
                where account_id = ? order by created_at desc, id limit ? offset ?""")
                .params(account.value(), Math.max(1, Math.min(PAGE, limit)), Math.max(0, offset))
                .query(ResidentNotices::notice).list();
    }

    public long count(AccountId account) {
        return jdbc.sql("select count(*) from notification_notice where account_id = ?").param(account.value())
                .query(Long.class).single();
    }

    public long unreadCount(AccountId account) {
        return jdbc.sql("select count(*) from notification_notice where account_id = ? and read_at is null")
                .param(account.value()).query(Long.class).single();
    }

    /** Marks every unread notice read; returns how many were unread. */
    @Transactional
    public int markAllRead(AccountId account) {
        return jdbc.sql("update notification_notice set read_at = ? where account_id = ? and read_at is null")
                .params(utc(clock.instant()), account.value()).update();
    }

    public NoticePreferences preferences(AccountId account) {
        return jdbc.sql("""
                select arrivals, withdrawals, reminders, by_email from notification_preference where account_id = ?""")
                .param(account.value())
                .query((rs, row) -> new NoticePreferences(rs.getBoolean("arrivals"), rs.getBoolean("withdrawals"),
                        rs.getBoolean("reminders"), rs.getBoolean("by_email")))
                .optional().orElse(NoticePreferences.EVERYTHING);
    }

    /** Keeps the resident's choice; notices already waiting for their text message follow it too. */
    @Transactional
    public void changePreferences(AccountId account, NoticePreferences preferences) {
        jdbc.sql("""
                insert into notification_preference (account_id, arrivals, withdrawals, reminders, by_email,
                                                     changed_at)
                values (?, ?, ?, ?, ?, ?)
                on conflict (account_id) do update set arrivals = excluded.arrivals,
                    withdrawals = excluded.withdrawals, reminders = excluded.reminders, by_email = excluded.by_email,
                    changed_at = excluded.changed_at""")
                .params(account.value(), preferences.arrivals(), preferences.withdrawals(), preferences.reminders(),
                        preferences.byEmail(), utc(clock.instant()))
                .update();
        for (NoticeKind kind : NoticeKind.values()) {
            if (!preferences.wants(kind)) {
                jdbc.sql("""
                        update notification_notice set sms_state = 'OFF'
                        where account_id = ? and kind = ? and sms_state = 'PENDING'""")
                        .params(account.value(), kind.name()).update();
            }
        }
    }

    /**
     * Records a notice unless the same one is there: {@code occurrence} names what it is about (a version, a status
     * change, a last day of validity), so that an event delivered twice or a job run twice notifies once.
     *
     * @return whether the notice is new
     */
    boolean record(AccountId account, NoticeKind kind, String uri, String docName, String occurrence,
            LocalDate validTo) {
        boolean sms = preferences(account).wants(kind);
        return jdbc.sql("""
                insert into notification_notice (account_id, id, kind, uri, doc_name, occurrence, valid_to, created_at,
                                                 sms_state)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (account_id, kind, uri, occurrence) do nothing""")
                .params(account.value(), UUID.randomUUID(), kind.name(), uri, docName == null ? uri : docName,
                        occurrence, validTo, utc(clock.instant()), sms ? "PENDING" : "OFF")
                .update() == 1;
    }

    /** Forgets everything kept for an account that is gone. */
    @Transactional
    void forget(AccountId account) {
        jdbc.sql("delete from notification_notice where account_id = ?").param(account.value()).update();
        jdbc.sql("delete from notification_preference where account_id = ?").param(account.value()).update();
        jdbc.sql("delete from notification_sms_day where account_id = ?").param(account.value()).update();
    }

    private static Notice notice(ResultSet rs, int row) throws SQLException {
        OffsetDateTime read = rs.getObject("read_at", OffsetDateTime.class);
        return new Notice(rs.getObject("id", UUID.class), NoticeKind.valueOf(rs.getString("kind")), rs.getString("uri"),
                rs.getString("doc_name"), rs.getObject("valid_to", LocalDate.class),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), read == null ? null : read.toInstant());
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
