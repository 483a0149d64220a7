package org.tijori.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.sun.net.httpserver.HttpServer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.tijori.WebClient;
import org.tijori.issuer.TestIssuer;
import org.tijori.signing.TestIssuerKeys;

/**
 * Issue 20, the crash loop: while an issuer pushes, uploads bulk ZIPs, residents upload and share documents and
 * sign in, the Tijori node is killed with SIGKILL {@code kills} times at random moments and started again. Then
 * everything that was answered with success must be there, whole, and nothing half-written may remain.
 * <p>
 * Tijori runs as a child process from the packaged jar ({@code target/tijori-*.jar}) on a free port, on a database
 * of its own on the machine's PostgreSQL ({@code tijori_crash_<pid>} on 127.0.0.1:5432, user postgres, created and
 * dropped by the run) and a filesystem blob store in a temporary data directory. Its SMS go to a webhook receiver
 * in this process (the sign-up codes). Five client threads drive it over HTTP: an issuer's signed pushes (action A,
 * to a resident's DigiLocker ID), the same issuer's bulk ZIPs of {@code bulk} pushes, uploads of PDFs by residents,
 * shares of those uploads by e-mail link, and password sign-ins. Each answer of success is recorded with what it
 * created. The node is killed {@code min-gap} to {@code max-gap} seconds after it answered its health check, by
 * {@code Process.destroyForcibly} (SIGKILL to the JVM itself, not a shell), and started again at once.
 * <p>
 * The last start after the last kill shortens, by properties, the orphan collector's grace period and schedule and
 * the resubmission of unfinished event deliveries, so that the checks need not wait an hour. The traffic stops at
 * the last kill. Then, over HTTP and SQL: every bulk upload answered 202 ends DONE with each of its files
 * published; every push and bulk file reads back from its resident's locker with the bytes signed; every upload
 * reads back with its bytes; every share is listed; every session of a sign-in still opens the locker; no row
 * names a blob that has no row or no object, and no object or leftover is without a row once the collector ran
 * (files in the store, intents); the activity trail is all chained and verifies
 * ({@code GET /api/v1/admin/audit/verify}); and Spring Modulith's {@code event_publication} holds no entry without
 * a completion date once the resubmission ran.
 * <p>
 * Arguments (optional): {@code kills=20 min-gap=3 max-gap=15 residents=6 bulk=10 settle=300 heap=512m
 * jar=target/tijori-<version>.jar keep=false} (keep: leave the database and data directory for inspection).
 * Exits 1 when a check failed.
 */
public final class CrashLoop {

    static final String PASSWORD = "a long and unusual phrase";

    static final String DOC_TYPE = "HSCER";

    private static final Pattern CODE = Pattern.compile("(?<!\\d)(\\d{6})(?!\\d)");

    private static final Pattern TO = Pattern.compile("\"to\"\\s*:\\s*\"\\+?(?:91)?(\\d{10})\"");

    private CrashLoop() {
    }

    record Settings(int kills, double minGap, double maxGap, int residents, int bulk, int settle, String heap,
            Path jar, boolean keep) {

        static Settings of(String... args) {
            int kills = 20;
            double minGap = 3;
            double maxGap = 15;
            int residents = 6;
            int bulk = 10;
            int settle = 300;
            String heap = "512m";
            Path jar = null;
            boolean keep = false;
            for (String arg : args) {
                String[] pair = arg.split("=", 2);
                if (pair.length != 2) {
                    throw new IllegalArgumentException("arguments are name=value: " + arg);
                }
                switch (pair[0]) {
                    case "kills" -> kills = Integer.parseInt(pair[1]);
                    case "min-gap" -> minGap = Double.parseDouble(pair[1]);
                    case "max-gap" -> maxGap = Double.parseDouble(pair[1]);
                    case "residents" -> residents = Integer.parseInt(pair[1]);
                    case "bulk" -> bulk = Integer.parseInt(pair[1]);
                    case "settle" -> settle = Integer.parseInt(pair[1]);
                    case "heap" -> heap = pair[1];
                    case "jar" -> jar = Path.of(pair[1]);
                    case "keep" -> keep = Boolean.parseBoolean(pair[1]);
                    default -> throw new IllegalArgumentException("unknown argument " + arg
                            + " (kills, min-gap, max-gap, residents, bulk, settle, heap, jar, keep)");
                }
            }
            if (kills < 1 || minGap < 0 || maxGap < minGap || residents < 2 || bulk < 1 || settle < 10) {
                throw new IllegalArgumentException("kills >= 1, 0 <= min-gap <= max-gap, residents >= 2, bulk >= 1,"
                        + " settle >= 10");
            }
            return new Settings(kills, minGap, maxGap, residents, bulk, settle, heap, jar, keep);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.of(args);
        Path jar = settings.jar() != null ? settings.jar() : packagedJar();
        String database = "tijori_crash_" + ProcessHandle.current().pid();
        Path work = Files.createTempDirectory("tijori-crash-loop");
        AeadConfig.register();
        String keyset = TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get());
        SmsCodes sms = SmsCodes.start();
        execute("postgres", "create database " + database);
        Node node = new Node(jar, settings.heap(), work, database, keyset, "crash-loop-token-" + UUID.randomUUID(),
                sms.url(), freePort());
        // Stopped by a signal (a timeout): the node ends too, and so do its database and data directory.
        Thread stopOnExit = new Thread(() -> {
            node.stop();
            if (!settings.keep()) {
                try {
                    execute("postgres", "drop database if exists " + database + " with (force)");
                    deleteTree(work.resolve("data"));
                }
                catch (Exception e) {
                    System.err.println("could not drop " + database + " or delete " + work + ": " + e);
                }
            }
        });
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        boolean held = false;
        try {
            held = new CrashLoop.Run(settings, node, sms, database).run();
        }
        finally {
            node.stop();
            sms.stop();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
            if (settings.keep()) {
                System.out.println("kept: database " + database + ", data directory and log in " + work);
            }
            else {
                execute("postgres", "drop database if exists " + database + " with (force)");
                deleteTree(work.resolve("data"));
                System.out.println("the node's logs: " + work);
            }
        }
        System.exit(held ? 0 : 1);
    }

    /** One run: the setup, the traffic and the kills, then the checks. */
    static final class Run {

        final Settings settings;

        final Node node;

        final SmsCodes sms;

        final String database;

        final List<Resident> residents = new ArrayList<>();

        TestIssuer issuer;

        final Ledger ledger = new Ledger();

        volatile boolean stopped;

        Run(Settings settings, Node node, SmsCodes sms, String database) {
            this.settings = settings;
            this.node = node;
            this.sms = sms;
            this.database = database;
        }

        boolean run() throws Exception {
            long began = System.nanoTime();
            node.start(false);
            Duration firstStart = node.awaitHealthy(Duration.ofMinutes(4));
            issuer = new TestIssuer("in.gov.crashloop", TestIssuerKeys.generate("Crash Loop Board"));
            issuer.registerAndApprove(new WebClient(node.port), issuer.registrationJson(DOC_TYPE), node.token);
            for (int i = 0; i < settings.residents(); i++) {
                residents.add(signUp(i));
            }
            System.out.printf("setup: node healthy %.1f s after its start, issuer approved, %d residents signed up"
                    + " over HTTP (%.1f s in all)%n", firstStart.toMillis() / 1000.0, residents.size(),
                    (System.nanoTime() - began) / 1e9);

            List<Thread> traffic = List.of(
                    started("pushes", this::pushes),
                    started("bulk", this::bulks),
                    started("uploads", () -> uploads(0)),
                    started("uploads-shares", () -> uploads(1)),
                    started("sign-ins", this::signIns));
            List<Double> restarts = new ArrayList<>();
            List<Double> aliveFor = new ArrayList<>();
            for (int kill = 1; kill <= settings.kills(); kill++) {
                double gap = settings.minGap() + ThreadLocalRandom.current().nextDouble()
                        * (settings.maxGap() - settings.minGap());
                Thread.sleep((long) (gap * 1000));
                aliveFor.add(gap);
                boolean last = kill == settings.kills();
                if (last) {
                    stopped = true;
                }
                long killedAt = System.nanoTime();
                long inFlight = ledger.inFlight.get();
                node.kill();
                long incomplete = count("select count(*) from event_publication where completion_date is null");
                node.start(last);
                Duration healthy = node.awaitHealthy(Duration.ofMinutes(4));
                double restart = (System.nanoTime() - killedAt) / 1e9;
                restarts.add(restart);
                System.out.printf("kill %2d after %4.1f s: %d requests in flight, %d event deliveries unfinished;"
                        + " healthy again %.1f s after the kill (%.1f s after the start)%s%n", kill, gap, inFlight,
                        incomplete, restart, healthy.toMillis() / 1000.0, last ? ", with short grace periods" : "");
            }
            for (Thread thread : traffic) {
                thread.join(TimeUnit.MINUTES.toMillis(2));
            }
            long incompleteAtLastStart = count("select count(*) from event_publication where completion_date is null");
            double trafficSeconds = (System.nanoTime() - began) / 1e9;
            return check(restarts, aliveFor, incompleteAtLastStart, trafficSeconds);
        }

        // --- Traffic ---------------------------------------------------------------------------------------

        private void pushes() {
            int n = 0;
            while (!stopped) {
                Resident resident = residents.get(n % residents.size());
                String docId = "P" + (++n);
                byte[] certificate = issuer.signedCertificate(DOC_TYPE, docId, "999999990019", resident.name);
                String body = issuer.pushRequest("<DigiLockerId>" + resident.lockerId + "</DigiLockerId>", DOC_TYPE,
                        docId, "A", certificate, TestIssuer.now(), TestIssuer.newTxn());
                ledger.attempt("push", () -> {
                    HttpResponse<String> pushed = new WebClient(node.port).post("/public/issuer/issuedoc/1/xml",
                            "application/xml", body.getBytes(StandardCharsets.UTF_8), "x-digilocker-hmac",
                            issuer.hmac(body));
                    if (ok(pushed) && pushed.body().contains(">1</ResponseStatus>")) {
                        ledger.issued.add(new Issued(resident, uri(docId), certificate));
                    }
                    return pushed.statusCode();
                });
            }
        }

        private void bulks() {
            int n = 0;
            while (!stopped) {
                int round = ++n;
                List<Issued> files = new ArrayList<>();
                var zip = new ByteArrayOutputStream();
                try (var out = new ZipOutputStream(zip)) {
                    for (int i = 0; i < settings.bulk(); i++) {
                        Resident resident = residents.get((round + i) % residents.size());
                        String docId = "B" + round + "N" + i;
                        byte[] certificate = issuer.signedCertificate(DOC_TYPE, docId, "999999990019", resident.name);
                        out.putNextEntry(new ZipEntry("push-" + i + ".xml"));
                        out.write(issuer.pushRequest("<DigiLockerId>" + resident.lockerId + "</DigiLockerId>",
                                DOC_TYPE, docId, "A", certificate, TestIssuer.now(), TestIssuer.newTxn())
                                .getBytes(StandardCharsets.UTF_8));
                        files.add(new Issued(resident, uri(docId), certificate));
                    }
                }
                catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                byte[] body = zip.toByteArray();
                String path = "/public/issuer/issuedoc/1/bulk";
                ledger.attempt("bulk", () -> {
                    HttpResponse<String> accepted = new WebClient(node.port).post(path, "application/zip", body,
                            issuer.signedHeaders("POST", path, body));
                    if (accepted.statusCode() == 202) {
                        ledger.bulks.add(new Bulk(field(accepted.body(), "bulkId"), files));
                    }
                    return accepted.statusCode();
                });
                pause(500);
            }
        }

        /** Uploads by the residents of one half; the second half shares each second upload too. */
        private void uploads(int half) {
            int n = 0;
            while (!stopped) {
                n++;
                Resident resident = residents.get((2 * n + half) % residents.size());
                byte[] pdf = pdf("upload " + half + "-" + n + " of " + resident.username);
                String name = "crash-" + half + "-" + n + ".pdf";
                ledger.attempt("upload", () -> {
                    HttpResponse<String> uploaded = resident.web.postMultipart("/api/v1/locker/uploaded", Map.of(),
                            "file", name, pdf, "X-CSRF-TOKEN", resident.csrf());
                    if (uploaded.statusCode() == 201) {
                        ledger.uploaded.add(new Uploaded(resident, field(uploaded.body(), "id"), pdf));
                    }
                    else if (uploaded.statusCode() == 403) {
                        resident.forgetCsrf();
                    }
                    return uploaded.statusCode();
                });
                if (half == 1 && n % 2 == 0) {
                    Uploaded last = ledger.uploaded.stream().filter(u -> u.resident == resident)
                            .reduce((first, second) -> second).orElse(null);
                    if (last != null) {
                        String json = "{\"documents\":[{\"kind\":\"uploaded\",\"id\":\"" + last.id + "\"}],"
                                + "\"email\":\"friend" + n + "@example.org\"}";
                        ledger.attempt("share", () -> {
                            HttpResponse<String> created = resident.web.postJson("/api/v1/locker/shares", json,
                                    "X-CSRF-TOKEN", resident.csrf());
                            if (created.statusCode() == 201) {
                                ledger.shared.add(new Shared(resident, field(created.body(), "id")));
                            }
                            else if (created.statusCode() == 403) {
                                resident.forgetCsrf();
                            }
                            return created.statusCode();
                        });
                    }
                }
            }
        }

        private void signIns() {
            int n = 0;
            while (!stopped) {
                Resident resident = residents.get(n++ % residents.size());
                WebClient web = new WebClient(node.port);
                ledger.attempt("sign-in", () -> {
                    HttpResponse<String> signedIn = web.signIn(resident.username, PASSWORD);
                    String location = signedIn.headers().firstValue("Location").orElse("");
                    if (signedIn.statusCode() == 302 && location.endsWith("/dashboard")) {
                        ledger.sessions.add(new Session(resident, web));
                        return 200;
                    }
                    return signedIn.statusCode();
                });
                pause(300);
            }
        }

        // --- Checks ----------------------------------------------------------------------------------------

        private boolean check(List<Double> restarts, List<Double> aliveFor, long incompleteAtLastStart,
                double trafficSeconds) throws Exception {
            long settleUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.settle());
            List<String> failures = new ArrayList<>();

            // Every bulk upload answered 202 finishes, each of its files published.
            Map<String, String> bulkOutcomes = new TreeMap<>();
            long bulkFilesLost = 0;
            for (Bulk bulk : ledger.bulks) {
                String progress = "/public/issuer/issuedoc/1/bulk/" + bulk.id;
                String status = "?";
                String body = "";
                while (System.nanoTime() < settleUntil) {
                    HttpResponse<String> polled = new WebClient(node.port).get(progress,
                            issuer.signedHeaders("GET", progress, null));
                    body = polled.body();
                    status = polled.statusCode() == 200 ? field(body, "status") : "HTTP " + polled.statusCode();
                    if (status.equals("DONE") || status.equals("FAILED") || polled.statusCode() == 404) {
                        break;
                    }
                    Thread.sleep(500);
                }
                bulkOutcomes.merge(status, "1", (a, b) -> String.valueOf(Integer.parseInt(a) + 1));
                Matcher published = Pattern.compile("\"published\"\\s*:\\s*(\\d+)").matcher(body);
                int count = published.find() ? Integer.parseInt(published.group(1)) : 0;
                if (!status.equals("DONE") || count != bulk.files.size()) {
                    failures.add("bulk " + bulk.id + " ended " + status + " with " + count + " of "
                            + bulk.files.size() + " published: " + abbreviated(body));
                    bulkFilesLost += bulk.files.size() - count;
                }
            }

            // Each resident reads the locker in a new session.
            Map<Resident, WebClient> readers = new ConcurrentHashMap<>();
            for (Resident resident : residents) {
                WebClient web = new WebClient(node.port);
                web.signIn(resident.username, PASSWORD);
                readers.put(resident, web);
            }
            long issuedLost = 0;
            List<Issued> allIssued = new ArrayList<>(ledger.issued);
            ledger.bulks.forEach(bulk -> allIssued.addAll(bulk.files));
            for (Issued issued : allIssued) {
                HttpResponse<byte[]> xml = readers.get(issued.resident)
                        .getBytes("/api/v1/locker/issued/" + issued.uri + "/xml");
                if (xml.statusCode() != 200 || !MessageDigest.isEqual(xml.body(), issued.certificate)) {
                    issuedLost++;
                    if (issuedLost <= 5) {
                        failures.add("issued document " + issued.uri + " of " + issued.resident.username
                                + ": HTTP " + xml.statusCode() + (xml.statusCode() == 200 ? ", other bytes ("
                                + xml.body().length + " of " + issued.certificate.length + ")" : ""));
                    }
                }
            }
            long uploadsLost = 0;
            for (Uploaded uploaded : ledger.uploaded) {
                HttpResponse<byte[]> content = readers.get(uploaded.resident)
                        .getBytes("/api/v1/locker/uploaded/" + uploaded.id + "/content");
                if (content.statusCode() != 200 || !MessageDigest.isEqual(content.body(), uploaded.bytes)) {
                    uploadsLost++;
                    if (uploadsLost <= 5) {
                        failures.add("upload " + uploaded.id + " of " + uploaded.resident.username + ": HTTP "
                                + content.statusCode());
                    }
                }
            }
            long sharesLost = 0;
            Map<Resident, String> shareLists = new ConcurrentHashMap<>();
            for (Shared shared : ledger.shared) {
                String list = shareLists.computeIfAbsent(shared.resident, resident -> {
                    try {
                        return readers.get(resident).get("/api/v1/locker/shares").body();
                    }
                    catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                if (!list.contains("\"id\":\"" + shared.id + "\"")) {
                    sharesLost++;
                    failures.add("share " + shared.id + " of " + shared.resident.username + " is not listed");
                }
            }
            long sessionsLost = 0;
            for (Session session : ledger.sessions) {
                HttpResponse<String> locker = session.web.get("/api/v1/locker/shares");
                if (locker.statusCode() != 200) {
                    sessionsLost++;
                    if (sessionsLost <= 5) {
                        failures.add("the session of a sign-in of " + session.resident.username + " is gone: HTTP "
                                + locker.statusCode());
                    }
                }
            }
            long lost = bulkFilesLost + issuedLost + uploadsLost + sharesLost + sessionsLost;

            // Unfinished event deliveries are resubmitted, and the activity trail is chained, by the last node.
            long stuck = awaitZero("select count(*) from event_publication where completion_date is null",
                    settleUntil);
            if (stuck > 0) {
                failures.add(stuck + " event publications still without a completion date: " + String.join("; ",
                        strings("select listener_id || ' ' || coalesce(status, '') || ' ' || publication_date"
                                + " from event_publication where completion_date is null limit 5")));
            }
            long unchained = awaitZero("select count(*) from audit_inbox", settleUntil);
            HttpResponse<String> verified = new WebClient(node.port).get("/api/v1/admin/audit/verify",
                    "Authorization", "Bearer " + node.token);
            boolean intact = verified.statusCode() == 200 && verified.body().contains("\"intact\":true");
            if (!intact || unchained > 0) {
                failures.add("activity trail: " + unchained + " entries not chained; verify answered "
                        + verified.statusCode() + " " + abbreviated(verified.body()));
            }

            // Half-written: rows naming blobs without a row or an object; objects and intents without a row,
            // once the collector ran after the grace period.
            List<String> blobColumns = strings("""
                    select table_name || '.' || column_name from information_schema.columns
                    where table_schema = current_schema() and data_type = 'uuid' and column_name like '%blob%'
                    and table_name not like 'storage%' order by 1""");
            long rowsWithoutBlob = 0;
            for (String column : blobColumns) {
                String[] parts = column.split("\\.");
                long missing = count("select count(*) from " + parts[0] + " t where t." + parts[1]
                        + " is not null and not exists (select 1 from storage_blob b where b.id = t." + parts[1] + ")");
                if (missing > 0) {
                    failures.add(missing + " rows of " + column + " name a blob without a row");
                }
                rowsWithoutBlob += missing;
            }
            long orphanIntents = awaitZero("select count(*) from storage_blob_intent i where not exists"
                    + " (select 1 from storage_blob b where b.id = i.id)", settleUntil);
            if (orphanIntents > 0) {
                failures.add(orphanIntents + " blob intents without a row were not collected");
            }
            Set<String> blobRows = new HashSet<>(strings("select id::text from storage_blob"));
            Path store = node.dataDir.resolve("blobs");
            Set<String> objects = new HashSet<>();
            long leftovers = 0;
            if (Files.isDirectory(store)) {
                try (Stream<Path> files = Files.walk(store)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        if (file.getParent().getFileName().toString().equals("tmp")) {
                            leftovers++;
                        }
                        else {
                            objects.add(file.getFileName().toString());
                        }
                    }
                }
            }
            long orphanObjects = objects.stream().filter(object -> !blobRows.contains(object)).count();
            long rowsWithoutObject = blobRows.stream().filter(row -> !objects.contains(row)).count();
            if (orphanObjects > 0 || leftovers > 0 || rowsWithoutObject > 0) {
                failures.add(orphanObjects + " objects in the store without a row, " + leftovers
                        + " leftovers in tmp/, " + rowsWithoutObject + " blob rows without an object");
            }
            long unreferenced = 0;
            if (!blobColumns.isEmpty()) {
                StringBuilder referenced = new StringBuilder();
                for (String column : blobColumns) {
                    String[] parts = column.split("\\.");
                    referenced.append(referenced.isEmpty() ? "" : " union all ").append("select ").append(parts[1])
                            .append(" from ").append(parts[0]);
                }
                unreferenced = count("select count(*) from storage_blob b where b.id not in (select r.id from ("
                        + referenced + ") as r(id) where r.id is not null)");
            }
            long orphans = rowsWithoutBlob + orphanIntents + orphanObjects + leftovers + rowsWithoutObject;

            long auditEntries = count("select count(*) from audit_entry");
            var out = new StringBuilder("\n=== Crash loop ===\n");
            out.append(String.format("node:      %s, -Xmx%s, %d cores; database %s on 127.0.0.1:5432; log %s%n",
                    node.jar.getFileName(), settings.heap(), Runtime.getRuntime().availableProcessors(), database,
                    node.log));
            out.append(String.format("kills:     %d SIGKILLs, %.1f to %.1f s after the node was healthy (mean %.1f s);"
                    + " %.0f s of traffic%n", restarts.size(), settings.minGap(), settings.maxGap(),
                    aliveFor.stream().mapToDouble(Double::doubleValue).average().orElse(0), trafficSeconds));
            out.append(String.format("restarts:  healthy again after the kill: min %.1f s, median %.1f s, max %.1f s%n",
                    restarts.stream().mapToDouble(Double::doubleValue).min().orElse(0), median(restarts),
                    restarts.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
            out.append("requests:  ").append(ledger.summary()).append('\n');
            out.append(String.format("answered:  %d pushes, %d bulk ZIPs (%d files; outcomes %s), %d uploads, %d shares,"
                    + " %d sign-ins%n", ledger.issued.size(), ledger.bulks.size(),
                    ledger.bulks.stream().mapToInt(bulk -> bulk.files.size()).sum(), bulkOutcomes, ledger.uploaded.size(),
                    ledger.shared.size(), ledger.sessions.size()));
            out.append(String.format("lost:      %d (bulk files %d, pushed documents %d, uploads %d, shares %d,"
                    + " sessions %d)%n", lost, bulkFilesLost, issuedLost, uploadsLost, sharesLost, sessionsLost));
            out.append(String.format("orphans:   %d (rows naming a missing blob %d over %s; intents %d; objects without"
                    + " a row %d; tmp leftovers %d; rows without an object %d); blob rows no document names: %d%n",
                    orphans, rowsWithoutBlob, blobColumns, orphanIntents, orphanObjects, leftovers, rowsWithoutObject,
                    unreferenced));
            out.append(String.format("audit:     %d entries, %d not chained, verify: %s%n", auditEntries, unchained,
                    intact ? "intact" : "BROKEN"));
            out.append(String.format("events:    %d unfinished deliveries when the last node started, %d stuck after"
                    + " its resubmission%n", incompleteAtLastStart, stuck));
            out.append(failures.isEmpty() ? "verdict: HELD\n" : "verdict: FAILED\n  " + String.join("\n  ", failures)
                    + "\n");
            System.out.print(out);
            System.out.flush();
            return failures.isEmpty();
        }

        // --- Setup -----------------------------------------------------------------------------------------

        /** Signs a resident up over HTTP: the mobile number, the code from the SMS, then a username and password. */
        private Resident signUp(int i) throws Exception {
            String mobile = String.valueOf(9_300_000_000L + i);
            String username = "crash" + i;
            WebClient web = new WebClient(node.port);
            HttpResponse<String> sent = web.postForm("/signup", Map.of("mobile", mobile,
                    "_csrf", WebClient.csrfTokenOf(web.get("/signup").body())));
            expect(sent, 302, "/signup/verify");
            String code = sms.await(mobile, Duration.ofSeconds(60));
            HttpResponse<String> checked = web.postForm("/signup/verify", Map.of("otp", code,
                    "_csrf", WebClient.csrfTokenOf(web.get("/signup/verify").body())));
            expect(checked, 302, "/signup/account");
            HttpResponse<String> created = web.postForm("/signup/account", Map.of("username", username,
                    "password", PASSWORD, "_csrf", WebClient.csrfTokenOf(web.get("/signup/account").body())));
            expect(created, 302, "/dashboard?welcome");
            String lockerId = strings("select locker_id::text from account_resident where username = '" + username
                    + "'").get(0);
            return new Resident(username, "Resident " + i, lockerId, web);
        }

        private long count(String sql) throws SQLException {
            return Long.parseLong(strings(sql).get(0));
        }

        private List<String> strings(String sql) throws SQLException {
            try (Connection connection = connect(database); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(sql)) {
                List<String> values = new ArrayList<>();
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
                return values;
            }
        }

        /** Waits until {@code sql} counts nothing or the time is up; answers the last count. */
        private long awaitZero(String sql, long until) throws Exception {
            long count = count(sql);
            while (count > 0 && System.nanoTime() < until) {
                Thread.sleep(1000);
                count = count(sql);
            }
            return count;
        }

        private String uri(String docId) {
            return issuer.issuerId + "-" + DOC_TYPE + "-" + docId;
        }
    }

    // --- What was answered -------------------------------------------------------------------------------------

    record Issued(Resident resident, String uri, byte[] certificate) {
    }

    record Bulk(String id, List<Issued> files) {
    }

    record Uploaded(Resident resident, String id, byte[] bytes) {
    }

    record Shared(Resident resident, String id) {
    }

    record Session(Resident resident, WebClient web) {
    }

    /** A resident of the run, with a session of its own for uploads and shares. */
    static final class Resident {

        final String username;

        final String name;

        final String lockerId;

        final WebClient web;

        private volatile String csrf;

        Resident(String username, String name, String lockerId, WebClient web) {
            this.username = username;
            this.name = name;
            this.lockerId = lockerId;
            this.web = web;
        }

        String csrf() throws Exception {
            String token = csrf;
            if (token == null) {
                HttpResponse<String> page = web.get("/locker/uploaded");
                if (page.statusCode() != 200) {
                    web.signIn(username, PASSWORD);
                    page = web.get("/locker/uploaded");
                }
                token = WebClient.csrfTokenOf(page.body());
                csrf = token;
            }
            return token;
        }

        void forgetCsrf() {
            csrf = null;
        }
    }

    /** Every request sent and how it was answered; and what each answer of success created. */
    static final class Ledger {

        final Queue<Issued> issued = new ConcurrentLinkedQueue<>();

        final Queue<Bulk> bulks = new ConcurrentLinkedQueue<>();

        final Queue<Uploaded> uploaded = new ConcurrentLinkedQueue<>();

        final Queue<Shared> shared = new ConcurrentLinkedQueue<>();

        final Queue<Session> sessions = new ConcurrentLinkedQueue<>();

        final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();

        final AtomicLong inFlight = new AtomicLong();

        interface Request {
            int send() throws Exception;
        }

        /** Sends one request; an exception (the node died under it, or is not up yet) counts as no answer. */
        void attempt(String kind, Request request) {
            inFlight.incrementAndGet();
            String outcome;
            try {
                int status = request.send();
                outcome = status >= 200 && status < 300 ? "2xx" : String.valueOf(status);
            }
            catch (Exception e) {
                outcome = "no answer (node down)";
                pause(200);
            }
            finally {
                inFlight.decrementAndGet();
            }
            outcomes.computeIfAbsent(kind + " " + outcome, key -> new AtomicLong()).incrementAndGet();
        }

        String summary() {
            var sorted = new TreeMap<String, Long>();
            outcomes.forEach((key, value) -> sorted.put(key, value.get()));
            return sorted.toString();
        }
    }

    // --- The node ------------------------------------------------------------------------------------------

    /** Tijori as a child process from the packaged jar; killed with SIGKILL and started again on the same state. */
    static final class Node {

        final Path jar;

        final String heap;

        final Path work;

        final Path dataDir;

        final Path log;

        final String database;

        final String keyset;

        final String token;

        final String smsUrl;

        final int port;

        private Process process;

        private int starts;

        Node(Path jar, String heap, Path work, String database, String keyset, String token, String smsUrl, int port) {
            this.jar = jar;
            this.heap = heap;
            this.work = work;
            this.dataDir = work.resolve("data");
            this.log = work.resolve("node.log");
            this.database = database;
            this.keyset = keyset;
            this.token = token;
            this.smsUrl = smsUrl;
            this.port = port;
        }

        /**
         * Starts the node; {@code shortGrace} shortens the orphan collector's grace period and schedule and the
         * resubmission of unfinished event deliveries, for the checks after the last kill.
         */
        synchronized void start(boolean shortGrace) throws IOException {
            starts++;
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx" + heap, "-jar", jar.toString(), "--server.port=" + port, "--spring.main.banner-mode=off",
                    "--tijori.data-dir=" + dataDir, "--spring.datasource.url=" + url(database),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--spring.datasource.hikari.maximum-pool-size=10", "--tijori.admin.bootstrap-token=" + token,
                    "--tijori.sms.provider=webhook", "--tijori.sms.webhook.url=" + smsUrl,
                    "--tijori.account.otp-sends-per-address=100000", "--tijori.locker.uploads-per-hour=100000",
                    "--tijori.sharing.shares-per-hour=100000",
                    // A bulk ZIP held by a killed node waits out its lease before the next node takes it over.
                    "--tijori.issuer.bulk-lease=20s"));
            if (shortGrace) {
                command.addAll(List.of("--tijori.storage.orphan-grace-period=5s",
                        "--tijori.storage.orphan-collection-delay=1s", "--tijori.storage.orphan-collection-interval=2s",
                        "--tijori.events.resubmit-after=10s", "--tijori.events.resubmission-interval=2s"));
            }
            Files.writeString(log, "\n===== start " + starts + (shortGrace ? " (short grace periods)" : "")
                    + " =====\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("TIJORI_KEYS_KEYSET", keyset);
            process = builder.start();
        }

        /** How long until the health check answered 200 after the start. */
        Duration awaitHealthy(Duration patience) throws Exception {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).build();
            long started = process.info().startInstant().map(start -> start.toEpochMilli() * 1_000_000L).orElse(0L);
            long since = System.nanoTime();
            while (System.nanoTime() - since < patience.toNanos()) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Tijori ended with status " + process.exitValue()
                            + " while starting; its log: " + log);
                }
                try {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        long now = System.currentTimeMillis() * 1_000_000L;
                        return Duration.ofNanos(started > 0 ? now - started : System.nanoTime() - since);
                    }
                }
                catch (IOException e) {
                    // Not listening yet: ask again.
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("Tijori did not answer its health check within " + patience + "; its log: "
                    + log);
        }

        /** SIGKILL to the JVM (not a shell around it), and waits until it is gone. */
        synchronized void kill() throws InterruptedException {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Tijori (pid " + process.pid() + ") outlived SIGKILL for 30 s");
            }
        }

        /** Ends the node as an operator would (SIGTERM), then by force after a minute. */
        synchronized void stop() {
            if (process == null || !process.isAlive()) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(30, TimeUnit.SECONDS);
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Receives the node's SMS (its webhook) and keeps the last code sent to each number. */
    static final class SmsCodes {

        private final HttpServer server;

        private final Map<String, String> codes = new ConcurrentHashMap<>();

        private SmsCodes(HttpServer server) {
            this.server = server;
        }

        static SmsCodes start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            SmsCodes sms = new SmsCodes(server);
            server.createContext("/sms", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Matcher to = TO.matcher(body);
                Matcher code = CODE.matcher(body.replaceAll("\"to\"\\s*:\\s*\"[^\"]*\"", ""));
                if (to.find() && code.find()) {
                    sms.codes.put(to.group(1), code.group(1));
                }
                exchange.sendResponseHeaders(202, -1);
                exchange.close();
            });
            server.start();
            return sms;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/sms";
        }

        String await(String mobile, Duration patience) throws InterruptedException {
            long until = System.nanoTime() + patience.toNanos();
            while (System.nanoTime() < until) {
                String code = codes.remove(mobile);
                if (code != null) {
                    return code;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("no SMS code for " + mobile + " within " + patience);
        }

        void stop() {
            server.stop(0);
        }
    }

    // --- Small things ----------------------------------------------------------------------------------------

    private static final AtomicInteger pdfs = new AtomicInteger();

    /** A one-page PDF whose bytes are its own (the title differs). */
    static byte[] pdf(String title) {
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage());
            document.getDocumentInformation().setTitle(title + " #" + pdfs.incrementAndGet());
            var out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean ok(HttpResponse<?> response) {
        return response.statusCode() >= 200 && response.statusCode() < 300;
    }

    static void expect(HttpResponse<String> response, int status, String location) {
        String at = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() != status || !at.endsWith(location)) {
            throw new IllegalStateException("expected " + status + " to " + location + ", got "
                    + response.statusCode() + " to " + at + ": " + abbreviated(response.body()));
        }
    }

    static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in " + abbreviated(json));
        }
        return matcher.group(1);
    }

    static String abbreviated(String text) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Thread started(String name, Runnable work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            }
            catch (RuntimeException e) {
                System.err.println(name + " stopped: " + e);
                e.printStackTrace();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static String url(String database) {
        return "jdbc:postgresql://127.0.0.1:5432/" + database;
    }

    static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), "postgres", "");
    }

    static void execute(String database, String sql) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static Path packagedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().matches("tijori-.*\\.jar")
                    && !file.getFileName().toString().endsWith("-plain.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/tijori-*.jar: ./mvnw -B -q -o -DskipTests"
                            + " -Dfuzz.skip=true package, or jar="));
        }
    }

    static void deleteTree(Path root) throws IOException {
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
