package org.tijori.audit;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Chains recorded entries in the background, a batch at a time, on every node; the advisory lock in
 * {@link AuditLog#chainBatch(int)} lets only one node chain at any moment.
 */
@Component
class AuditChainer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditChainer.class);

    private final AuditLog auditLog;

    private final AuditProperties properties;

    private final Counter chained;

    private volatile ScheduledExecutorService executor;

    AuditChainer(AuditLog auditLog, AuditProperties properties, MeterRegistry meters) {
        this.auditLog = auditLog;
        this.properties = properties;
        this.chained = Counter.builder("tijori.audit.entries.chained")
                .description("Activity trail entries linked into the hash chain").register(meters);
        Gauge.builder("tijori.audit.entries.pending", auditLog, AuditLog::pendingCount)
                .description("Activity trail entries recorded but not chained yet").register(meters);
    }

    /**
     * Chains everything recorded so far, waiting for another node's chaining to finish if need be.
     *
     * @return how many entries this call chained
     */
    long drain() {
        return drain(true);
    }

    private long drain(boolean waitForLock) {
        long total = 0;
        int batch;
        do {
            batch = auditLog.chainBatch(properties.chainBatchSize(), waitForLock);
            total += batch;
            chained.increment(batch);
        }
        while (batch == properties.chainBatchSize());
        return total;
    }

    private void drainQuietly() {
        try {
            // Another node chaining right now will also take what this node recorded.
            drain(false);
        }
        catch (RuntimeException e) {
            log.warn("Chaining activity trail entries failed; will retry: {}", e.toString());
        }
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "audit-chainer");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.chainInterval().toMillis();
        executor.scheduleWithFixedDelay(this::drainQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            running.awaitTermination(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drainQuietly();
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    @Override
    public int getPhase() {
        // Stop after the web server has stopped taking requests, before the database goes away.
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}
