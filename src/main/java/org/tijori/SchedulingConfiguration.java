package org.tijori;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import javax.sql.DataSource;

import net.javacrumbs.shedlock.core.ExtensibleLockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Background work. Module event listeners ({@code @ApplicationModuleListener}) run asynchronously,
 * after the publishing transaction commits, so that no request waits for them.
 * <p>
 * Scheduled jobs run on every node, but a job annotated with {@code @SchedulerLock} runs on one node
 * at a time: the lock is a row in the shared database ({@code shedlock}), timed by the database's
 * clock so that nodes with drifting clocks still agree.
 * <p>
 * A lock is taken for a minute ({@link #LOCK_AT_MOST}) and extended every half minute while its job runs, however
 * long that is; a node that dies mid-job stops extending it, so that another node takes the job over within a
 * minute rather than after the hours a long job's lock would otherwise be taken for (the two-node run in
 * {@code docs/reliability.md} found SMS digests stopped for ten minutes after one kill).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableAsync
@EnableSchedulerLock(defaultLockAtMostFor = SchedulingConfiguration.LOCK_AT_MOST)
class SchedulingConfiguration {

    /** How long a lock lasts unless its node extends it: the most a dead node holds a job. */
    static final String LOCK_AT_MOST = "1m";

    /** The database's locks, extended on a thread of their own (not a bean: Spring would schedule jobs on it). */
    @Bean
    ExtendedLocks lockProvider(DataSource dataSource) {
        return new ExtendedLocks(new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime()
                .build()));
    }

    /** ShedLock's keep-alive provider and the thread that extends its locks, stopped with the application. */
    static final class ExtendedLocks implements LockProvider, AutoCloseable {

        private final ScheduledExecutorService extension = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "job-lock-extension");
            thread.setDaemon(true);
            return thread;
        });

        private final LockProvider locks;

        ExtendedLocks(ExtensibleLockProvider database) {
            this.locks = new KeepAliveLockProvider(database, extension);
        }

        @Override
        public Optional<SimpleLock> lock(LockConfiguration configuration) {
            return locks.lock(configuration);
        }

        @Override
        public void close() {
            extension.shutdownNow();
        }
    }
}
