package org.tijori;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.sun.net.httpserver.HttpServer;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.tijori.issuer.TestIssuer;
import org.tijori.locker.TestDocuments;
import org.tijori.signing.TestIssuerKeys;

/**
 * Issue 20: two Tijori nodes (the packaged jar) behind HAProxy (round-robin, health checks on the readiness probe),
 * on one PostgreSQL database of the machine's server ({@code tijori_two_<pid>}, created and dropped here) and one S3
 * service (s3proxy on a temporary folder, in this JVM). Residents' whole journeys run through the balancer from
 * {@code clients} threads: sign-up with the code sent by SMS (a webhook receiver here), upload, an issuer's push
 * landing in the locker, a share by e-mail link, the recipient's page and download, the owner's download, sign-out
 * and a password sign-in. At {@code kill-at} seconds the node that ran the last locked job is killed with SIGKILL;
 * the journeys go on for the rest of {@code duration}.
 * <p>
 * It prints the requests each node served, the journeys and requests that failed (with their kind and which node
 * HAProxy's log says they were on), how soon HAProxy took the dead node out, and for the jobs: the runs of each
 * ShedLock job per node before and after the kill with any overlap between nodes (from the nodes' DEBUG lines of
 * ShedLock), which node held the audit chainer's advisory lock (sampled from {@code pg_locks}) and when the chain
 * advanced after the kill, and which node's outbox delivered each e-mail (each node writes its e-mails to its own
 * data directory), with the e-mails the dead node had claimed sent again by the survivor after the claim timeout.
 * <p>
 * Arguments (optional): {@code duration=90 kill-at=30 clients=4 heap=512m claim-timeout=20s jar=target/tijori-*.jar
 * database=tijori_two_<pid>}. Exits 1 when a journey failed other than by a request in flight on the killed node,
 * a session was lost, a locked job ran on both nodes at once, a job or the chain did not go on after the kill, or an
 * e-mail was not delivered or delivered twice.
 */
public final class TwoNodeFailover {

    static final String PASSWORD = "a long and unusual phrase";

    static final String TOKEN = "two-node-failover-bootstrap-token-0123456789";

    static final String BUCKET = "tijori-two";

    static final Pattern CODE = Pattern.compile("(?<!\\d)(\\d{6})(?!\\d)");

    static final Pattern LOCKER_ID = Pattern.compile("id=\"profile-locker-id\"[^>]*>([^<]+)<");

    static final Pattern LINK = Pattern.compile("/s/([A-Za-z0-9_-]{43})");

    static final Pattern SHEDLOCK = Pattern.compile("^(\\S+)\\s.*(Locked '([^']+)'|Task finished, lock '([^']+)')");

    /** An access line of HAProxy's httplog: accepted at, node, status, termination state. */
    static final Pattern ACCESS = Pattern.compile(
            "\\[(\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2}\\.\\d{3})\\] \\S+ tijori_nodes/(\\S+) \\S+ (\\d{3}|-1) \\S+ \\S+ \\S+ (\\S{4}) ");

    static final java.time.format.DateTimeFormatter HAPROXY_TIME = java.time.format.DateTimeFormatter
            .ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS", java.util.Locale.ROOT).withZone(java.time.ZoneId.systemDefault());

    /** The key of the audit chainer's advisory lock (AuditLog.CHAIN_LOCK) as pg_locks shows it: class and object. */
    static final long CHAIN_LOCK = 0x7469_6a6f_7269_0001L;

    private TwoNodeFailover() {
    }

    record Settings(int duration, int killAt, int clients, String heap, String claimTimeout, Path jar,
            String database) {

        static Settings of(String... args) throws IOException {
            int duration = 90;
            int killAt = 30;
            int clients = 4;
            String heap = "512m";
            String claimTimeout = "20s";
            Path jar = null;
            String database = "tijori_two_" + ProcessHandle.current().pid();
            for (String arg : args) {
                String[] pair = arg.split("=", 2);
                if (pair.length != 2) {
                    throw new IllegalArgumentException("arguments are name=value: " + arg);
                }
                switch (pair[0]) {
                    case "duration" -> duration = Integer.parseInt(pair[1]);
                    case "kill-at" -> killAt = Integer.parseInt(pair[1]);
                    case "clients" -> clients = Integer.parseInt(pair[1]);
                    case "heap" -> heap = pair[1];
                    case "claim-timeout" -> claimTimeout = pair[1];
                    case "jar" -> jar = Path.of(pair[1]);
                    case "database" -> database = pair[1];
                    default -> throw new IllegalArgumentException("unknown argument " + arg
                            + " (duration, kill-at, clients, heap, claim-timeout, jar, database)");
                }
            }
            if (!database.matches("tijori_two_[a-z0-9_]+")) {
                throw new IllegalArgumentException("the database's name starts with tijori_two_: it is dropped");
            }
            if (killAt < 1 || killAt >= duration || clients < 1) {
                throw new IllegalArgumentException("0 < kill-at < duration, clients >= 1");
            }
            if (jar == null) {
                try (Stream<Path> files = Files.list(Path.of("target"))) {
                    jar = files.filter(f -> f.getFileName().toString().matches("tijori-.*\\.jar")
                            && !f.getFileName().toString().contains("-plain")).findFirst()
                            .orElseThrow(() -> new IllegalStateException("no target/tijori-*.jar: ./mvnw package"));
                }
            }
            return new Settings(duration, killAt, clients, heap, claimTimeout, jar, database);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.of(args);
        Path work = Files.createTempDirectory("tijori-two-nodes");
        String admin = "jdbc:postgresql://127.0.0.1:5432/postgres";
        String url = "jdbc:postgresql://127.0.0.1:5432/" + settings.database();
        try (Connection connection = DriverManager.getConnection(admin, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + settings.database());
        }
        List<Node> nodes = new ArrayList<>();
        Process haproxy = null;
        HttpServer sms = null;
        S3Proxy s3 = null;
        boolean passed = false;
        try {
            var codes = new ConcurrentHashMap<String, String>();
            sms = smsReceiver(codes);
            s3 = s3Service(work.resolve("s3"));
            String keyset = keyset();
            int balancerPort = freePort();
            for (int n = 1; n <= 2; n++) {
                nodes.add(Node.start(n, settings, work, url, keyset, "http://127.0.0.1:" + s3.getPort(),
                        "http://127.0.0.1:" + sms.getAddress().getPort() + "/sms", balancerPort));
                if (n == 1) {
                    // The first one migrates the schema: the second starts once it is ready, as a rollout does.
                    nodes.get(0).awaitReady(Duration.ofMinutes(4));
                }
            }
            nodes.get(1).awaitReady(Duration.ofMinutes(4));
            haproxy = startBalancer(work, balancerPort, nodes);
            awaitBalancer(balancerPort, Duration.ofSeconds(60));
            System.out.printf("two nodes ready (ports %d, %d), HAProxy on %d; work directory %s%n",
                    nodes.get(0).port, nodes.get(1).port, balancerPort, work);
            try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
                passed = new Run(settings, balancerPort, nodes, codes, db, url, work).run();
            }
        }
        finally {
            for (Node node : nodes) {
                node.stop();
            }
            if (haproxy != null) {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            if (sms != null) {
                sms.stop(0);
            }
            if (s3 != null) {
                s3.stop();
            }
            try (Connection connection = DriverManager.getConnection(admin, "postgres", "");
                    Statement statement = connection.createStatement()) {
                statement.execute("drop database if exists " + settings.database() + " with (force)");
            }
        }
        System.exit(passed ? 0 : 1);
    }

    /** One measured run: the journeys, the kill, and what the logs and the database say afterwards. */
    static final class Run {

        final Settings settings;

        final int balancerPort;

        final List<Node> nodes;

        final Map<String, String> codes;

        final Connection db;

        final String url;

        final Path work;

        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        final Map<String, AtomicLong> perNode = new ConcurrentHashMap<>();

        final AtomicLong requests = new AtomicLong();

        final AtomicInteger journeys = new AtomicInteger();

        final AtomicInteger completed = new AtomicInteger();

        final AtomicLong crossNode = new AtomicLong();

        final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();

        final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();

        final AtomicInteger counter = new AtomicInteger();

        volatile long killedAtNanos;

        volatile Instant killedAt;

        volatile String killed;

        volatile long markedDownNanos;

        TestIssuer issuer;

        byte[] pdf;

        volatile long startNanos = System.nanoTime();

        Run(Settings settings, int balancerPort, List<Node> nodes, Map<String, String> codes, Connection db,
                String url, Path work) {
            this.settings = settings;
            this.balancerPort = balancerPort;
            this.nodes = nodes;
            this.codes = codes;
            this.db = db;
            this.url = url;
            this.work = work;
        }

        boolean run() throws Exception {
            pdf = TestDocuments.pdf();
            issuer = new TestIssuer("in.gov.twonodes", TestIssuerKeys.generate("Two Node Board"));
            issuer.registerAndApprove(new WebClient(balancerPort), issuer.registrationJson("HSCER"), TOKEN);

            long begin = System.nanoTime();
            startNanos = begin;
            long deadline = begin + TimeUnit.SECONDS.toNanos(settings.duration());
            Thread sampler = started("sampler", () -> sample(deadline));
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < settings.clients(); c++) {
                clients.add(started("client-" + c, () -> journeys(deadline)));
            }
            sleepUntil(begin + TimeUnit.SECONDS.toNanos(settings.killAt()));
            Node victim = lastJobRunner();
            killedAtNanos = System.nanoTime();
            killedAt = Instant.now();
            killed = victim.name;
            victim.process.destroyForcibly();
            victim.process.waitFor(10, TimeUnit.SECONDS);
            Thread watcher = started("down-watcher", () -> {
                while (System.nanoTime() < deadline) {
                    try {
                        if (Files.readString(work.resolve("haproxy.log"), StandardCharsets.ISO_8859_1)
                                .contains(victim.name + " is DOWN")) {
                            markedDownNanos = System.nanoTime();
                            return;
                        }
                    }
                    catch (IOException e) {
                        // Try again.
                    }
                    sleep(50);
                }
            });
            System.out.printf("killed %s (pid %d) with SIGKILL at %s, %d s into the run%n", victim.name,
                    victim.process.pid(), killedAt, settings.killAt());
            for (Thread client : clients) {
                client.join();
            }
            sampler.join();
            double seconds = (System.nanoTime() - begin) / 1e9;
            Node survivor = nodes.stream().filter(node -> node != victim).findFirst().orElseThrow();
            return report(seconds, victim, survivor);
        }

        // ---- the journeys

        void journeys(long deadline) {
            while (System.nanoTime() < deadline) {
                journeys.incrementAndGet();
                Browser owner = new Browser();
                try {
                    journey(owner);
                    completed.incrementAndGet();
                }
                catch (StepFailed failed) {
                    failures.add(failed.failure);
                }
                catch (Exception e) {
                    failures.add(new Failure("journey", -1, e.toString(), null, System.nanoTime()));
                }
            }
        }

        void journey(Browser owner) throws Exception {
            int n = counter.incrementAndGet();
            String mobile = String.valueOf(7_000_000_000L + n);
            String username = "resident" + n;
            codes.remove(mobile);
            owner.expectRedirect("sign-up: mobile", owner.postForm("/signup", owner.csrf("/signup"),
                    Map.of("mobile", mobile)), "/signup/verify");
            String code = codes.get(mobile);
            if (code == null) {
                throw owner.failed("sign-up: no code by SMS", null);
            }
            owner.expectRedirect("sign-up: code", owner.postForm("/signup/verify", owner.csrf("/signup/verify"),
                    Map.of("otp", code)), "/signup/account");
            owner.expectRedirect("sign-up: account", owner.postForm("/signup/account",
                    owner.csrf("/signup/account"), Map.of("username", username, "password", PASSWORD)),
                    "/dashboard?welcome");
            String profile = owner.expect("profile", owner.get("/profile"), 200);
            Matcher locker = LOCKER_ID.matcher(profile);
            if (!locker.find()) {
                throw owner.failed("profile: no locker ID", null);
            }
            String lockerId = locker.group(1).strip();

            String csrf = owner.csrf("/locker/uploaded");
            HttpResponse<String> uploaded = owner.multipart("/api/v1/locker/uploaded", csrf, "ration-card.pdf", pdf);
            owner.expect("upload", uploaded, 201);
            String uploadId = field(uploaded.body(), "id");

            String docId = "TN" + n;
            String body = issuer.pushRequest("<DigiLockerId>" + lockerId + "</DigiLockerId>", "HSCER", docId, "A",
                    issuer.signedCertificate("HSCER", docId, "234567890124", "Asha Verma " + n),
                    TestIssuer.now(), TestIssuer.newTxn());
            Browser board = new Browser();
            HttpResponse<String> pushed = board.send("issuer push", HttpRequest.newBuilder(board.uri(
                    "/public/issuer/issuedoc/1/xml")).header("Content-Type", "application/xml")
                    .header("x-digilocker-hmac", issuer.hmac(body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            board.expect("issuer push", pushed, 200);
            if (!pushed.body().contains(">1</ResponseStatus>")) {
                throw board.failed("issuer push: refused " + abbreviated(pushed.body()), pushed);
            }
            String uri = issuer.issuerId + "-HSCER-" + docId;
            String xml = owner.expect("issued document in the locker", owner.get("/api/v1/locker/issued/" + uri
                    + "/xml"), 200);
            if (!xml.contains("Asha Verma " + n)) {
                throw owner.failed("issued document in the locker: not the pushed one", null);
            }

            String recipient = "friend" + n + "@example.org";
            String json = "{\"documents\":[{\"kind\":\"uploaded\",\"id\":\"" + uploadId + "\"},"
                    + "{\"kind\":\"issued\",\"uri\":\"" + uri + "\"}],\"email\":\"" + recipient + "\"}";
            owner.expect("share", owner.send("share", HttpRequest.newBuilder(owner.uri("/api/v1/locker/shares"))
                    .header("Content-Type", "application/json").header("X-CSRF-TOKEN", owner.csrf("/locker/uploaded"))
                    .POST(HttpRequest.BodyPublishers.ofString(json))), 201);
            String token = shareToken(recipient);
            if (token == null) {
                throw owner.failed("share: no e-mail in the outbox", null);
            }
            Browser stranger = new Browser();
            stranger.expect("recipient's page", stranger.get("/s/" + token), 200);
            HttpResponse<byte[]> download = stranger.getBytes("recipient's download", "/s/" + token + "/0/download");
            if (download.statusCode() != 200 || !new String(download.body(), 0, 5, StandardCharsets.ISO_8859_1)
                    .equals("%PDF-")) {
                throw stranger.failed("recipient's download: " + download.statusCode(), download);
            }
            HttpResponse<byte[]> own = owner.getBytes("owner's download", "/api/v1/locker/uploaded/" + uploadId
                    + "/content");
            if (own.statusCode() != 200 || !java.util.Arrays.equals(own.body(), pdf)) {
                throw owner.failed("owner's download: " + own.statusCode() + " or not the uploaded bytes", own);
            }

            owner.expectRedirect("sign-out", owner.postForm("/logout", owner.csrf("/locker/uploaded"), Map.of()),
                    "/login?logout");
            owner.expectRedirect("sign-in", owner.postForm("/login", owner.csrf("/login"),
                    Map.of("username", username, "password", PASSWORD)), "/dashboard");
            owner.expect("shares after sign-in", owner.get("/api/v1/locker/shares"), 200);
        }

        String shareToken(String recipient) throws Exception {
            for (int i = 0; i < 100; i++) {
                synchronized (db) {
                    try (PreparedStatement query = db.prepareStatement(
                            "select text_body from notification_mail_outbox where recipient = ?")) {
                        query.setString(1, recipient);
                        try (ResultSet rows = query.executeQuery()) {
                            if (rows.next()) {
                                Matcher link = LINK.matcher(rows.getString(1));
                                return link.find() ? link.group(1) : null;
                            }
                        }
                    }
                }
                Thread.sleep(100);
            }
            return null;
        }

        // ---- what the database shows meanwhile

        record Sample(long nanos, String chainHolder, long chainSeq, long inbox) {
        }

        void sample(long deadline) {
            while (System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(2)) {
                try {
                    synchronized (db) {
                        String holder = null;
                        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery("""
                                select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
                                where l.locktype = 'advisory' and l.granted and l.database = (select oid from
                                pg_database where datname = current_database())
                                and l.classid::bigint = %d and l.objid::bigint = %d"""
                                .formatted(CHAIN_LOCK >>> 32, CHAIN_LOCK & 0xffff_ffffL))) {
                            if (rows.next()) {
                                holder = rows.getString(1);
                            }
                        }
                        long seq;
                        long inbox;
                        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(
                                "select (select seq from audit_head), (select count(*) from audit_inbox)")) {
                            rows.next();
                            seq = rows.getLong(1);
                            inbox = rows.getLong(2);
                        }
                        samples.add(new Sample(System.nanoTime(), holder, seq, inbox));
                    }
                    Thread.sleep(50);
                }
                catch (SQLException e) {
                    System.err.println("sampling the database failed: " + e);
                    sleep(500);
                }
                catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** The node whose log shows the latest start of a locked job: the one to kill. */
        Node lastJobRunner() throws IOException {
            Node last = nodes.get(0);
            Instant latest = Instant.MIN;
            for (Node node : nodes) {
                for (JobRun run : node.jobRuns()) {
                    if (run.start().isAfter(latest)) {
                        latest = run.start();
                        last = node;
                    }
                }
            }
            return last;
        }

        // ---- the report

        boolean report(double seconds, Node victim, Node survivor) throws Exception {
            List<String> problems = new ArrayList<>();
            var out = new StringBuilder();
            out.append("\n=== Two nodes behind HAProxy, one killed ===\n");
            out.append(String.format("run: %.0f s, %d clients, node %s killed (SIGKILL) at %d s; heap %s each;"
                    + " e-mail claim timeout %s; %d cores%n", seconds, settings.clients(), victim.name,
                    settings.killAt(), settings.heap(), settings.claimTimeout(),
                    Runtime.getRuntime().availableProcessors()));

            // Requests and journeys.
            out.append(String.format("journeys: %d started, %d completed, %d failed%n", journeys.get(),
                    completed.get(), failures.size()));
            out.append(String.format("requests through the balancer: %d; served by node: %s%n", requests.get(),
                    new TreeMap<>(perNode)));
            out.append(String.format("requests on a session served by another node than the one before: %d%n",
                    crossNode.get()));
            List<String> haproxyLog = Files.readAllLines(work.resolve("haproxy.log"), StandardCharsets.ISO_8859_1);
            String down = haproxyLog.stream().filter(line -> line.contains(victim.name + " is DOWN")).findFirst()
                    .orElse(null);
            out.append("balancer: ").append(down == null ? "never marked " + victim.name + " DOWN"
                    : String.format("marked %s DOWN %.1f s after the kill: %s", victim.name,
                            (markedDownNanos - killedAtNanos) / 1e9, abbreviated(down.strip()))).append('\n');
            // Each access line: when it was accepted, the node, the status and how the session ended.
            Map<String, int[]> served = new TreeMap<>();
            List<String> errors = new ArrayList<>();
            for (String line : haproxyLog) {
                Matcher access = ACCESS.matcher(line);
                if (!access.find()) {
                    continue;
                }
                Instant at = HAPROXY_TIME.parse(access.group(1), Instant::from);
                served.computeIfAbsent(access.group(2), node -> new int[2])[at.isBefore(killedAt) ? 0 : 1]++;
                if (access.group(3).startsWith("5") || !access.group(4).equals("----")) {
                    errors.add(line.strip());
                }
            }
            out.append("requests per node, from HAProxy's log (accepted before | after the kill): ");
            served.forEach((node, counts) -> out.append(node).append(' ').append(counts[0]).append(" | ")
                    .append(counts[1]).append("; "));
            out.append('\n');
            out.append(String.format("balancer's log: %d answers 5xx or sessions cut short%n", errors.size()));
            errors.stream().limit(10).forEach(line -> out.append("    ").append(abbreviated(line)).append('\n'));
            long window = TimeUnit.SECONDS.toNanos(15);
            Map<String, Integer> kinds = new TreeMap<>();
            for (Failure failure : failures) {
                double at = (failure.nanos - startNanos) / 1e9;
                double afterKill = (failure.nanos - killedAtNanos) / 1e9;
                boolean inWindow = failure.nanos >= killedAtNanos - TimeUnit.SECONDS.toNanos(1)
                        && failure.nanos <= killedAtNanos + window;
                boolean clean = failure.balancerError() || failure.status == -1;
                String kind = failure.step + ": " + failure.kind();
                kinds.merge(kind, 1, Integer::sum);
                out.append(String.format("    failed at %.1f s (%+.1f s from the kill): %s, %s%n", at, afterKill,
                        kind, abbreviated(failure.detail)));
                if (!inWindow || !clean) {
                    problems.add("a journey failed " + (inWindow ? "uncleanly" : "outside the kill") + ": " + kind
                            + " " + abbreviated(failure.detail));
                }
            }
            out.append("failures by kind: ").append(kinds.isEmpty() ? "none" : kinds).append('\n');

            // ShedLock jobs, from the nodes' logs.
            Map<String, List<JobRun>> byJob = new TreeMap<>();
            for (Node node : nodes) {
                for (JobRun run : node.jobRuns()) {
                    byJob.computeIfAbsent(run.job(), job -> new ArrayList<>()).add(run);
                }
            }
            out.append("locked jobs (ShedLock), runs per node before | after the kill, longest pause around it:\n");
            boolean anyAfter = false;
            List<String> cutJobs = new ArrayList<>();
            for (var entry : byJob.entrySet()) {
                List<JobRun> runs = entry.getValue();
                runs.sort(Comparator.comparing(JobRun::start));
                Map<String, Integer> before = new TreeMap<>();
                Map<String, Integer> after = new TreeMap<>();
                for (JobRun run : runs) {
                    (run.start().isBefore(killedAt) ? before : after).merge(run.node(), 1, Integer::sum);
                }
                int overlaps = 0;
                for (int i = 0; i < runs.size(); i++) {
                    for (int j = i + 1; j < runs.size(); j++) {
                        JobRun a = runs.get(i);
                        JobRun b = runs.get(j);
                        // A run the kill cut short ended with its node: a dead JVM runs nothing.
                        Instant aEnd = a.cut() && a.node().equals(victim.name) && a.end().isAfter(killedAt)
                                ? killedAt : a.end();
                        if (!a.node().equals(b.node()) && b.start().isBefore(aEnd)) {
                            overlaps++;
                        }
                    }
                }
                Instant firstAfter = runs.stream().map(JobRun::start).filter(start -> start.isAfter(killedAt))
                        .findFirst().orElse(null);
                Instant lastBefore = runs.stream().map(JobRun::start).filter(start -> !start.isAfter(killedAt))
                        .reduce((a, b) -> b).orElse(null);
                anyAfter |= after.containsKey(survivor.name);
                out.append(String.format("    %-24s %s | %s; from the last run before the kill to the first"
                        + " after: %s; runs on both nodes at once: %d%n", entry.getKey(), before, after,
                        firstAfter == null || lastBefore == null ? "-"
                                : String.format("%.1f s (the first %.1f s after the kill, on %s)",
                                        Duration.between(lastBefore, firstAfter).toMillis() / 1000.0,
                                        Duration.between(killedAt, firstAfter).toMillis() / 1000.0,
                                        runs.stream().filter(r -> r.start().equals(firstAfter)).findFirst()
                                                .orElseThrow().node()),
                        overlaps));
                if (overlaps > 0) {
                    problems.add(entry.getKey() + " ran on both nodes at once " + overlaps + " times");
                }
                for (JobRun run : runs) {
                    if (run.cut() && run.node().equals(victim.name)) {
                        // The dead node's lock lapses within its term (a minute, no longer extended).
                        out.append(String.format("        cut short by the kill (started %.1f s before it): %s%n",
                                Duration.between(run.start(), killedAt).toMillis() / 1000.0,
                                firstAfter != null && after.containsKey(survivor.name)
                                        ? String.format("its lock lapsed and it ran again on %s %.1f s after the kill",
                                                survivor.name,
                                                Duration.between(killedAt, firstAfter).toMillis() / 1000.0)
                                        : "it did not run again before the end"));
                        if (firstAfter == null && Duration.between(killedAt, Instant.now()).toSeconds() > 90) {
                            cutJobs.add(entry.getKey());
                        }
                    }
                }
            }
            if (!cutJobs.isEmpty()) {
                problems.add("jobs the kill cut short did not run again within 90 s: " + cutJobs);
            }
            if (!anyAfter) {
                problems.add("no locked job ran on " + survivor.name + " after the kill");
            }
            String rows = sql("select string_agg(name || ' until ' || to_char(lock_until at time zone 'UTC',"
                    + " 'HH24:MI:SS.MS') || ' by ' || locked_by, '; ' order by name) from shedlock");
            out.append("    shedlock table at the end: ").append(rows).append('\n');

            // The audit chainer's advisory lock and the chain.
            Map<String, Integer> holdersBefore = new TreeMap<>();
            Map<String, Integer> holdersAfter = new TreeMap<>();
            long seqAtKill = -1;
            Long advancedAt = null;
            for (Sample sample : samples) {
                if (sample.chainHolder() != null) {
                    (sample.nanos() < killedAtNanos ? holdersBefore : holdersAfter).merge(sample.chainHolder(), 1,
                            Integer::sum);
                }
                if (sample.nanos() < killedAtNanos) {
                    seqAtKill = sample.chainSeq();
                }
                else if (advancedAt == null && sample.chainSeq() > seqAtKill) {
                    advancedAt = sample.nanos();
                }
            }
            long lastSeq = samples.isEmpty() ? -1 : samples.stream().reduce((a, b) -> b).orElseThrow().chainSeq();
            out.append(String.format("audit chainer: advisory lock seen held by %s before the kill, %s after"
                    + " (%d samples every 50 ms); chain head %d at the kill, %d at the end; first advance %s after"
                    + " the kill; entries waiting at the end: %s%n", holdersBefore, holdersAfter, samples.size(),
                    seqAtKill, lastSeq, advancedAt == null ? "never" : String.format("%.2f s",
                            (advancedAt - killedAtNanos) / 1e9), sql("select count(*) from audit_inbox")));
            if (advancedAt == null) {
                problems.add("the activity trail's chain did not advance after the kill");
            }
            if (holdersAfter.containsKey(victim.name)) {
                problems.add("the dead node held the chain lock after the kill");
            }

            // The e-mail outbox: which node delivered what; the dead node's claims sent again by the survivor.
            String claimed = sql("select count(*) from notification_mail_outbox where sent_at is null"
                    + " and claimed_until is not null");
            long patience = System.nanoTime() + TimeUnit.SECONDS.toNanos(
                    Duration.parse("PT" + settings.claimTimeout().toUpperCase()).toSeconds() + 30);
            while (!"0".equals(sql("select count(*) from notification_mail_outbox where sent_at is null"))
                    && System.nanoTime() < patience) {
                Thread.sleep(500);
            }
            String unsent = sql("select count(*) from notification_mail_outbox where sent_at is null");
            String total = sql("select count(*) from notification_mail_outbox");
            Map<String, Integer> delivered = new TreeMap<>();
            Map<String, Integer> copies = new HashMap<>();
            Map<String, Integer> deliveredAfterKill = new TreeMap<>();
            for (Node node : nodes) {
                for (Path mail : node.mails()) {
                    delivered.merge(node.name, 1, Integer::sum);
                    String name = mail.getFileName().toString();
                    copies.merge(name.substring(name.indexOf('-') + 1), 1, Integer::sum);
                    if (Files.getLastModifiedTime(mail).toInstant().isAfter(killedAt)) {
                        deliveredAfterKill.merge(node.name, 1, Integer::sum);
                    }
                }
            }
            long twice = copies.values().stream().filter(count -> count > 1).count();
            String resent = sql("select count(*) from notification_mail_outbox where attempts > 1");
            out.append(String.format("e-mail outbox: %s queued, delivered by node %s (after the kill %s), %d"
                    + " delivered by both, %s claimed but unsent when the run ended, %s taken up a second time (a"
                    + " claim that lapsed), %s unsent at the end%n", total, delivered, deliveredAfterKill, twice,
                    claimed, resent, unsent));
            if (!"0".equals(unsent)) {
                problems.add(unsent + " e-mails never sent");
            }
            if (!deliveredAfterKill.containsKey(survivor.name)) {
                problems.add("no e-mail delivered by " + survivor.name + " after the kill");
            }
            if (completed.get() == 0) {
                problems.add("no journey completed");
            }
            out.append(problems.isEmpty() ? "verdict: PASSED\n" : "verdict: FAILED: " + String.join("; ", problems)
                    + "\n");
            out.append("logs: ").append(work).append('\n');
            System.out.print(out);
            return problems.isEmpty();
        }

        String sql(String query) throws SQLException {
            synchronized (db) {
                try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(query)) {
                    rows.next();
                    return String.valueOf(rows.getObject(1));
                }
            }
        }

        // ---- one person's browser, through the balancer

        record Failure(String step, int status, String detail, String node, long nanos) {

            /** An answer HAProxy made itself: a node never answered it. */
            boolean balancerError() {
                return node == null && status >= 502 && status <= 504;
            }

            String kind() {
                return status == -1 ? "no answer (" + detail.replaceAll(":.*", "") + ")"
                        : status + (node == null ? " from the balancer" : " from " + node);
            }
        }

        static final class StepFailed extends Exception {

            final Failure failure;

            StepFailed(Failure failure) {
                super(failure.toString(), null, false, false);
                this.failure = failure;
            }
        }

        final class Browser {

            final Map<String, String> cookies = new LinkedHashMap<>();

            final String address;

            String lastNode;

            Browser() {
                int n = counter.incrementAndGet();
                this.address = "198.18." + ((n >> 8) & 0xff) + "." + (n & 0xff);
            }

            URI uri(String path) {
                return URI.create("http://127.0.0.1:" + balancerPort + path);
            }

            HttpResponse<String> get(String path) throws StepFailed {
                return send("GET " + path.replaceAll("/[A-Za-z0-9_-]{20,}.*", "/..."),
                        HttpRequest.newBuilder(uri(path)).GET());
            }

            HttpResponse<byte[]> getBytes(String step, String path) throws StepFailed {
                return exchange(step, HttpRequest.newBuilder(uri(path)).GET(), HttpResponse.BodyHandlers.ofByteArray());
            }

            HttpResponse<String> postForm(String path, String csrf, Map<String, String> fields) throws StepFailed {
                var all = new LinkedHashMap<>(fields);
                all.put("_csrf", csrf);
                String body = all.entrySet().stream().map(f -> URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8)
                        + "=" + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
                return send("POST " + path, HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
            }

            HttpResponse<String> multipart(String path, String csrf, String fileName, byte[] file) throws StepFailed {
                String boundary = "----twonodes" + Long.toHexString(System.nanoTime());
                var body = new java.io.ByteArrayOutputStream();
                body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                        + fileName + "\"\r\nContent-Type: application/pdf\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                body.writeBytes(file);
                body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
                return send("upload", HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .header("X-CSRF-TOKEN", csrf).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
            }

            String csrf(String page) throws StepFailed {
                HttpResponse<String> answer = get(page);
                expect("GET " + page, answer, 200);
                return WebClient.csrfTokenOf(answer.body());
            }

            HttpResponse<String> send(String step, HttpRequest.Builder request) throws StepFailed {
                return exchange(step, request, HttpResponse.BodyHandlers.ofString());
            }

            <T> HttpResponse<T> exchange(String step, HttpRequest.Builder request, HttpResponse.BodyHandler<T> body)
                    throws StepFailed {
                request.header("X-Forwarded-For", address).timeout(Duration.ofSeconds(60));
                if (!cookies.isEmpty()) {
                    request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                            .collect(Collectors.joining("; ")));
                }
                requests.incrementAndGet();
                HttpResponse<T> response;
                try {
                    response = http.send(request.build(), body);
                }
                catch (IOException e) {
                    throw new StepFailed(new Failure(step, -1, e.toString(), null, System.nanoTime()));
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StepFailed(new Failure(step, -1, e.toString(), null, System.nanoTime()));
                }
                String node = response.headers().firstValue("X-Tijori-Node").orElse(null);
                if (node != null) {
                    perNode.computeIfAbsent(node, key -> new AtomicLong()).incrementAndGet();
                    if (cookies.containsKey("SESSION") && lastNode != null && !node.equals(lastNode)) {
                        crossNode.incrementAndGet();
                    }
                    lastNode = node;
                }
                for (String cookie : response.headers().allValues("Set-Cookie")) {
                    int equals = cookie.indexOf('=');
                    int end = cookie.indexOf(';');
                    String value = cookie.substring(equals + 1, end < 0 ? cookie.length() : end);
                    if (value.isEmpty() || cookie.toLowerCase().contains("max-age=0")) {
                        cookies.remove(cookie.substring(0, equals));
                    }
                    else {
                        cookies.put(cookie.substring(0, equals), value);
                    }
                }
                if (response.statusCode() >= 500) {
                    throw failed(step, response);
                }
                return response;
            }

            String expect(String step, HttpResponse<String> response, int status) throws StepFailed {
                if (response.statusCode() != status) {
                    throw failed(step + ": " + response.statusCode() + " "
                            + response.headers().firstValue("Location").orElse(abbreviated(response.body())),
                            response);
                }
                return response.body();
            }

            void expectRedirect(String step, HttpResponse<String> response, String to) throws StepFailed {
                String location = response.headers().firstValue("Location").orElse("");
                if (response.statusCode() != 302 || !location.endsWith(to)) {
                    throw failed(step + ": " + response.statusCode() + " to " + location + " (expected " + to + ")",
                            response);
                }
            }

            StepFailed failed(String step, HttpResponse<?> response) {
                return new StepFailed(new Failure(step, response == null ? 0 : response.statusCode(),
                        response == null ? step : step + (response.body() instanceof String text
                                ? " " + abbreviated(text) : ""),
                        response == null ? lastNode : response.headers().firstValue("X-Tijori-Node").orElse(null),
                        System.nanoTime()));
            }
        }
    }

    // ---- the processes

    /** A run of a locked job; {@code cut}: its end was never logged (the node died, or it still runs). */
    record JobRun(String node, String job, Instant start, Instant end, boolean cut) {
    }

    static final class Node {

        final String name;

        final int port;

        final Process process;

        final Path log;

        final Path dataDir;

        private Node(String name, int port, Process process, Path log, Path dataDir) {
            this.name = name;
            this.port = port;
            this.process = process;
            this.log = log;
            this.dataDir = dataDir;
        }

        static Node start(int n, Settings settings, Path work, String url, String keyset, String s3, String sms,
                int balancerPort) throws IOException {
            String name = "node" + n;
            int port = freePort();
            Path dataDir = work.resolve(name);
            Path log = work.resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"), "-Xmx" + settings.heap(),
                    "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1", "-jar", settings.jar().toString(),
                    "--server.port=" + port, "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                    "--tijori.data-dir=" + dataDir, "--tijori.keys.keyset=" + keyset,
                    "--tijori.base-url=http://127.0.0.1:" + balancerPort,
                    "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                    "--spring.datasource.password=", "--spring.datasource.hikari.maximum-pool-size=10",
                    // Which node a PostgreSQL backend serves, for pg_stat_activity (the chainer's lock).
                    "--spring.datasource.hikari.data-source-properties.ApplicationName=" + name,
                    "--tijori.storage.type=s3", "--tijori.storage.s3.endpoint=" + s3,
                    "--tijori.storage.s3.bucket=" + BUCKET, "--tijori.storage.s3.access-key=two-access",
                    "--tijori.storage.s3.secret-key=two-secret", "--tijori.storage.s3.path-style=true",
                    "--tijori.sms.provider=webhook", "--tijori.sms.webhook.url=" + sms,
                    "--tijori.account.otp-sends-per-address=1000000",
                    "--tijori.web.trusted-proxies=127.0.0.1", "--tijori.admin.bootstrap-token=" + TOKEN,
                    "--tijori.sharing.shares-per-hour=1000000", "--tijori.sharing.openings-per-minute=1000000",
                    "--tijori.mail.claim-timeout=" + settings.claimTimeout(), "--tijori.mail.poll-interval=1s",
                    // Locked jobs often enough to watch them move: the SMS digests, the proof key rotation's
                    // check and the chain's verification.
                    "--tijori.notification.sms-interval=2s", "--tijori.verify.key-refresh=2s",
                    "--tijori.audit.verify-interval=5s",
                    "--logging.level.root=WARN", "--logging.level.net.javacrumbs.shedlock.core=DEBUG"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            return new Node(name, port, process, log, dataDir);
        }

        void awaitReady(Duration patience) throws Exception {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long until = System.nanoTime() + patience.toNanos();
            while (System.nanoTime() < until) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " ended while starting: " + log);
                }
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                }
                catch (IOException e) {
                    // Not listening yet.
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException(name + " not ready within " + patience + ": " + log);
        }

        /** The locked jobs this node ran, from ShedLock's DEBUG lines: start and end of each. */
        List<JobRun> jobRuns() throws IOException {
            List<JobRun> runs = new ArrayList<>();
            Map<String, Instant> open = new HashMap<>();
            for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                Matcher matcher = SHEDLOCK.matcher(line);
                if (!matcher.find()) {
                    continue;
                }
                Instant at;
                try {
                    at = OffsetDateTime.parse(matcher.group(1)).toInstant();
                }
                catch (RuntimeException e) {
                    continue;
                }
                if (matcher.group(3) != null) {
                    open.put(matcher.group(3), at);
                }
                else {
                    Instant start = open.remove(matcher.group(4));
                    if (start != null) {
                        runs.add(new JobRun(name, matcher.group(4), start, at, false));
                    }
                }
            }
            // A job still running (or cut short by the kill) runs until now, as far as anyone can tell.
            open.forEach((job, start) -> runs.add(new JobRun(name, job, start, Instant.now(), true)));
            return runs;
        }

        List<Path> mails() throws IOException {
            Path folder = dataDir.resolve("mail-outbox");
            if (!Files.isDirectory(folder)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(folder)) {
                return files.filter(file -> file.toString().endsWith(".eml")).toList();
            }
        }

        void stop() {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(60, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    static Process startBalancer(Path work, int port, List<Node> nodes) throws IOException {
        String servers = nodes.stream().map(node -> "    server " + node.name + " 127.0.0.1:" + node.port + " check\n")
                .collect(Collectors.joining());
        // deploy/compose/haproxy.cfg, on loopback, with each answer saying which node made it.
        String config = """
                global
                    log stdout format raw local0
                    maxconn 4096

                defaults
                    mode http
                    log global
                    option httplog
                    option dontlognull
                    timeout connect 5s
                    timeout client 60s
                    timeout server 120s
                    timeout http-request 30s
                    timeout http-keep-alive 10s
                    timeout queue 10s

                frontend tijori_http
                    bind 127.0.0.1:%d
                    option forwardfor
                    http-request set-header X-Forwarded-Proto http
                    http-request set-header X-Forwarded-Host %%[req.hdr(host)]
                    http-request deny deny_status 404 if { path_beg /actuator }
                    http-response set-header X-Tijori-Node %%[srv_name]
                    default_backend tijori_nodes

                backend tijori_nodes
                    balance roundrobin
                    option httpchk
                    http-check send meth GET uri /actuator/health/readiness ver HTTP/1.1 hdr Host localhost
                    http-check expect status 200
                    default-server inter 2s fall 2 rise 2 slowstart 10s
                %s    retry-on conn-failure
                    option redispatch
                    retries 2
                """.formatted(port, servers);
        Path file = work.resolve("haproxy.cfg");
        Files.writeString(file, config);
        return new ProcessBuilder("haproxy", "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("haproxy.log").toFile()).start();
    }

    static void awaitBalancer(int port, Duration patience) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long until = System.nanoTime() + patience.toNanos();
        var seen = new java.util.HashSet<String>();
        while (System.nanoTime() < until && seen.size() < 2) {
            try {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login")).build(),
                        HttpResponse.BodyHandlers.discarding()).headers().firstValue("X-Tijori-Node")
                        .ifPresent(seen::add);
            }
            catch (IOException e) {
                // Not yet.
            }
            Thread.sleep(250);
        }
        if (seen.size() < 2) {
            throw new IllegalStateException("HAProxy did not reach both nodes within " + patience + ": " + seen);
        }
    }

    static HttpServer smsReceiver(Map<String, String> codes) throws IOException {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/sms", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher to = Pattern.compile("\"to\"\\s*:\\s*\"(\\d{10})\"").matcher(body);
            Matcher code = CODE.matcher(body);
            if (to.find() && code.find()) {
                codes.put(to.group(1), code.group(1));
            }
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "sms-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        receiver.start();
        return receiver;
    }

    static S3Proxy s3Service(Path folder) throws Exception {
        Files.createDirectories(folder);
        var properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", folder.toString());
        var backend = BlobStores.create("filesystem", properties);
        backend.createContainer(BUCKET);
        S3Proxy proxy = S3Proxy.builder().blobStore(backend).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "two-access", "two-secret").build();
        proxy.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        return proxy;
    }

    static String keyset() throws Exception {
        AeadConfig.register();
        return TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM),
                InsecureSecretKeyAccess.get()).replace("\n", "");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return matcher.find() ? matcher.group(1) : null;
    }

    static String abbreviated(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    static Thread started(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
