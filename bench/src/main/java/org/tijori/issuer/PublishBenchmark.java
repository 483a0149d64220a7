package org.tijori.issuer;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.tijori.Concurrently;
import org.tijori.TijoriApplication;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccount;
import org.tijori.account.ResidentAccounts;
import org.tijori.identity.NationalId;
import org.tijori.identity.NationalIdLinks;
import org.tijori.identity.TestRegistry;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Publishing rate over HTTP: single pushes of a signed Certificate XML of about 5 KiB, each delivered
 * to the locker of the resident whose national ID it names, next to two floors measured on the same
 * machine: single-row inserts into the same PostgreSQL, and RSA-2048 signature checks.
 * <p>
 * The pushes come from wrk, in a process of its own, over {@code threads} connections; with
 * {@code client=java} (or where wrk is not installed) from Java's HttpClient on as many threads inside
 * the JVM under test, which then shares the two cores with its own load.
 * <p>
 * Then a ZIP of {@code bulk} pushes, from upload to the end of its report.
 * <p>
 * Arguments (optional): {@code residents=1000 documents=6000 threads=16 bulk=10000 client=wrk}.
 */
public final class PublishBenchmark {

    public static void main(String[] args) throws Exception {
        int residentCount = 1000;
        int documentCount = 6000;
        int threads = 16;
        int bulkCount = 10_000;
        boolean inProcess = false;
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            switch (pair[0]) {
                case "residents" -> residentCount = Integer.parseInt(pair[1]);
                case "documents" -> documentCount = Integer.parseInt(pair[1]);
                case "threads" -> threads = Integer.parseInt(pair[1]);
                case "bulk" -> bulkCount = Integer.parseInt(pair[1]);
                case "client" -> inProcess = switch (pair[1]) {
                    case "java" -> true;
                    case "wrk" -> false;
                    default -> throw new IllegalArgumentException("client is wrk or java");
                };
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        TestRegistry registry = TestRegistry.write(residentCount, 42);
        String token = "publish-benchmark-token-" + UUID.randomUUID();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TijoriApplication.class).run(
                "--server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                "--tijori.data-dir=" + Files.createTempDirectory("tijori-publish-bench"),
                "--tijori.identity.registry-file=" + registry.file(), "--tijori.admin.bootstrap-token=" + token,
                "--tijori.storage.max-blob-size=2GB")) {
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            run(context, port, token, registry, documentCount, threads, bulkCount, inProcess);
        }
    }

    private static void run(ConfigurableApplicationContext context, int port, String token, TestRegistry registry,
            int documentCount, int threads, int bulkCount, boolean inProcess) throws Exception {
        WebClient web = new WebClient(port);
        TestIssuer issuer = BenchmarkIssuer.approved(web, "in.gov.benchmark", token);

        ResidentAccounts accounts = context.getBean(ResidentAccounts.class);
        NationalIdLinks links = context.getBean(NationalIdLinks.class);
        List<String> uids = registry.uids();
        Concurrently.run(threads, uids.size(), i -> {
            ResidentAccount resident = accounts.signUp(new MobileNumber(registry.mobiles().get(i)), "reader" + i,
                    "a long and unusual phrase");
            links.link(resident.id(), links.requestLink(resident.id(), new NationalId(uids.get(i))).token());
        });

        // Signed before the clock starts: the issuer's signing is the issuer's cost, not Tijori's.
        // Long enough for the JIT compiler to finish with the push's code: with 1,000 pushes it still took
        // 12 % of the CPU while the measured pushes ran.
        int warmup = Math.min(3000, documentCount / 2);
        List<String> bodies = new ArrayList<>();
        int xmlBytes = 0;
        for (int i = 0; i < documentCount + warmup; i++) {
            String uid = uids.get(i % uids.size());
            byte[] certificate = BenchmarkIssuer.certificate(issuer, "B" + i, uid);
            xmlBytes += certificate.length;
            bodies.add(BenchmarkIssuer.push(issuer, "B" + i, uid, certificate));
        }
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        String client;
        double rate;
        if (!inProcess && wrkInstalled()) {
            // From another process, as a real issuer's pushes come: wrk costs the two cores far less than
            // an HTTP client inside the JVM under test.
            client = "wrk, " + threads + " connections";
            pushWithWrk(port, jdbc, issuer, bodies, 0, warmup, threads);
            long cpu = processCpuNanos();
            rate = pushWithWrk(port, jdbc, issuer, bodies, warmup, documentCount, threads);
            client += String.format(", %.2f ms of the JVM's CPU a push", (processCpuNanos() - cpu) / 1e6 / documentCount);
        }
        else {
            client = "Java's HttpClient in the same JVM, " + threads + " threads";
            HttpClient http = HttpClient.newHttpClient();
            String url = "http://127.0.0.1:" + port + "/public/issuer/issuedoc/1/xml";
            Concurrently.Step push = i -> {
                String body = bodies.get(i);
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(java.net.URI.create(url))
                        .header("Content-Type", "application/xml").header("x-digilocker-hmac", issuer.hmac(body))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("push refused: " + answer.statusCode() + " " + answer.body());
                }
            };
            Concurrently.run(threads, warmup, push);
            long cpu = processCpuNanos();
            rate = documentCount / Concurrently.run(threads, documentCount, i -> push.run(warmup + i));
            client += String.format(", %.2f ms of the JVM's CPU a push, the client's included",
                    (processCpuNanos() - cpu) / 1e6 / documentCount);
        }
        long delivered = jdbc.sql("select count(*) from issuer_document where account_id is not null")
                .query(Long.class).single();
        if (delivered != documentCount + warmup) {
            throw new IllegalStateException("delivered " + delivered + " of " + (documentCount + warmup));
        }

        double bulkSeconds = bulk(context, web, issuer, uids, bulkCount);

        double insertsPerSecond = insertRate(context.getBean(DataSource.class), threads, 20_000);
        double verifiesPerSecond = rsaVerifyRate(1);
        double verifiesAllCores = rsaVerifyRate(Runtime.getRuntime().availableProcessors());

        System.out.printf("cores=%d threads=%d residents=%d documents=%d mean certificate %d bytes%n%n",
                Runtime.getRuntime().availableProcessors(), threads, uids.size(), documentCount,
                xmlBytes / (documentCount + warmup));
        System.out.println("| measure | result |");
        System.out.println("|---|---|");
        System.out.printf("| single pushes over HTTP, national-ID delivery (%s) | %.0f documents a second (%d) |%n",
                client, rate, documentCount);
        System.out.printf("| a ZIP of %d pushes, upload to report (processed in the background, one node) | %.0f documents a second (%.1f s) |%n",
                bulkCount, bulkCount / bulkSeconds, bulkSeconds);
        System.out.printf("| single-row inserts into the same PostgreSQL, %d threads, one commit each | %.0f a second |%n",
                threads, insertsPerSecond);
        System.out.printf("| RSA-2048 SHA-256 signature checks, one thread | %.0f a second |%n", verifiesPerSecond);
        System.out.printf("| RSA-2048 SHA-256 signature checks, all cores | %.0f a second |%n", verifiesAllCores);
    }

    /** CPU time of this JVM: the application, and the load when it comes from inside. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static boolean wrkInstalled() {
        try {
            return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor() <= 1;
        }
        catch (java.io.IOException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Sends pushes {@code from} to {@code from + count} once each with wrk over {@code connections}
     * connections, and returns the rate at which they were published, from the first to the last
     * publication time the database recorded (wrk itself runs for a fixed time).
     */
    private static double pushWithWrk(int port, JdbcClient jdbc, TestIssuer issuer, List<String> bodies, int from,
            int count, int connections) throws Exception {
        java.nio.file.Path dir = Files.createTempDirectory("tijori-push-wrk");
        int threads = 2;
        for (int t = 0; t < threads; t++) {
            StringBuilder lua = new StringBuilder("return {\n");
            for (int i = from + t; i < from + count; i += threads) {
                String body = bodies.get(i);
                if (body.contains("]==]")) {
                    throw new IllegalStateException("a body ends the Lua string");
                }
                lua.append("{\"").append(issuer.hmac(body)).append("\", [==[").append(body).append("]==]},\n");
            }
            Files.writeString(dir.resolve("pushes-" + (t + 1) + ".lua"), lua.append("}\n"));
        }
        Files.writeString(dir.resolve("push.lua"), """
                local counter = 0
                function setup(thread)
                  counter = counter + 1
                  thread:set("id", counter)
                end
                function init(args)
                  pushes = dofile("%s/pushes-" .. id .. ".lua")
                  sent = 0
                  answered = 0
                  -- wrk calls the first thread's request() once before running, only to check it.
                  checking = id == 1
                end
                function request()
                  if checking then
                    checking = false
                    return wrk.format("GET", "/actuator/health")
                  end
                  sent = sent + 1
                  local push = pushes[sent]
                  if push == nil then
                    return wrk.format("GET", "/actuator/health")
                  end
                  return wrk.format("POST", "/public/issuer/issuedoc/1/xml",
                    { ["Content-Type"] = "application/xml", ["x-digilocker-hmac"] = push[1] }, push[2])
                end
                function response(status, headers, body)
                  if string.sub(body, 1, 1) == "{" then
                    return
                  end
                  -- An issuer's answer (XML), not the health check sent once the pushes ran out.
                  answered = answered + 1
                  if status ~= 200 then
                    print("push refused: " .. status .. " " .. body)
                  end
                  if answered >= #pushes then
                    wrk.thread:stop()
                  end
                end
                """.formatted(dir));
        long seconds = Math.max(10, count / 100 + 10);
        Process wrk = new ProcessBuilder("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "-s",
                dir.resolve("push.lua").toString(), "http://127.0.0.1:" + port).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0 || output.contains("push refused")) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        var span = jdbc.sql("""
                select count(*) as published, extract(epoch from max(published_at) - min(published_at)) as seconds
                from issuer_document where issuer_id = ? and doc_id like 'B%'
                and cast(substring(doc_id from 2) as integer) between ? and ?""")
                .params(issuer.issuerId, from, from + count - 1)
                .query((rs, row) -> new double[] { rs.getLong("published"), rs.getDouble("seconds") }).single();
        if (span[0] != count) {
            throw new IllegalStateException("published " + (long) span[0] + " of " + count + ":\n" + output);
        }
        return (count - 1) / span[1];
    }

    /** Uploads a ZIP of {@code count} pushes and waits until its report is complete. */
    private static double bulk(ConfigurableApplicationContext context, WebClient web, TestIssuer issuer,
            List<String> uids, int count) throws Exception {
        var zipped = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(zipped)) {
            for (int i = 0; i < count; i++) {
                String uid = uids.get(i % uids.size());
                zip.putNextEntry(new java.util.zip.ZipEntry("push-" + i + ".xml"));
                zip.write(BenchmarkIssuer.push(issuer, "Z" + i, uid, BenchmarkIssuer.certificate(issuer, "Z" + i, uid))
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] zip = zipped.toByteArray();
        String upload = "/public/issuer/issuedoc/1/bulk";
        long started = System.nanoTime();
        HttpResponse<String> accepted = web.post(upload, "application/zip", zip,
                issuer.signedHeaders("POST", upload, zip));
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("bulk upload refused: " + accepted.body());
        }
        // Followed as an issuer would, over the API: each poll is signed with a nonce of its own.
        String progress = upload + "/" + TestIssuer.field(accepted.body(), "bulkId");
        String status;
        do {
            Thread.sleep(200);
            HttpResponse<String> polled = web.get(progress, issuer.signedHeaders("GET", progress, null));
            if (polled.statusCode() != 200) {
                throw new IllegalStateException("bulk progress refused: " + polled.body());
            }
            status = TestIssuer.field(polled.body(), "status");
        }
        while (!status.equals("DONE") && !status.equals("FAILED"));
        double seconds = (System.nanoTime() - started) / 1e9;
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        int published = jdbc.sql("select count(*) from issuer_bulk_item where outcome = 'published'")
                .query(Integer.class).single();
        if (published != count) {
            throw new IllegalStateException("bulk published " + published + " of " + count + " (" + status + ")");
        }
        return seconds;
    }

    private static double insertRate(DataSource dataSource, int threads, int rows) throws Exception {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("create table if not exists bench_insert (id uuid primary key, uri text, body text, at timestamptz)")
                .update();
        Concurrently.run(threads, 1000, i -> insert(jdbc));
        double seconds = Concurrently.run(threads, rows, i -> insert(jdbc));
        jdbc.sql("drop table bench_insert").update();
        return rows / seconds;
    }

    private static void insert(JdbcClient jdbc) {
        jdbc.sql("insert into bench_insert values (?, ?, ?, now())").params(UUID.randomUUID(), "in.gov.x-HSCER-1",
                "x".repeat(200)).update();
    }

    private static double rsaVerifyRate(int threads) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        byte[] message = "a signed document's SignedInfo".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(pair.getPrivate());
        signer.update(message);
        byte[] signature = signer.sign();
        Concurrently.Step verify = i -> {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(pair.getPublic());
            verifier.update(message);
            if (!verifier.verify(signature)) {
                throw new IllegalStateException("a good signature did not verify");
            }
        };
        Concurrently.run(threads, 20_000, verify);
        return 100_000 / Concurrently.run(threads, 100_000, verify);
    }
}
