package org.tijori.issuer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.tijori.WebClient;
import org.tijori.identity.TestRegistry;

import org.springframework.util.unit.DataSize;

/**
 * Issue 13, defect 1: while {@code clients} clients send push bodies of {@code size} that do not prove
 * their issuer to {@code POST /public/issuer/issuedoc/1/xml} as fast as they can, does the server keep
 * answering its health check, keep publishing a genuine issuer's pushes, and keep its heap?
 * <p>
 * Each flood body is built once: a valid-looking PushUriRequest root naming the real approved issuer (with
 * a fresh ts, a txn and the issuer's true keyhash), then UriDetails holding about five million empty
 * elements; its {@code x-digilocker-hmac} is random. Each flood client sends it over a new connection,
 * from a loopback address of its own ({@code sources} spreads them over fewer), reads the answer's status
 * line (also when it comes before the whole body is sent) and sends again.
 * <p>
 * At the same time, from 127.0.0.1: {@code /actuator/health} is polled every 100 ms by a client of its own
 * with a 5 s timeout, and one genuine issuer pushes signed Certificate XMLs one after another (signed by a
 * thread of this JVM ahead of time; documents for national IDs without a locker, so they are parked).
 * <p>
 * Tijori runs as a child process from the packaged jar ({@code target/tijori-*.jar}) on a free port with
 * the embedded PostgreSQL in a temporary data directory, at the JVM's default heap unless {@code heap}
 * names one, and without {@code -XX:+ExitOnOutOfMemoryError}, so that the run shows whether it survives.
 * Its output goes to a log that is searched for {@code OutOfMemoryError} at the end, and its GC log gives
 * the peak heap used and the time spent in GC pauses.
 * <p>
 * Arguments (optional): {@code duration=60 clients=8 size=20MB heap=default sources=<clients>
 * jar=target/tijori-<version>.jar}. Exits with status 1 when the health check's p99 is 1 s or more, a
 * health check failed, genuine pushes stalled (none published for 5 s), or an {@code OutOfMemoryError}
 * appeared.
 */
public final class PushFloodBenchmark {

    private static final String PUSH_PATH = "/public/issuer/issuedoc/1/xml";

    /** Where the server listens; the flood's clients bind to other loopback addresses, which IPv4 only has. */
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress() instanceof java.net.Inet4Address v4
            ? v4 : ipv4Loopback();

    private static final Duration HEALTH_EVERY = Duration.ofMillis(100);

    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

    private static final Duration PUSH_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration STALL = Duration.ofSeconds(5);

    private static final Duration HEALTH_P99_LIMIT = Duration.ofSeconds(1);

    private PushFloodBenchmark() {
    }

    record Settings(int durationSeconds, int clients, int size, String heap, int sources, Path jar, Long budget) {

        static Settings of(String... args) {
            int duration = 60;
            int clients = 8;
            long size = DataSize.ofMegabytes(20).toBytes();
            String heap = null;
            Integer sources = null;
            Path jar = null;
            Long budget = null;
            for (String arg : args) {
                String[] pair = arg.split("=", 2);
                if (pair.length != 2) {
                    throw new IllegalArgumentException("arguments are name=value: " + arg);
                }
                switch (pair[0]) {
                    case "duration" -> duration = Integer.parseInt(pair[1]);
                    case "clients" -> clients = Integer.parseInt(pair[1]);
                    case "size" -> size = DataSize.parse(pair[1]).toBytes();
                    case "heap" -> heap = pair[1].equals("default") ? null : pair[1];
                    case "sources" -> sources = Integer.parseInt(pair[1]);
                    case "jar" -> jar = Path.of(pair[1]);
                    // How many unproven requests one address may send an hour (the server's default is 300):
                    // "unlimited" makes every flood body be read and its HMAC checked, as from a botnet.
                    case "budget" -> budget = pair[1].equals("unlimited") ? Long.valueOf(1_000_000_000L)
                            : Long.valueOf(pair[1]);
                    default -> throw new IllegalArgumentException("unknown argument " + arg
                            + " (duration, clients, size, heap, sources, jar, budget)");
                }
            }
            if (duration < 1 || clients < 1 || size < 1024 || size > Integer.MAX_VALUE - 1024) {
                throw new IllegalArgumentException("duration and clients are at least 1, size between 1KB and 2GB");
            }
            int from = sources == null ? clients : sources;
            if (from < 1 || from > 254) {
                throw new IllegalArgumentException("sources is between 1 and 254");
            }
            if (heap != null && !heap.matches("[0-9]+[kKmMgG]?")) {
                throw new IllegalArgumentException("heap is default or a -Xmx size such as 1g");
            }
            return new Settings(duration, clients, (int) size, heap, from, jar, budget);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.of(args);
        Path jar = settings.jar() != null ? settings.jar() : packagedJar();
        Path work = Files.createTempDirectory("tijori-flood-bench");
        TestRegistry registry = TestRegistry.write(1000, 13);
        String token = "flood-benchmark-token-" + UUID.randomUUID();
        Server server = Server.start(jar, settings.heap(), settings.budget(), freePort(), work, token, registry.file());
        Thread stopOnExit = new Thread(server::stop);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        boolean held;
        try {
            server.awaitHealthy(Duration.ofMinutes(3));
            held = run(settings, server, token, registry.uids());
        }
        finally {
            server.stop();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
            Files.deleteIfExists(registry.file());
            deleteTree(server.dataDir);
        }
        System.exit(held ? 0 : 1);
    }

    private static boolean run(Settings settings, Server server, String token, List<String> uids) throws Exception {
        TestIssuer issuer = BenchmarkIssuer.approved(new WebClient(server.port), "in.gov.floodbench", token);
        Flood flood = new Flood(server.port, floodBody(issuer, settings.size()), settings.clients(),
                settings.sources());

        Signer signer = new Signer(issuer, uids, 2000);
        GenuinePusher pusher = new GenuinePusher(server.port, issuer, signer);
        // Warms the genuine path up in quiet, and proves the setup: every one of these must be published.
        Stats quiet = pusher.warmUp(300);
        signer.awaitFull(Duration.ofMinutes(2));

        int pausesBefore = GcLog.read(server.gcLog).pauses().size();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(settings.durationSeconds());
        HealthPoller health = new HealthPoller(server.port);
        List<Thread> threads = new ArrayList<>();
        threads.add(started("health", () -> health.run(deadline)));
        threads.add(started("genuine", () -> pusher.run(deadline)));
        threads.addAll(flood.start(deadline));
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1));
        }
        flood.stop();
        double seconds = (System.nanoTime() - start) / 1e9;
        // Read now, before the wait for the last answers and for recovery, so the pauses are the flood's own.
        GcLog gc = GcLog.read(server.gcLog);
        List<GcLog.Pause> during = gc.pauses().subList(Math.min(pausesBefore, gc.pauses().size()),
                gc.pauses().size());
        long peakRss = server.peakRssKiB();
        for (Thread thread : threads) {
            thread.join(PUSH_TIMEOUT.toMillis() + 5000);
        }
        boolean aliveAfter = server.process.isAlive();
        Duration recovery = aliveAfter ? server.awaitHealthy(Duration.ofSeconds(30), false) : null;
        signer.stop();

        List<String> outOfMemory = server.outOfMemoryLines();

        Stats healthStats = Stats.of(health.latencies());
        Stats genuine = Stats.of(pusher.latencies());
        long healthFailures = health.failures().values().stream().mapToLong(Long::longValue).sum();
        long longestGap = pusher.longestGapNanos(start, deadline);
        List<String> failed = new ArrayList<>();
        if (healthStats.count() == 0 || healthStats.p99() >= HEALTH_P99_LIMIT.toNanos()) {
            failed.add("health p99 " + ms(healthStats.p99()) + " >= 1 s");
        }
        if (healthFailures > 0) {
            failed.add(healthFailures + " health checks failed");
        }
        if (longestGap >= STALL.toNanos()) {
            failed.add("genuine pushes stalled: none published for " + String.format("%.1f s", longestGap / 1e9));
        }
        if (!outOfMemory.isEmpty()) {
            failed.add("OutOfMemoryError in the server's log (" + outOfMemory.size() + " lines)");
        }

        var out = new StringBuilder();
        out.append("\n=== Issuer push under a flood of unproven bodies ===\n");
        out.append(String.format("server:  %s, heap %s (max %s), %d cores, log %s%n", server.jar.getFileName(),
                settings.heap() == null ? "JVM default" : "-Xmx" + settings.heap(), gc.maxHeap(),
                Runtime.getRuntime().availableProcessors(), server.log));
        out.append(String.format("run:     %.1f s of flood, arguments duration=%d clients=%d size=%s heap=%s"
                + " sources=%d budget=%s%n",
                seconds, settings.durationSeconds(), settings.clients(), mib(settings.size()),
                settings.heap() == null ? "default" : settings.heap(), settings.sources(),
                settings.budget() == null ? "server default" : settings.budget()));
        out.append(String.format("flood:   %d clients from %d loopback addresses, body %s (%,d elements <a/>),"
                + " random HMAC%n",
                settings.clients(), settings.sources(), mib(settings.size()), flood.elements));
        out.append(String.format("         %,d requests sent, %,d bodies sent whole, %.1f MiB sent (%.1f MiB/s)%n",
                flood.requests.sum(), flood.wholeBodies.sum(), flood.bytesSent.sum() / 1048576.0,
                flood.bytesSent.sum() / 1048576.0 / seconds));
        out.append("         outcomes: ").append(counts(flood.outcomes)).append('\n');
        flood.examples.forEach((status, body) -> out.append("         ").append(status).append(" said: ")
                .append(body).append('\n'));
        out.append(String.format("health:  %,d checks every 100 ms (5 s timeout): p50 %s, p99 %s, max %s;"
                + " failures %d%s%n",
                healthStats.count(), ms(healthStats.p50()), ms(healthStats.p99()), ms(healthStats.max()),
                healthFailures, healthFailures == 0 ? "" : " (" + counts(health.failures()) + ")"));
        out.append(String.format("genuine: one issuer, one push after another: %,d published, %.1f a second,"
                + " p50 %s, p99 %s, max %s%n",
                pusher.published.get(), pusher.published.get() / seconds, ms(genuine.p50()), ms(genuine.p99()),
                ms(genuine.max())));
        out.append(String.format("         refusals %s; no answer %s; longest time without a publication %.2f s%n",
                pusher.refusals.isEmpty() ? "0" : counts(pusher.refusals),
                pusher.errors.isEmpty() ? "0" : counts(pusher.errors), longestGap / 1e9));
        pusher.refusalExample.forEach((status, body) -> out.append("         ").append(status).append(" said: ")
                .append(body).append('\n'));
        out.append(String.format("         before the flood, in quiet: %d pushes, p50 %s, p99 %s;"
                + " waited %.2f s for the client's signer%n",
                quiet.count(), ms(quiet.p50()), ms(quiet.p99()), pusher.waitedForSigner.get() / 1e9));
        long fulls = during.stream().filter(GcLog.Pause::full).count();
        double pauseSeconds = during.stream().mapToDouble(GcLog.Pause::millis).sum() / 1000;
        out.append(String.format("server:  OutOfMemoryError %s; alive after the flood %s%s%n",
                outOfMemory.isEmpty() ? "none" : outOfMemory.size() + " lines, first: " + outOfMemory.get(0),
                aliveAfter ? "yes" : "NO (exit " + server.process.exitValue() + ")",
                !aliveAfter ? "" : recovery == null ? ", health not answering 30 s later"
                        : String.format(", health answered %.1f s after it", recovery.toMillis() / 1000.0)));
        out.append(String.format("         during the flood: peak heap used %s (before a GC pause), %d GC pauses"
                + " (%d full), %.1f s paused (%.0f %% of the flood); peak RSS %s%n",
                during.stream().mapToLong(GcLog.Pause::beforeMiB).max().stream().mapToObj(m -> m + " MiB")
                        .findFirst().orElse("unknown"),
                during.size(), fulls, pauseSeconds, 100 * pauseSeconds / seconds,
                peakRss < 0 ? "unknown" : peakRss / 1024 + " MiB"));
        out.append(failed.isEmpty() ? "verdict: HELD\n" : "verdict: FAILED: " + String.join("; ", failed) + "\n");
        System.out.print(out);
        System.out.flush();
        return failed.isEmpty();
    }

    /**
     * A PushUriRequest of exactly {@code size} bytes that looks right until its HMAC is checked: the issuer's
     * own root element (ts, txn, orgId, keyhash), then UriDetails full of empty elements.
     */
    static byte[] floodBody(TestIssuer issuer, int size) {
        String genuine = issuer.pushRequest("999999990019", BenchmarkIssuer.DOC_TYPE, "FLOOD", "A", null);
        String head = genuine.substring(0, genuine.indexOf("<UriDetails>") + "<UriDetails>".length());
        byte[] start = head.getBytes(StandardCharsets.UTF_8);
        byte[] end = "</UriDetails></PushUriRequest>\n".getBytes(StandardCharsets.UTF_8);
        byte[] element = "<a/>".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[size];
        int elements = (size - start.length - end.length) / element.length;
        System.arraycopy(start, 0, body, 0, start.length);
        for (int i = 0; i < elements; i++) {
            System.arraycopy(element, 0, body, start.length + i * element.length, element.length);
        }
        Arrays.fill(body, start.length + elements * element.length, size - end.length, (byte) ' ');
        System.arraycopy(end, 0, body, size - end.length, end.length);
        return body;
    }

    /**
     * The clients that send the flood: each one a thread with a connection at a time, which writes the
     * request while a reader takes the answer, so that an answer sent before the whole body is seen.
     */
    static final class Flood {

        final int port;

        final byte[] body;

        final int elements;

        final int clients;

        final int sources;

        final LongAdder requests = new LongAdder();

        final LongAdder wholeBodies = new LongAdder();

        final LongAdder bytesSent = new LongAdder();

        final Map<String, Long> outcomes = new ConcurrentHashMap<>();

        final Map<String, String> examples = new ConcurrentHashMap<>();

        private final Set<Socket> open = ConcurrentHashMap.newKeySet();

        private final ExecutorService readers = Executors.newCachedThreadPool(daemon("flood-reader"));

        private volatile boolean stopped;

        Flood(int port, byte[] body, int clients, int sources) {
            this.port = port;
            this.body = body;
            this.elements = countOf(body, "<a/>".getBytes(StandardCharsets.US_ASCII));
            this.clients = clients;
            this.sources = sources;
        }

        List<Thread> start(long deadline) throws IOException {
            String badHmac = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
            byte[] head = ("POST " + PUSH_PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/xml\r\nx-digilocker-hmac: " + badHmac
                    + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                InetAddress source = InetAddress.getByAddress(new byte[] { 127, 0, 1, (byte) (1 + c % sources) });
                threads.add(started("flood-" + c, () -> send(source, head, deadline)));
            }
            return threads;
        }

        private void send(InetAddress source, byte[] head, long deadline) {
            while (!stopped && System.nanoTime() < deadline) {
                Socket socket = new Socket();
                open.add(socket);
                try {
                    try {
                        socket.bind(new InetSocketAddress(source, 0));
                        socket.connect(new InetSocketAddress(LOOPBACK, port), 5000);
                    }
                    catch (IOException e) {
                        if (!stopped) {
                            outcomes.merge("connection refused or timed out", 1L, Long::sum);
                            pause(100);
                        }
                        continue;
                    }
                    requests.increment();
                    Future<String> answer = readers.submit(() -> answerOf(socket.getInputStream()));
                    try {
                        OutputStream out = socket.getOutputStream();
                        out.write(head);
                        int chunk = 64 * 1024;
                        int sent = 0;
                        while (sent < body.length && !answer.isDone() && !stopped) {
                            int length = Math.min(chunk, body.length - sent);
                            out.write(body, sent, length);
                            sent += length;
                            bytesSent.add(length);
                        }
                        out.flush();
                        if (sent == body.length) {
                            wholeBodies.increment();
                        }
                    }
                    catch (IOException e) {
                        // The server may have answered and closed before it read everything: the reader says.
                    }
                    outcomes.merge(outcomeOf(answer), 1L, Long::sum);
                }
                finally {
                    open.remove(socket);
                    closeQuietly(socket);
                }
            }
        }

        private String outcomeOf(Future<String> answer) {
            try {
                return answer.get(60, TimeUnit.SECONDS);
            }
            catch (TimeoutException e) {
                return stopped ? "cut off at the end" : "no answer within 60 s of the body";
            }
            catch (ExecutionException e) {
                return stopped ? "cut off at the end" : "closed without an answer";
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "cut off at the end";
            }
        }

        /** The status code of the answer; the first answer of each code is kept as an example. */
        private String answerOf(InputStream in) throws IOException {
            byte[] answer = in.readNBytes(4096);
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            Matcher status = Pattern.compile("^HTTP/1\\.[01] (\\d{3})").matcher(text);
            if (!status.find()) {
                throw new IOException("no status line");
            }
            int bodyAt = text.indexOf("\r\n\r\n");
            if (bodyAt > 0) {
                examples.putIfAbsent(status.group(1), abbreviated(text.substring(bodyAt + 4)));
            }
            return status.group(1);
        }

        void stop() {
            stopped = true;
            open.forEach(PushFloodBenchmark::closeQuietly);
            readers.shutdownNow();
        }
    }

    /** Signs genuine pushes ahead of the client that sends them, keeping up to {@code capacity} ready. */
    static final class Signer {

        final BlockingQueue<String> ready;

        private final Thread thread;

        private volatile boolean stopped;

        Signer(TestIssuer issuer, List<String> uids, int capacity) {
            this.ready = new ArrayBlockingQueue<>(capacity);
            this.thread = new Thread(() -> {
                try {
                    for (int i = 0; !stopped; i++) {
                        String uid = uids.get(i % uids.size());
                        byte[] certificate = BenchmarkIssuer.certificate(issuer, "G" + i, uid);
                        ready.put(BenchmarkIssuer.push(issuer, "G" + i, uid, certificate));
                    }
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "signer");
            thread.setDaemon(true);
            thread.start();
        }

        void awaitFull(Duration patience) throws InterruptedException {
            long until = System.nanoTime() + patience.toNanos();
            while (ready.remainingCapacity() > 0 && System.nanoTime() < until) {
                Thread.sleep(100);
            }
        }

        void stop() {
            stopped = true;
            thread.interrupt();
        }
    }

    /** One genuine issuer pushing one document after another over a connection of its own. */
    static final class GenuinePusher {

        private final List<Long> latencies = new ArrayList<>();

        final AtomicLong published = new AtomicLong();

        final Map<String, Long> refusals = new TreeMap<>();

        final Map<String, String> refusalExample = new TreeMap<>();

        final Map<String, Long> errors = new TreeMap<>();

        final AtomicLong waitedForSigner = new AtomicLong();

        private final List<Long> publishedAt = new ArrayList<>();

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(PUSH_TIMEOUT).build();

        private final URI uri;

        private final Signer signer;

        private final TestIssuer issuer;

        GenuinePusher(int port, TestIssuer issuer, Signer signer) {
            this.uri = URI.create("http://127.0.0.1:" + port + PUSH_PATH);
            this.issuer = issuer;
            this.signer = signer;
        }

        Stats warmUp(int count) throws Exception {
            List<Long> quiet = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                HttpRequest request = request(signer.ready.take());
                long started = System.nanoTime();
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                quiet.add(System.nanoTime() - started);
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("a genuine push was refused before the flood: "
                            + answer.statusCode() + " " + answer.body());
                }
            }
            return Stats.of(quiet);
        }

        void run(long deadline) {
            while (System.nanoTime() < deadline) {
                String body;
                long waiting = System.nanoTime();
                try {
                    body = signer.ready.poll(Math.max(1, deadline - waiting), TimeUnit.NANOSECONDS);
                }
                catch (InterruptedException e) {
                    return;
                }
                waitedForSigner.addAndGet(System.nanoTime() - waiting);
                if (body == null) {
                    return;
                }
                HttpRequest request = request(body);
                long started = System.nanoTime();
                try {
                    HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                    long now = System.nanoTime();
                    synchronized (this) {
                        latencies.add(now - started);
                        if (answer.statusCode() == 200 && answer.body().contains("Status=\"1\"")) {
                            published.incrementAndGet();
                            publishedAt.add(now);
                        }
                        else {
                            String status = String.valueOf(answer.statusCode());
                            refusals.merge(status, 1L, Long::sum);
                            refusalExample.putIfAbsent(status, abbreviated(answer.body()));
                        }
                    }
                }
                catch (HttpTimeoutException e) {
                    synchronized (this) {
                        errors.merge("timed out after " + PUSH_TIMEOUT.toSeconds() + " s", 1L, Long::sum);
                    }
                }
                catch (IOException e) {
                    synchronized (this) {
                        errors.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                    }
                    pause(100);
                }
                catch (InterruptedException e) {
                    return;
                }
            }
        }

        synchronized List<Long> latencies() {
            return new ArrayList<>(latencies);
        }

        /** The longest time from {@code start} to {@code end} in which no push was published. */
        synchronized long longestGapNanos(long start, long end) {
            long longest = 0;
            long previous = start;
            for (long at : publishedAt) {
                longest = Math.max(longest, at - previous);
                previous = at;
            }
            return Math.max(longest, end - previous);
        }

        private HttpRequest request(String body) {
            return HttpRequest.newBuilder(uri).timeout(PUSH_TIMEOUT).header("Content-Type", "application/xml")
                    .header("x-digilocker-hmac", issuer.hmac(body)).POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
        }
    }

    /** Asks {@code /actuator/health} every 100 ms over a connection of its own. */
    static final class HealthPoller {

        private final List<Long> latencies = new ArrayList<>();

        private final Map<String, Long> failures = new TreeMap<>();

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(HEALTH_TIMEOUT).build();

        private final HttpRequest request;

        HealthPoller(int port) {
            this.request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(HEALTH_TIMEOUT).GET().build();
        }

        void run(long deadline) {
            long next = System.nanoTime();
            while (next < deadline) {
                long started = System.nanoTime();
                String failure = null;
                try {
                    HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 200) {
                        failure = "status " + answer.statusCode();
                    }
                }
                catch (HttpTimeoutException e) {
                    failure = "timed out after 5 s";
                }
                catch (IOException e) {
                    failure = e.getClass().getSimpleName();
                }
                catch (InterruptedException e) {
                    return;
                }
                long finished = System.nanoTime();
                synchronized (this) {
                    // A check that failed fast still counts its time, so a timeout weighs 5 s in the percentiles.
                    latencies.add(finished - started);
                    if (failure != null) {
                        failures.merge(failure, 1L, Long::sum);
                    }
                }
                next = Math.max(next + HEALTH_EVERY.toNanos(), finished);
                pause(TimeUnit.NANOSECONDS.toMillis(next - finished));
            }
        }

        synchronized List<Long> latencies() {
            return new ArrayList<>(latencies);
        }

        synchronized Map<String, Long> failures() {
            return new TreeMap<>(failures);
        }
    }

    /** Tijori from its packaged jar, in a JVM of its own. */
    static final class Server {

        final Process process;

        final Path jar;

        final int port;

        final Path dataDir;

        final Path log;

        final Path gcLog;

        private List<ProcessHandle> children = List.of();

        private boolean stopped;

        private Server(Process process, Path jar, int port, Path dataDir, Path log, Path gcLog) {
            this.process = process;
            this.jar = jar;
            this.port = port;
            this.dataDir = dataDir;
            this.log = log;
            this.gcLog = gcLog;
        }

        static Server start(Path jar, String heap, Long budget, int port, Path work, String token, Path registry)
                throws IOException {
            Path dataDir = work.resolve("data");
            Path log = work.resolve("server.log");
            Path gcLog = work.resolve("gc.log");
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            if (heap != null) {
                command.add("-Xmx" + heap);
            }
            command.add("-Xlog:gc,gc+init:file=" + gcLog + ":uptime,level,tags");
            command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1",
                    "--spring.main.banner-mode=off", "--logging.level.root=WARN", "--tijori.data-dir=" + dataDir,
                    "--tijori.identity.registry-file=" + registry, "--tijori.admin.bootstrap-token=" + token));
            if (budget != null) {
                command.add("--tijori.issuer.unproven-requests-per-address=" + budget);
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new Server(process, jar, port, dataDir, log, gcLog);
        }

        void awaitHealthy(Duration patience) throws Exception {
            if (awaitHealthy(patience, true) == null) {
                throw new IllegalStateException("Tijori did not answer its health check within " + patience
                        + "; its log: " + log);
            }
        }

        /** How long until the health check answered 200, or null if it did not within {@code patience}. */
        Duration awaitHealthy(Duration patience, boolean starting) throws Exception {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).build();
            long started = System.nanoTime();
            while (System.nanoTime() - started < patience.toNanos()) {
                if (!process.isAlive()) {
                    if (starting) {
                        throw new IllegalStateException("Tijori ended with status " + process.exitValue()
                                + " while starting; its log: " + log + "\n" + tail(log, 40));
                    }
                    return null;
                }
                try {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return Duration.ofNanos(System.nanoTime() - started);
                    }
                }
                catch (IOException e) {
                    // Not listening yet, or too busy: ask again.
                }
                Thread.sleep(250);
            }
            return null;
        }

        /** The JVM's peak resident memory (VmHWM), in KiB, or -1 if it has ended. */
        long peakRssKiB() {
            try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                return lines.filter(line -> line.startsWith("VmHWM:")).findFirst()
                        .map(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).orElse(-1L);
            }
            catch (IOException e) {
                return -1;
            }
        }

        List<String> outOfMemoryLines() throws IOException {
            try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                return lines.filter(line -> line.contains("OutOfMemoryError")).map(PushFloodBenchmark::abbreviated)
                        .toList();
            }
        }

        /**
         * Ends Tijori as an operator would (SIGTERM, which stops the embedded PostgreSQL), then by force if it
         * has not ended within a minute; then ends whatever it started that outlived it, by process ID.
         */
        synchronized void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            children = process.descendants().toList();
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    System.err.println("Tijori did not stop within 60 s of SIGTERM: killing it");
                    process.destroyForcibly();
                    process.waitFor(30, TimeUnit.SECONDS);
                }
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < until) {
                    Thread.sleep(200);
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (ProcessHandle child : children) {
                if (child.isAlive()) {
                    System.err.println("process " + child.pid() + " (" + child.info().command().orElse("?")
                            + ") outlived Tijori: ending it");
                    child.destroy();
                }
            }
        }
    }

    /** The pauses of a {@code -Xlog:gc} file and the heap's maximum from {@code gc+init}. */
    record GcLog(List<Pause> pauses, String maxHeap) {

        private static final Pattern PAUSE = Pattern.compile(
                "GC\\(\\d+\\) Pause (.+?) (\\d+)M->(\\d+)M\\((\\d+)M\\) ([0-9.]+)ms");

        private static final Pattern MAX_HEAP = Pattern.compile("Heap Max Capacity: (\\S+)");

        record Pause(String kind, long beforeMiB, long afterMiB, double millis) {

            boolean full() {
                return kind.startsWith("Full");
            }
        }

        static GcLog read(Path file) throws IOException {
            List<Pause> pauses = new ArrayList<>();
            String maxHeap = "unknown";
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                    Matcher pause = PAUSE.matcher(line);
                    if (pause.find()) {
                        pauses.add(new Pause(pause.group(1), Long.parseLong(pause.group(2)),
                                Long.parseLong(pause.group(3)), Double.parseDouble(pause.group(5))));
                    }
                    Matcher max = MAX_HEAP.matcher(line);
                    if (max.find()) {
                        maxHeap = max.group(1);
                    }
                }
            }
            return new GcLog(pauses, maxHeap);
        }
    }

    /** Latency figures of a run, in nanoseconds, nearest rank. */
    record Stats(int count, long p50, long p99, long max) {

        static Stats of(List<Long> nanos) {
            long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            if (sorted.length == 0) {
                return new Stats(0, -1, -1, -1);
            }
            return new Stats(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
        }

        private static long rank(long[] sorted, double quantile) {
            return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
        }
    }

    private static Path packagedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().matches("tijori-.*\\.jar")
                    && !file.getFileName().toString().endsWith("-plain.jar"))
                    .max(Comparator.comparing(file -> file.toFile().lastModified()))
                    .orElseThrow(() -> new IllegalStateException(
                            "no target/tijori-*.jar: build it first with ./mvnw -B -q package -DskipTests"));
        }
        catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException(
                    "no target/ here: run from the project root after ./mvnw -B -q package -DskipTests");
        }
    }

    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
        }
        catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        }
    }

    private static int countOf(byte[] body, byte[] element) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String what = new String(element, StandardCharsets.ISO_8859_1);
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            count++;
        }
        return count;
    }

    private static String counts(Map<String, Long> counts) {
        var sorted = new TreeMap<>(counts);
        var text = new StringBuilder();
        sorted.forEach((what, count) -> text.append(text.isEmpty() ? "" : ", ").append(what).append(" x ")
                .append(String.format("%,d", count)));
        return text.isEmpty() ? "none" : text.toString();
    }

    private static String ms(long nanos) {
        return nanos < 0 ? "n/a" : String.format("%.1f ms", nanos / 1e6);
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }

    private static String abbreviated(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 240 ? line : line.substring(0, 240) + "...";
    }

    private static String tail(Path file, int lines) throws IOException {
        List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException e) {
            // Closing is all that is wanted; a socket that will not close is gone anyway.
        }
    }

    private static Thread started(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.start();
        return thread;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong counter = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
