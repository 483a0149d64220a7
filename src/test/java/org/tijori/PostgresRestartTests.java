package org.tijori;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL restarted while residents sign in and read their lockers: Tijori runs on a PostgreSQL server of this
 * test's own (never the machine's shared one), which the test stops and starts again under load. While it is away,
 * every request that needs it is answered 503 within seconds, in the form its client reads (a page, a problem
 * detail, DigiLocker's error body), and none 500; once it is back, Tijori serves again without a restart.
 */
@ExtendWith(OutputCaptureExtension.class)
class PostgresRestartTests {

    /** How long the database stays away: a restart by an operator, or a fail-over, takes about this long. */
    static final Duration OUTAGE = Duration.ofSeconds(6);

    static Path pgDirectory;

    static int pgPort;

    static EmbeddedPostgres postgres;

    static ConfigurableApplicationContext tijori;

    static LockerJourneys journeys;

    @BeforeAll
    static void start(@TempDir Path directory) throws Exception {
        AeadConfig.register();
        String keyset = TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get());
        try (var free = new ServerSocket(0)) {
            pgPort = free.getLocalPort();
        }
        pgDirectory = directory.resolve("pg");
        postgres = startPostgres();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("create database outage");
        }
        tijori = new SpringApplicationBuilder(TijoriApplication.class).run(LockerJourneys.arguments(
                directory.resolve("state"), postgres.getJdbcUrl("postgres", "outage"), keyset));
        journeys = new LockerJourneys(tijori);
    }

    static EmbeddedPostgres startPostgres() throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(pgDirectory).setCleanDataDirectory(false)
                .setPort(pgPort).setServerConfig("listen_addresses", "127.0.0.1").start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (tijori != null) {
            tijori.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aRestartOfPostgresUnderLoadIsAnswered503AndTijoriRecoversWithoutARestart(CapturedOutput output)
            throws Exception {
        LockerJourneys.Resident resident = journeys.signUp();
        journeys.upload(resident, "voter-id.pdf");
        int port = Integer.parseInt(tijori.getEnvironment().getProperty("local.server.port"));
        var load = new Load(port, resident);
        ExecutorService threads = Executors.newFixedThreadPool(5);
        List<Future<?>> running = new ArrayList<>();
        running.add(threads.submit(() -> load.run("sign-in", load::signIn)));
        running.add(threads.submit(() -> load.run("sign-in", load::signIn)));
        running.add(threads.submit(() -> load.run("api-list", load::apiList)));
        running.add(threads.submit(() -> load.run("page-list", load::pageList)));

        Thread.sleep(2_000);
        postgres.close();
        load.downSince.set(System.nanoTime());
        Thread.sleep(1_000);
        Future<Spot> spot = threads.submit(() -> new Spot(port, resident.web()));
        Thread.sleep(OUTAGE.toMillis() - 1_000);
        postgres = startPostgres();
        long upAt = System.nanoTime();
        load.upSince.set(upAt);
        load.awaitRecovery(Duration.ofSeconds(20));
        long recovered = System.nanoTime();
        Thread.sleep(2_000);
        load.stop.set(true);
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        for (Future<?> thread : running) {
            thread.get();
        }
        Spot duringOutage = spot.get();
        String readinessAfter = new Spot(port, resident.web()).readiness.body();

        System.out.printf("database outage: %s; recovered %d ms after PostgreSQL accepted connections again; "
                + "slowest 503 %d ms%n", load.counts, Duration.ofNanos(recovered - upAt).toMillis(),
                load.slowest503.get());
        assertThat(load.others).as("answers neither 2xx/3xx nor 503").isEmpty();
        assertThat(load.count("503")).as("requests answered 503 while PostgreSQL was away").isPositive();
        assertThat(load.slowest503.get()).as("a 503 comes within seconds").isLessThan(8_000);
        assertThat(duringOutage.page.statusCode()).isEqualTo(503);
        assertThat(duringOutage.page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(duringOutage.page.body()).contains("Tijori cannot reach its database").doesNotContain("Exception");
        assertThat(duringOutage.api.statusCode()).isEqualTo(503);
        assertThat(duringOutage.api.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(duringOutage.api.body()).contains("\"type\":\"https://tijori.org/problems/database-unavailable\"")
                .contains("\"requestId\"").doesNotContain("Exception");
        assertThat(duringOutage.partner.statusCode()).isEqualTo(503);
        assertThat(duringOutage.partner.body()).contains("\"error\":\"service_unavailable\"")
                .contains("\"error_description\"").doesNotContain("Exception");
        assertThat(duringOutage.readiness.statusCode()).isEqualTo(503);
        assertThat(duringOutage.readiness.body()).contains("\"status\":\"DOWN\"");
        assertThat(readinessAfter).contains("\"status\":\"UP\"");
        assertThat(output.getAll()).as("a failure that escaped to the servlet container")
                .doesNotContain("Servlet.service() for servlet").doesNotContain("Unexpected error while answering");
    }

    /** One request of each form while the database is away, and the readiness probe. */
    static final class Spot {

        final HttpResponse<String> page;

        final HttpResponse<String> api;

        final HttpResponse<String> partner;

        final HttpResponse<String> readiness;

        /** All four at once, so that they fit in the outage however long each waits for a connection. */
        Spot(int port, WebClient resident) throws Exception {
            var web = new WebClient(port);
            // Not the common pool: on two CPUs it runs one task at a time.
            ExecutorService four = Executors.newFixedThreadPool(4);
            var pageAnswer = CompletableFuture.supplyAsync(() -> send(() -> web.get("/login", "Accept", "text/html")),
                    four);
            var apiAnswer = CompletableFuture.supplyAsync(() -> send(
                    () -> resident.get("/api/v1/locker/uploaded", "Accept", "application/json")), four);
            var partnerAnswer = CompletableFuture.supplyAsync(() -> send(() -> new WebClient(port).postForm(
                    "/public/account/2/verify", Map.of("clientid", "nobody", "mobile", "9876543210", "ts", "1",
                            "hmac", "x"))), four);
            var readinessAnswer = CompletableFuture.supplyAsync(() -> send(() -> HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                            .build(), HttpResponse.BodyHandlers.ofString())), four);
            try {
                page = pageAnswer.get();
                api = apiAnswer.get();
                partner = partnerAnswer.get();
                readiness = readinessAnswer.get();
            }
            finally {
                four.shutdown();
            }
        }

        private static HttpResponse<String> send(Load.Request request) {
            try {
                return request.send();
            }
            catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A few residents' worth of requests in a loop, counted by their answer. */
    static final class Load {

        final int port;

        final LockerJourneys.Resident resident;

        final AtomicBoolean stop = new AtomicBoolean();

        final AtomicLong downSince = new AtomicLong();

        final AtomicLong upSince = new AtomicLong();

        final AtomicLong slowest503 = new AtomicLong();

        final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

        /** Per kind of request, when it last succeeded. */
        final Map<String, Long> lastSuccess = new ConcurrentHashMap<>();

        final ConcurrentLinkedQueue<String> others = new ConcurrentLinkedQueue<>();

        Load(int port, LockerJourneys.Resident resident) {
            this.port = port;
            this.resident = resident;
        }

        interface Request {

            HttpResponse<String> send() throws Exception;
        }

        void run(String kind, Request request) {
            while (!stop.get()) {
                long start = System.nanoTime();
                HttpResponse<String> response;
                try {
                    response = request.send();
                }
                catch (Exception e) {
                    others.add(kind + ": " + e);
                    continue;
                }
                long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                int status = response.statusCode();
                if (status < 400) {
                    tally("2xx/3xx");
                    lastSuccess.put(kind, System.nanoTime());
                }
                else if (status == 503) {
                    tally("503");
                    slowest503.accumulateAndGet(millis, Math::max);
                    if (response.body().contains("Exception") || response.body().contains("\tat ")) {
                        others.add(kind + ": a 503 that tells its cause: " + response.body());
                    }
                }
                else {
                    tally("other");
                    others.add(kind + ": " + status + " " + response.uri() + " "
                            + response.body().substring(0, Math.min(300, response.body().length())));
                }
            }
        }

        void tally(String what) {
            counts.computeIfAbsent(what, key -> new AtomicLong()).incrementAndGet();
        }

        long count(String what) {
            AtomicLong count = counts.get(what);
            return count == null ? 0 : count.get();
        }

        HttpResponse<String> signIn() throws Exception {
            var web = new WebClient(port);
            HttpResponse<String> login = web.get("/login");
            if (login.statusCode() != 200) {
                return login;
            }
            HttpResponse<String> signedIn = web.postForm("/login", Map.of("username", resident.username(),
                    "password", LockerJourneys.PASSWORD, "_csrf", WebClient.csrfTokenOf(login.body())));
            if (signedIn.statusCode() == 302
                    && !signedIn.headers().firstValue("Location").orElse("").endsWith("/dashboard")) {
                others.add("sign-in: sent to " + signedIn.headers().firstValue("Location").orElse(""));
            }
            return signedIn;
        }

        HttpResponse<String> apiList() throws Exception {
            HttpResponse<String> list = resident.web().get("/api/v1/locker/uploaded", "Accept", "application/json");
            if (list.statusCode() == 200 && !list.body().contains("voter-id.pdf")) {
                others.add("api-list: without the document: " + list.body());
            }
            return list;
        }

        HttpResponse<String> pageList() throws Exception {
            HttpResponse<String> page = resident.web().get("/locker/uploaded", "Accept", "text/html");
            if (page.statusCode() == 200 && !page.body().contains("voter-id.pdf")) {
                others.add("page-list: without the document");
            }
            return page;
        }

        /** Waits until every kind of request has succeeded since the database came back. */
        void awaitRecovery(Duration atMost) throws InterruptedException {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (System.nanoTime() < deadline) {
                long up = upSince.get();
                if (lastSuccess.size() == 3 && lastSuccess.values().stream().allMatch(at -> at > up)) {
                    return;
                }
                Thread.sleep(50);
            }
            throw new AssertionError("Tijori did not recover within " + atMost + ": " + counts + " " + others);
        }
    }
}
