package org.tijori.storage;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import org.tijori.WebClient;
import org.tijori.account.MobileNumber;
import org.tijori.account.ResidentAccounts;
import org.tijori.locker.TestDocuments;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The S3 service stopped while residents upload, and started again: each upload it breaks is answered 503 with
 * what to do, none 500; nothing is left half-kept (no document without its blob, and no object without its row once
 * the orphan collector has run past its grace); and uploads work again as soon as the service is back, without a
 * restart of Tijori.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tijori.storage.type=s3", "tijori.storage.s3.part-size=5MB", "tijori.locker.uploads-per-hour=100000" })
class ObjectStoreOutageTests {

    static final String BUCKET = "tijori-outage";

    static final String PASSWORD = "a long and unusual phrase";

    static Path folder;

    static org.gaul.s3proxy.blobstore.BlobStore backend;

    static S3Proxy proxy;

    static int port;

    @DynamicPropertySource
    static void s3Server(DynamicPropertyRegistry registry) throws Exception {
        if (proxy == null) {
            folder = Files.createTempDirectory("s3proxy-outage");
            var settings = new Properties();
            settings.setProperty("jclouds.filesystem.basedir", folder.toString());
            var filesystem = BlobStores.create("filesystem", settings);
            filesystem.createContainer(BUCKET);
            backend = filesystem;
            proxy = startProxy(URI.create("http://127.0.0.1:0"));
            port = proxy.getPort();
        }
        registry.add("tijori.storage.s3.endpoint", () -> "http://127.0.0.1:" + port);
        registry.add("tijori.storage.s3.bucket", () -> BUCKET);
        registry.add("tijori.storage.s3.access-key", () -> "test-access");
        registry.add("tijori.storage.s3.secret-key", () -> "test-secret");
        registry.add("tijori.storage.s3.path-style", () -> "true");
    }

    static S3Proxy startProxy(URI endpoint) throws Exception {
        S3Proxy started = S3Proxy.builder().blobStore(backend).endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "test-access", "test-secret").build();
        started.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(started.getState()));
        return started;
    }

    @AfterAll
    static void stopProxy() throws Exception {
        proxy.stop();
    }

    @LocalServerPort
    int tijoriPort;

    @Autowired
    ResidentAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OrphanBlobCollector collector;

    @Test
    void uploadsWhileTheObjectStoreIsDownAreAnswered503AndLeaveNothingBehind() throws Exception {
        String username = "outage" + System.nanoTime() % 1_000_000;
        accounts.signUp(new MobileNumber(String.valueOf(6_300_000_000L + System.nanoTime() % 100_000_000)), username,
                PASSWORD);
        WebClient web = new WebClient(tijoriPort);
        web.signIn(username, PASSWORD);
        String csrf = WebClient.csrfTokenOf(web.get("/locker/uploaded").body());
        byte[] small = TestDocuments.pdf();
        // Past one part of 5 MB: a multipart upload, which an outage can leave half-done on the server.
        byte[] large = new byte[7 * 1024 * 1024];
        System.arraycopy(small, 0, large, 0, small.length);

        var stop = new AtomicBoolean();
        var counts = new ConcurrentHashMap<String, AtomicLong>();
        var others = new ConcurrentLinkedQueue<String>();
        var stored = new ConcurrentHashMap<String, byte[]>();
        var lastSuccess = new ConcurrentHashMap<Integer, Long>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int thread = t;
            byte[] content = t == 0 ? small : large;
            running.add(threads.submit(() -> {
                while (!stop.get()) {
                    HttpResponse<String> answer;
                    try {
                        answer = web.postMultipart("/api/v1/locker/uploaded", Map.of(), "file", "scan.pdf", content,
                                "X-CSRF-TOKEN", csrf, "Accept", "application/json");
                    }
                    catch (Exception e) {
                        others.add(e.toString());
                        continue;
                    }
                    String kind = answer.statusCode() == 201 ? "201" : answer.statusCode() == 503 ? "503" : "other";
                    counts.computeIfAbsent(kind, key -> new AtomicLong()).incrementAndGet();
                    if (kind.equals("201")) {
                        stored.put(field(answer.body(), "id"), content);
                        lastSuccess.put(thread, System.nanoTime());
                    }
                    else if (kind.equals("503")) {
                        if (!answer.body().contains("\"type\":\"https://tijori.org/problems/locker-unavailable\"")
                                || !answer.body().contains("not answering")
                                || answer.headers().firstValue("Retry-After").isEmpty()) {
                            others.add("a 503 without its explanation: " + answer.body());
                        }
                    }
                    else {
                        others.add(answer.statusCode() + " " + answer.body());
                    }
                }
            }));
        }

        Thread.sleep(2_000);
        proxy.stop();
        Thread.sleep(1_000);
        HttpResponse<String> page = web.postMultipart("/locker/uploaded", Map.of("_csrf", csrf), "file", "form.pdf",
                small, "Accept", "text/html");
        Thread.sleep(3_000);
        proxy = startProxy(URI.create("http://127.0.0.1:" + port));
        long upAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> lastSuccess.size() == 2
                && lastSuccess.values().stream().allMatch(at -> at > upAt));
        long recovered = System.nanoTime();
        stop.set(true);
        threads.shutdown();
        assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        for (Future<?> thread : running) {
            thread.get();
        }

        System.out.printf("object store outage: %s; uploads worked again %d ms after S3 was back%n", counts,
                Duration.ofNanos(recovered - upAt).toMillis());
        assertThat(others).as("answers neither 201 nor 503").isEmpty();
        assertThat(counts.get("503")).as("uploads refused while S3 was away").isNotNull();
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.body()).contains("The document store is not answering just now").doesNotContain("Exception");

        // Every document the API took is there, whole; and there is no other.
        List<String> rows = jdbc.sql("select u.id::text from locker_upload u join storage_blob b on b.id = u.blob_id"
                + " where u.name = 'scan.pdf' or u.name = 'form.pdf'").query(String.class).list();
        assertThat(new HashSet<>(rows)).isEqualTo(stored.keySet());
        for (var document : stored.entrySet()) {
            HttpResponse<byte[]> content = web.getBytes("/api/v1/locker/uploaded/" + document.getKey() + "/content");
            assertThat(content.statusCode()).isEqualTo(200);
            assertThat(content.body()).isEqualTo(document.getValue());
        }
        assertThat(jdbc.sql("select count(*) from locker_upload u where not exists "
                + "(select 1 from storage_blob b where b.id = u.blob_id)").query(Long.class).single()).isZero();

        // Once the grace has passed, the collector leaves exactly one object for each blob row, and no upload open.
        collector.collect(Instant.now().plusSeconds(1));
        S3Client s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + port)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("test-access", "test-secret"))).build();
        Set<String> objects = new HashSet<>(s3.listObjectsV2Paginator(request -> request.bucket(BUCKET)).contents()
                .stream().map(S3Object::key).toList());
        assertThat(s3.listMultipartUploads(request -> request.bucket(BUCKET)).uploads()).as("uploads left open")
                .isEmpty();
        Set<String> blobs = new HashSet<>(jdbc.sql("select id from storage_blob").query(UUID.class).list().stream()
                .map(id -> BlobVault.name(new BlobId(id))).toList());
        assertThat(objects).isEqualTo(blobs);
        assertThat(jdbc.sql("select count(*) from storage_blob_intent").query(Long.class).single()).isZero();
    }

    static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertThat(matcher.find()).as(name + " in " + json).isTrue();
        return matcher.group(1);
    }
}
