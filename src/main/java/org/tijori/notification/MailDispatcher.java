package org.tijori.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Delivers the outbox from one thread of its own, never from a request: every {@code poll-interval}, and at
 * once when {@link #wake()} is called after a commit that stored a message. Several nodes may dispatch at the
 * same time: each claims a batch of due messages with {@code FOR UPDATE SKIP LOCKED}, marks them as its own
 * until {@code claim-timeout} and counts the attempt, hands the batch to the transport (one SMTP connection for
 * the batch), and records each outcome only while it still holds the claim. A failed attempt is tried again
 * after a doubling back-off; after {@code max-attempts} the message is given up and logged once, without its
 * body.
 */
class MailDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);

    static final int MAX_ERROR = 300;

    /** How often at most a failed attempt that will be tried again is logged at WARN (the others at DEBUG). */
    static final Duration WARN_EVERY = Duration.ofMinutes(15);

    private final JdbcClient jdbc;

    private final MailComposer composer;

    private final MailTransport transport;

    private final MailSettings settings;

    private final Clock clock;

    /** This dispatcher's mark on the messages it claims. */
    private final UUID claimant = UUID.randomUUID();

    private final AtomicBoolean queued = new AtomicBoolean();

    private final Counter sent;

    private final Counter failedAttempts;

    private final Counter givenUp;

    private volatile ScheduledThreadPoolExecutor worker;

    private volatile boolean stopping;

    /** When a failed attempt was last logged at WARN ({@link System#nanoTime()}), or {@code null}: never. */
    private final AtomicReference<Long> lastWarned = new AtomicReference<>();

    MailDispatcher(JdbcClient jdbc, MailComposer composer, MailTransport transport, MailSettings settings,
            Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.composer = composer;
        this.transport = transport;
        this.settings = settings;
        this.clock = clock;
        this.sent = Counter.builder("tijori.mail.sent").description("E-mails handed to the mail server (or the log)")
                .register(meters);
        this.failedAttempts = Counter.builder("tijori.mail.attempts.failed")
                .description("Attempts to deliver an e-mail that failed and will be tried again or given up")
                .register(meters);
        this.givenUp = Counter.builder("tijori.mail.given-up")
                .description("E-mails given up after tijori.mail.max-attempts failed attempts").register(meters);
        Gauge.builder("tijori.mail.outbox.pending", this, MailDispatcher::pending)
                .description("E-mails in the outbox neither sent nor given up yet, on every node alike")
                .register(meters);
    }

    /** Counted on each scrape, by the index the dispatcher itself searches; the same on every node. */
    private double pending() {
        return jdbc.sql("select count(*) from notification_mail_outbox where sent_at is null and failed_at is null")
                .query(Long.class).single();
    }

    /** Asks for a delivery round soon, on the dispatcher's thread; a round already waiting covers this one. */
    void wake() {
        ScheduledThreadPoolExecutor current = worker;
        if (current != null && queued.compareAndSet(false, true)) {
            try {
                current.execute(this::round);
            }
            catch (RuntimeException e) {
                // Stopping: the next node or the next start sends it.
                queued.set(false);
            }
        }
    }

    private void round() {
        queued.set(false);
        try {
            dispatch();
        }
        catch (RuntimeException e) {
            // The database is unreachable, say: the next poll tries again.
            log.warn("Could not deliver the e-mail outbox: {}", summary(e));
        }
    }

    /**
     * Delivers due messages, a batch at a time, until none is due or this dispatcher stops.
     *
     * @return how many messages were attempted
     */
    int dispatch() {
        int attempted = 0;
        List<OutgoingMail> batch;
        do {
            batch = claim();
            attempt(batch);
            attempted += batch.size();
        }
        while (batch.size() == settings.batchSize() && !stopping);
        return attempted;
    }

    /**
     * Claims a batch of due messages for this dispatcher and counts the attempt at each: counted before
     * sending, so that a node dying while it sends still uses up an attempt.
     */
    private List<OutgoingMail> claim() {
        Instant now = clock.instant();
        return jdbc.sql("""
                update notification_mail_outbox set claimed_by = ?, claimed_until = ?, attempts = attempts + 1
                where id in (select id from notification_mail_outbox
                             where sent_at is null and failed_at is null and next_attempt_at <= ?
                               and (claimed_until is null or claimed_until < ?)
                             order by next_attempt_at
                             limit ?
                             for update skip locked)
                returning id, recipient, subject, text_body, html_body, created_at, attempts""")
                .params(claimant, utc(now.plus(settings.claimTimeout())), utc(now), utc(now), settings.batchSize())
                .query((rs, row) -> new OutgoingMail(rs.getObject("id", UUID.class), rs.getString("recipient"),
                        rs.getString("subject"), rs.getString("text_body"), rs.getString("html_body"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getInt("attempts")))
                .list().stream().sorted(Comparator.comparing(OutgoingMail::createdAt)).toList();
    }

    /** Hands the batch to the transport at once (one SMTP connection), then records what became of each. */
    private void attempt(List<OutgoingMail> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<UUID, Exception> failures = new LinkedHashMap<>();
        List<MailTransport.Composed> composed = new ArrayList<>(batch.size());
        for (OutgoingMail mail : batch) {
            try {
                composed.add(new MailTransport.Composed(mail, composer.compose(mail)));
            }
            catch (Exception e) {
                failures.put(mail.id(), e);
            }
        }
        if (!composed.isEmpty()) {
            try {
                failures.putAll(transport.deliver(composed));
            }
            catch (RuntimeException e) {
                composed.forEach(mail -> failures.putIfAbsent(mail.mail().id(), e));
            }
        }
        List<UUID> delivered = batch.stream().map(OutgoingMail::id).filter(id -> !failures.containsKey(id)).toList();
        if (!delivered.isEmpty()) {
            jdbc.sql("""
                    update notification_mail_outbox
                    set sent_at = :now, claimed_by = null, claimed_until = null, last_error = null
                    where id in (:ids) and claimed_by = :claimant""")
                    .param("now", utc(clock.instant())).param("ids", delivered).param("claimant", claimant).update();
            sent.increment(delivered.size());
        }
        for (OutgoingMail mail : batch) {
            Exception failure = failures.get(mail.id());
            if (failure != null) {
                failed(mail, mail.attempts(), failure);
            }
        }
    }

    private void failed(OutgoingMail mail, int attempts, Exception e) {
        failedAttempts.increment();
        String error = summary(e);
        Instant now = clock.instant();
        if (attempts >= settings.maxAttempts()) {
            jdbc.sql("""
                    update notification_mail_outbox
                    set failed_at = ?, claimed_by = null, claimed_until = null, last_error = ?
                    where id = ? and claimed_by = ?""").params(utc(now), error, mail.id(), claimant).update();
            givenUp.increment();
            log.warn("E-mail {} to {} (\"{}\") given up after {} failed attempts, the last: {}", mail.id(), mail.to(),
                    mail.subject(), attempts, error);
            return;
        }
        Instant next = now.plus(settings.backoff(attempts));
        jdbc.sql("""
                update notification_mail_outbox
                set next_attempt_at = ?, claimed_by = null, claimed_until = null, last_error = ?
                where id = ? and claimed_by = ?""").params(utc(next), error, mail.id(), claimant).update();
        if (shouldWarn()) {
            // An unreachable mail server fails every message: one line now and then says so, not one each.
            log.warn("E-mail {} not delivered (attempt {} of {}), tried again from {}: {}", mail.id(), attempts,
                    settings.maxAttempts(), next, error);
        }
        else {
            log.debug("E-mail {} not delivered (attempt {} of {}), tried again from {}: {}", mail.id(), attempts,
                    settings.maxAttempts(), next, error);
        }
    }

    private boolean shouldWarn() {
        long now = System.nanoTime();
        Long last = lastWarned.get();
        return (last == null || now - last >= WARN_EVERY.toNanos()) && lastWarned.compareAndSet(last, now);
    }

    /** The exception and its root cause in one short line: no stack trace, no line breaks. */
    static String summary(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = describe(e) + (root == e ? "" : " (" + describe(root) + ")");
        text = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR - 1) + "…";
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    @Override
    public void start() {
        var executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "mail-dispatcher");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        long poll = settings.pollInterval().toMillis();
        // Set before the first round is scheduled: that round runs at once on the executor's thread, and a wake
        // that found no worker yet did nothing until the next poll (an hour later in MailDeliveryTests, which
        // failed once on a busy machine for it).
        stopping = false;
        worker = executor;
        // The first round at once: what was waiting when this node (or the one before it) stopped goes out now.
        executor.scheduleWithFixedDelay(this::wake, 0, poll, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledThreadPoolExecutor current = worker;
        if (current == null) {
            return;
        }
        stopping = true;
        worker = null;
        current.shutdown();
        try {
            // A message being handed over is finished; the rest of the batch is released below.
            if (!current.awaitTermination(10, TimeUnit.SECONDS)) {
                current.shutdownNow();
            }
        }
        catch (InterruptedException e) {
            current.shutdownNow();
            Thread.currentThread().interrupt();
        }
        release();
    }

    /** Hands back the messages this dispatcher claimed and has not started, for another node to send now. */
    private void release() {
        try {
            jdbc.sql("""
                    update notification_mail_outbox set claimed_by = null, claimed_until = null
                    where claimed_by = ? and sent_at is null and failed_at is null""").param(claimant).update();
        }
        catch (RuntimeException e) {
            log.debug("Could not release the claimed e-mails; their claims run out: {}", summary(e));
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
