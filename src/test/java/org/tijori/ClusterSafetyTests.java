package org.tijori;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.junit.jupiter.api.Test;
import org.tijori.account.events.AdministratorCreated;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What keeps several nodes on one database safe: locked jobs and durable event publications.
 */
@SpringBootTest
@Import(ClusterSafetyTests.FlakyListener.class)
class ClusterSafetyTests {

    @Autowired
    DataSource dataSource;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    IncompleteEventPublications incomplete;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LockProvider applicationLocks;

    @Autowired
    FlakyListener listener;

    @Test
    void aLockedJobRunsOnOneNodeAtATime() throws Exception {
        LockingTaskExecutor nodeA = new DefaultLockingTaskExecutor(lockProvider());
        LockingTaskExecutor nodeB = new DefaultLockingTaskExecutor(lockProvider());
        var running = new AtomicInteger();
        var mostAtOnce = new AtomicInteger();
        var runs = new AtomicInteger();
        var start = new CountDownLatch(1);
        Runnable job = () -> {
            int now = running.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            runs.incrementAndGet();
            sleep(300);
            running.decrementAndGet();
        };
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        for (LockingTaskExecutor node : new LockingTaskExecutor[] { nodeA, nodeB }) {
            nodes.submit(() -> {
                start.await();
                node.executeWithLock(job, new LockConfiguration(Instant.now(), "cluster-test",
                        Duration.ofMinutes(1), Duration.ZERO));
                return null;
            });
        }
        start.countDown();
        nodes.shutdown();
        assertThat(nodes.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(runs.get()).isEqualTo(1);
        assertThat(mostAtOnce.get()).isEqualTo(1);

        // Once released, the other node may run it.
        nodeB.executeWithLock(job, new LockConfiguration(Instant.now(), "cluster-test", Duration.ofMinutes(1),
                Duration.ZERO));
        assertThat(runs.get()).isEqualTo(2);
    }

    /**
     * The application's locks last 30 seconds to a minute and are extended while their job runs: a job outlives its
     * lock's first term and still holds it, and the row never promises more than a term, so that a node killed
     * mid-job holds it at most that long (the two-node run found SMS digests stopped ten minutes by one kill).
     */
    @Test
    void aLockIsExtendedWhileItsJobRunsAndNeverPromisedForLongerThanATerm() throws Exception {
        LockConfiguration thirtySeconds = new LockConfiguration(Instant.now(), "keep-alive-test", Duration.ofSeconds(30),
                Duration.ZERO);
        SimpleLock held = applicationLocks.lock(thirtySeconds).orElseThrow();
        try {
            Thread.sleep(40_000);
            assertThat(lockProvider().lock(new LockConfiguration(Instant.now(), "keep-alive-test",
                    Duration.ofSeconds(30), Duration.ZERO))).as("another node, past the first term").isEmpty();
            double secondsLeft = jdbc.sql("""
                    select extract(epoch from lock_until - now()) from shedlock where name = 'keep-alive-test'""")
                    .query(Double.class).single();
            assertThat(secondsLeft).as("what a node killed now would leave").isBetween(0.0, 30.0);
        }
        finally {
            held.unlock();
        }
        assertThat(lockProvider().lock(new LockConfiguration(Instant.now(), "keep-alive-test", Duration.ofSeconds(30),
                Duration.ZERO))).as("released with its job").isPresent();
    }

    @Test
    void anEventWhoseListenerFailedIsKeptAndDeliveredOnResubmission() {
        transactions.executeWithoutResult(status -> events.publishEvent(new AdministratorCreated("flaky", "test")));

        await().atMost(Duration.ofSeconds(10)).until(() -> listener.attempts() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
                select count(*) from event_publication
                where event_type like '%AdministratorCreated' and serialized_event like '%flaky%'
                and completion_date is null""").query(Long.class).single() == 1);

        incomplete.resubmitIncompletePublicationsOlderThan(Duration.ZERO);

        await().atMost(Duration.ofSeconds(10)).until(() -> listener.delivered() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
                select count(*) from event_publication
                where serialized_event like '%flaky%' and completion_date is not null""")
                .query(Long.class).single() == 1);
        assertThat(listener.attempts()).isEqualTo(2);
    }

    private JdbcTemplateLockProvider lockProvider() {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource)).usingDbTime().build());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fails the first delivery of an event about "flaky", as a listener on a crashing node would. */
    @TestConfiguration
    static class FlakyListener {

        private final AtomicInteger attempts = new AtomicInteger();

        private final AtomicInteger delivered = new AtomicInteger();

        int attempts() {
            return attempts.get();
        }

        int delivered() {
            return delivered.get();
        }

        @ApplicationModuleListener
        void on(AdministratorCreated created) {
            if (!created.username().equals("flaky")) {
                return;
            }
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("the node went away");
            }
            delivered.incrementAndGet();
        }
    }
}
