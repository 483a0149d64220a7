package org.tijori.issuer.rendering;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.tijori.issuer.DocumentUri;
import org.tijori.issuer.IssuerProperties;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

import org.springframework.stereotype.Component;

/**
 * Applies issuers' stylesheets within limits. An issuer's XSLT is code from outside: it may write
 * without end, or compute without end. Each transformation runs on a thread of a small pool of its
 * own, with {@code tijori.issuer.stylesheet-timeout} to finish and {@code stylesheet-max-output}
 * characters to write; whatever it writes is checked as it is written, so a stylesheet that floods or
 * keeps writing is stopped there. One that computes without writing cannot be stopped from outside
 * (the JDK's XSLT compiles to bytecode that never looks up), so the document is printed the standard
 * way when the deadline passes, the stylesheet is not run again on this node, and such a runaway holds
 * one of the pool's few threads, never more.
 */
@Component
public class RenderingStylesheets {

    private static final Logger log = LoggerFactory.getLogger(RenderingStylesheets.class);

    private final Duration timeout;

    private final int maxChars;

    private final Semaphore places;

    private final ThreadPoolExecutor workers;

    /** Compiled stylesheets by their text: compiling is far dearer than applying. */
    private final Map<String, RenderingStylesheet> compiled = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, RenderingStylesheet> eldest) {
                    return size() > 64;
                }
            });

    /** Stylesheets that ran past their deadline on this node, by their text: never run again. */
    private final Set<String> runaways = ConcurrentHashMap.newKeySet();

    @org.springframework.beans.factory.annotation.Autowired
    public RenderingStylesheets(IssuerProperties properties) {
        this(properties.stylesheetTimeout(), properties.stylesheetMaxOutput());
    }

    public RenderingStylesheets(Duration timeout, long maxChars) {
        this.timeout = timeout;
        this.maxChars = (int) Math.min(Integer.MAX_VALUE, maxChars);
        int threads = Runtime.getRuntime().availableProcessors();
        this.places = new Semaphore(threads, true);
        AtomicInteger count = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "stylesheet-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @PreDestroy
    public void stop() {
        workers.shutdownNow();
    }

    /** How many transformations are running now, given-up ones included. */
    public int running() {
        return workers.getMaximumPoolSize() - places.availablePermits();
    }

    /**
     * The sections {@code xslt} makes of a certificate; empty when there is no stylesheet, or it does not
     * compile, fails, writes too much or takes too long, and the document is to be printed the standard
     * way (said in the log).
     *
     * @param what the document, for the log
     */
    public Optional<List<RenderingStylesheet.Section>> apply(String xslt, Document certificate, DocumentUri what) {
        if (xslt == null || runaways.contains(xslt)) {
            return Optional.empty();
        }
        RenderingStylesheet stylesheet;
        try {
            stylesheet = compiled.computeIfAbsent(xslt, RenderingStylesheet::compile);
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean placed;
        try {
            placed = places.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            placed = false;
        }
        if (!placed) {
            log.warn("Every stylesheet worker is busy; printing {} the standard way", what);
            return Optional.empty();
        }
        Future<List<RenderingStylesheet.Section>> transformation;
        try {
            transformation = workers.submit(() -> {
                try {
                    return stylesheet.apply(certificate, deadline, maxChars);
                }
                finally {
                    places.release();
                }
            });
        }
        catch (RejectedExecutionException e) {
            places.release();
            return Optional.empty();
        }
        try {
            return Optional.of(transformation.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        }
        catch (TimeoutException e) {
            transformation.cancel(true);
            runaways.add(xslt);
            log.warn("The stylesheet of {} ran past {}; printing {} the standard way, and not running it again",
                    what.docType(), timeout, what);
        }
        catch (ExecutionException e) {
            log.warn("The stylesheet of {} failed ({}); printing {} the standard way", what.docType(),
                    e.getCause() instanceof javax.xml.transform.TransformerException failed ? failed.getMessage()
                            : e.getCause().toString(), what);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            transformation.cancel(true);
        }
        return Optional.empty();
    }
}
