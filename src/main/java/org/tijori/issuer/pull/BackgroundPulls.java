package org.tijori.issuer.pull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.account.AccountId;
import org.tijori.account.RateLimitedException;
import org.tijori.account.RateLimits;
import org.tijori.account.RateLimits.RateLimit;
import org.tijori.account.events.AccountDeleted;
import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.IssuerProblemException;
import org.tijori.issuer.IssuerProblemException.Kind;
import org.tijori.issuer.IssuerProperties;
import org.tijori.issuer.portal.IssuerDirectory;
import org.tijori.issuer.pull.PullOutcome.Failed;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Searches (Pull URI) that residents start from the pages and the locker API. Each is recorded, then run
 * in the background on a small pool of the node that took it, so that a slow issuer holds neither a page
 * nor a request thread; any node reads back how far it is. Only the resident who started a search sees
 * it, and each resident may start only so many an hour.
 */
@Service
public class BackgroundPulls implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BackgroundPulls.class);

    /** How long a finished search is remembered; the activity trail keeps that it happened. */
    static final Duration KEPT_FOR = Duration.ofDays(30);

    private final IssuerPulls pulls;

    private final IssuerDirectory directory;

    private final JdbcClient jdbc;

    private final RateLimits limits;

    private final RateLimit perResident;

    private final Clock clock;

    private final ThreadPoolExecutor workers;

    /**
     * A search still running this long after it started was lost with its node: one takes at most about
     * two pull timeouts, and waits behind at most four others on its worker.
     */
    private final Duration abandonedAfter;

    BackgroundPulls(IssuerPulls pulls, IssuerDirectory directory, JdbcClient jdbc, RateLimits limits, Clock clock,
            IssuerProperties properties) {
        this.pulls = pulls;
        this.directory = directory;
        this.jdbc = jdbc;
        this.limits = limits;
        this.clock = clock;
        this.perResident = new RateLimit("issuer-pull-resident", properties.pullsPerResident(), Duration.ofHours(1));
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(properties.pullWorkers(), properties.pullWorkers(), 1, TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(4 * properties.pullWorkers()), task -> {
                    Thread thread = new Thread(task, "issuer-pull-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.workers.allowCoreThreadTimeOut(true);
        Duration longest = properties.pullTimeout().multipliedBy(12).plusMinutes(1);
        this.abandonedAfter = longest.compareTo(Duration.ofMinutes(5)) > 0 ? longest : Duration.ofMinutes(5);
    }

    /**
     * Starts searching an issuer for a document of the resident, and answers at once with the running
     * search.
     *
     * @param parameters the doc type's search parameters by {@code paramname}; every one must be filled in
     * @throws IssuerProblemException {@code NOT_FOUND} when no approved issuer offers a search for this doc
     *                                type, {@code INVALID} when a parameter is missing or too long
     * @throws RateLimitedException when the resident started too many searches in the last hour
     */
    public Pull start(AccountId resident, IssuerId issuer, DocTypeCode docType, Map<String, String> parameters) {
        SearchableDocType search = directory.docType(issuer, docType).filter(SearchableDocType::searchable)
                .orElseThrow(() -> new IssuerProblemException(Kind.NOT_FOUND,
                        "No approved issuer " + issuer + " answers searches for " + docType + "."));
        Map<String, SearchableDocType.ParameterProblem> problems = search.problems(parameters);
        if (!problems.isEmpty()) {
            throw new IssuerProblemException(Kind.INVALID, problems.entrySet().stream()
                    .map(problem -> problem.getKey() + " (" + search.label(problem.getKey()) + ") "
                            + (problem.getValue() == SearchableDocType.ParameterProblem.MISSING ? "is required"
                                    : "is longer than " + SearchableDocType.MAX_VALUE_LENGTH + " characters"))
                    .collect(Collectors.joining("; ", "", ".")));
        }
        if (!limits.tryAcquire(perResident, resident.toString())) {
            throw new RateLimitedException("You have started many searches in the last hour. Please try again "
                    + "later.");
        }
        Map<String, String> values = search.values(parameters);
        PullId id = PullId.random();
        jdbc.sql("""
                insert into issuer_pull (account_id, id, issuer_id, doc_type, state, requested_at)
                values (?, ?, ?, ?, 'RUNNING', ?)""")
                .params(resident.value(), id.value(), issuer.value(), docType.value(), utc(clock.instant())).update();
        try {
            workers.execute(() -> run(resident, id, issuer, docType, values));
        }
        catch (RejectedExecutionException e) {
            log.warn("Too many searches running on this node; one for {} is refused", issuer);
            finish(resident, id, PullState.INTERRUPTED, null, "Too many searches are running just now. Please try "
                    + "again in a minute.");
        }
        return find(resident, id).orElseThrow();
    }

    /**
     * A search the resident started, as it stands; a search of another resident is not found. A search
     * that has run far too long was lost with its node, and is told as interrupted.
     */
    public Optional<Pull> find(AccountId resident, PullId id) {
        Optional<Pull> pull = read(resident, id);
        if (pull.isPresent() && pull.get().running()
                && pull.get().requestedAt().isBefore(clock.instant().minus(abandonedAfter))) {
            jdbc.sql("""
                    update issuer_pull set state = 'INTERRUPTED', detail = ?, finished_at = ?
                    where account_id = ? and id = ? and state = 'RUNNING'""")
                    .params("The search was interrupted. Please try again.", utc(clock.instant()), resident.value(),
                            id.value())
                    .update();
            return read(resident, id);
        }
        return pull;
    }

    private Optional<Pull> read(AccountId resident, PullId id) {
        return jdbc.sql("""
                select p.id, p.issuer_id, i.name as issuer_name, p.doc_type, coalesce(t.name, p.doc_type) as doc_name,
                       p.state, p.uri, p.detail, p.requested_at, p.finished_at, i.name_hi as issuer_name_hi,
                       t.name_hi as doc_name_hi
                from issuer_pull p join issuer_issuer i on i.issuer_id = p.issuer_id
                left join issuer_doc_type t on t.issuer_id = p.issuer_id and t.code = p.doc_type
                where p.account_id = ? and p.id = ?""")
                .params(resident.value(), id.value()).query(BackgroundPulls::pull).optional();
    }

    private void run(AccountId resident, PullId id, IssuerId issuer, DocTypeCode docType, Map<String, String> values) {
        PullOutcome outcome;
        try {
            outcome = pulls.pull(resident, issuer, docType, values);
        }
        catch (RuntimeException e) {
            if (e.getCause() instanceof InterruptedException) {
                log.info("Search {} at {} was cut off: this node is stopping", id, issuer);
            }
            else {
                log.error("Search {} at {} failed unexpectedly", id, issuer, e);
            }
            finish(resident, id, PullState.INTERRUPTED, null, "The search could not be finished. Please try again.");
            return;
        }
        if (outcome instanceof PullOutcome.Found found) {
            finish(resident, id, PullState.FOUND, found.uri(), "The document is in your locker.");
        }
        else if (outcome instanceof PullOutcome.NotFound) {
            finish(resident, id, PullState.NOT_FOUND, null, "The issuer has no document for these details.");
        }
        else if (outcome instanceof PullOutcome.Pending) {
            finish(resident, id, PullState.PENDING, null, "The issuer is preparing the document and will send it to "
                    + "your locker later.");
        }
        else {
            Failed failed = (Failed) outcome;
            finish(resident, id, state(failed.kind()), null, failed.reason());
        }
    }

    private static PullState state(PullOutcome.Reason reason) {
        return switch (reason) {
            case UNAVAILABLE -> PullState.UNAVAILABLE;
            case INVALID, NOT_OFFERED, UNKNOWN_ISSUER, UNKNOWN_DOC_TYPE, NATIONAL_ID_NEEDED -> PullState.NOT_OFFERED;
            case BAD_ANSWER -> PullState.BAD_ANSWER;
            case HELD_ELSEWHERE -> PullState.HELD_ELSEWHERE;
            case NOT_YOURS -> PullState.NOT_YOURS;
        };
    }

    /** What the search found is the truth, even when a reader already took the search for lost. */
    private void finish(AccountId resident, PullId id, PullState state, DocumentUri uri, String detail) {
        jdbc.sql("""
                update issuer_pull set state = ?, uri = ?, detail = ?, finished_at = ?
                where account_id = ? and id = ?""")
                .params(state.name(), uri == null ? null : uri.toString(), detail, utc(clock.instant()),
                        resident.value(), id.value())
                .update();
    }

    @ApplicationModuleListener
    void on(AccountDeleted deleted) {
        jdbc.sql("delete from issuer_pull where account_id = ?").param(deleted.account().value()).update();
    }

    /** Forgets old searches; any node may do it. */
    @Scheduled(initialDelay = 600_000, fixedDelay = 3_600_000)
    @SchedulerLock(name = "issuer-pull-cleanup")
    public void forgetOldPulls() {
        jdbc.sql("delete from issuer_pull where requested_at < ?").param(utc(clock.instant().minus(KEPT_FOR)))
                .update();
    }

    /**
     * Searches still running are cut off and told as interrupted; those still waiting are, once they count
     * as lost.
     */
    @Override
    public void destroy() throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static Pull pull(ResultSet rs, int row) throws SQLException {
        String uri = rs.getString("uri");
        OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
        return new Pull(new PullId(rs.getObject("id", UUID.class)), new IssuerId(rs.getString("issuer_id")),
                rs.getString("issuer_name"), new DocTypeCode(rs.getString("doc_type")), rs.getString("doc_name"),
                PullState.valueOf(rs.getString("state")), uri == null ? null : DocumentUri.parse(uri),
                rs.getString("detail"), rs.getObject("requested_at", OffsetDateTime.class).toInstant(),
                finished == null ? null : finished.toInstant(), rs.getString("issuer_name_hi"),
                rs.getString("doc_name_hi"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
