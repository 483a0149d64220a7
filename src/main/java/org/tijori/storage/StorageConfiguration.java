package org.tijori.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.StateDirectory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ StorageProperties.class, KeysProperties.class })
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean
    VaultKeys vaultKeys(KeysProperties properties, StateDirectory state, BlobCatalog catalog) {
        VaultKeys keys = VaultKeys.load(properties.keyset(), state.keys());
        // Checked as soon as it is loaded, before anything seals or opens with it.
        checkKeysetOpensStoredBlobs(keys, catalog);
        return keys;
    }

    /** The S3 store closes its client when the application stops (Spring infers {@code close()}). */
    @Bean
    BlobStore blobStore(StorageProperties properties, StateDirectory state) {
        try {
            if (properties.type() == StorageProperties.Type.S3) {
                StorageProperties.S3 s3 = properties.s3();
                if (s3.bucket() == null || s3.bucket().isBlank()) {
                    throw new IllegalStateException("tijori.storage.type=s3 needs tijori.storage.s3.bucket");
                }
                log.info("Blobs are kept in S3 bucket {} at {}", s3.bucket(),
                        s3.endpoint() == null ? "AWS" : s3.endpoint());
                return new S3BlobStore(s3Client(s3), s3.bucket(), Math.toIntExact(s3.partSize().toBytes()));
            }
            log.info("Blobs are kept in {}", state.blobs());
            return new FileSystemBlobStore(state.blobs());
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the blob folder " + state.blobs(), e);
        }
    }

    @Bean
    BlobVault blobVault(BlobStore store, VaultKeys keys, BlobCatalog catalog, Clock clock,
            StorageProperties properties, PlatformTransactionManager transactions, MeterRegistry meters) {
        return new BlobVault(store, keys, catalog, clock, properties, transactions, meters);
    }

    @Bean
    SealedValues sealedValues(VaultKeys keys, JdbcClient jdbc, Clock clock) {
        return new SealedValues(keys, jdbc, clock);
    }

    /**
     * A keyset that cannot open the data keys already stored must stop start-up, not surface later as
     * unreadable documents. One data key per master key in use is enough to prove it.
     */
    static void checkKeysetOpensStoredBlobs(VaultKeys keys, BlobCatalog catalog) {
        List<Long> missing = new ArrayList<>();
        for (long keyId : catalog.keyIdsInUse()) {
            BlobCatalog.Entry sample = catalog.anyWrappedBy(keyId);
            try {
                if (!keys.hasKey(keyId)) {
                    missing.add(keyId);
                    continue;
                }
                keys.unwrap(sample.blob().id(), sample.wrappedKey());
            }
            catch (GeneralSecurityException e) {
                missing.add(keyId);
            }
        }
        if (!missing.isEmpty()) {
            throw new KeysetUnusableException("The master keyset cannot open the data keys of stored blobs wrapped "
                    + "by master key IDs " + missing + ". Start with the keyset those blobs were stored under; "
                    + "when rotating, keep the old keys in the keyset until every data key is re-wrapped.");
        }
    }

    private static S3Client s3Client(StorageProperties.S3 s3) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(s3.region()))
                .forcePathStyle(s3.pathStyle());
        if (s3.endpoint() != null) {
            builder.endpointOverride(s3.endpoint());
        }
        if (s3.accessKey() != null && s3.secretKey() != null) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())));
        }
        else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }
}
