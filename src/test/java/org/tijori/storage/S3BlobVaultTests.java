package org.tijori.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The vault on S3, against a real S3 protocol server (s3proxy on a local folder) started here. Parts of
 * the smallest size S3 allows make the larger cases of the suite multipart uploads.
 */
@SpringBootTest(properties = { "tijori.storage.type=s3", "tijori.storage.s3.part-size=5MB" })
class S3BlobVaultTests extends BlobVaultContract {

    static final String BUCKET = "tijori-test";

    static S3Proxy proxy;

    static S3Client s3;

    @DynamicPropertySource
    static void s3Server(DynamicPropertyRegistry registry) throws Exception {
        if (proxy == null) {
            var settings = new Properties();
            settings.setProperty("jclouds.filesystem.basedir", Files.createTempDirectory("s3proxy").toString());
            var backend = BlobStores.create("filesystem", settings);
            backend.createContainer(BUCKET);
            proxy = S3Proxy.builder().blobStore(backend).endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "test-access", "test-secret").build();
            proxy.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(proxy.getState()));
            s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                    .endpointOverride(endpoint()).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("test-access", "test-secret")))
                    .build();
        }
        registry.add("tijori.storage.s3.endpoint", () -> endpoint().toString());
        registry.add("tijori.storage.s3.bucket", () -> BUCKET);
        registry.add("tijori.storage.s3.access-key", () -> "test-access");
        registry.add("tijori.storage.s3.secret-key", () -> "test-secret");
        registry.add("tijori.storage.s3.path-style", () -> "true");
    }

    @Autowired
    VaultKeys keys;

    @Autowired
    BlobCatalog catalog;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void anS3ErrorLeavesNothingAndSaysSo() throws Exception {
        var missingBucket = new S3BlobStore(s3, "no-such-bucket", 5 * 1024 * 1024);
        var failing = new BlobVault(missingBucket, keys, catalog, Clock.systemUTC(),
                new StorageProperties(StorageProperties.Type.S3, DataSize.ofGigabytes(1),
                        Duration.ofHours(1), null),
                transactionManager, new SimpleMeterRegistry());

        assertThatThrownBy(
                () -> failing.store(new ByteArrayInputStream(random(7 * 1024 * 1024, 16))))
                .isInstanceOf(BlobStorageException.class).hasMessageContaining("S3 refused");

        assertNothingKept();
    }

    static URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }


    @Override
    long objectsInStore() {
        return s3.listObjectsV2Paginator(request -> request.bucket(BUCKET)).contents().stream().count();
    }

    @Override
    byte[] rawObject(String name) {
        return s3.getObjectAsBytes(request -> request.bucket(BUCKET).key(name)).asByteArray();
    }

    @Override
    void replaceRawObject(String name, byte[] ciphertext) throws IOException {
        s3.putObject(request -> request.bucket(BUCKET).key(name), RequestBody.fromBytes(ciphertext));
    }
}
