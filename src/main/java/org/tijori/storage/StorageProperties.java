package org.tijori.storage;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where and how blobs are kept.
 *
 * @param type {@code filesystem} (under {@code data-dir/blobs}) or {@code s3}
 * @param maxBlobSize the largest blob the vault accepts, whatever a caller asks for
 * @param orphanGracePeriod how long a blob without a committed row may exist before it is collected;
 *                          longer than any transaction that stores a blob
 * @param s3 the S3 service, for {@code type=s3}
 */
@Validated
@ConfigurationProperties("tijori.storage")
public record StorageProperties(
        @NotNull @DefaultValue("filesystem") Type type,
        @NotNull @DefaultValue("2GB") DataSize maxBlobSize,
        @NotNull @DefaultValue("1h") Duration orphanGracePeriod,
        @Valid @NotNull @DefaultValue S3 s3) {

    public enum Type {
        FILESYSTEM, S3
    }

    /**
     * @param endpoint the service URL; unset for AWS itself
     * @param region the region, {@code us-east-1} by default (MinIO and Ceph accept any)
     * @param bucket the bucket, which must exist
     * @param accessKey the access key ID
     * @param secretKey the secret access key
     * @param pathStyle whether to address the bucket in the path (MinIO, Ceph) rather than the host name
     * @param partSize the size of each part of a multipart upload, and the memory one upload holds
     */
    public record S3(URI endpoint, @DefaultValue("us-east-1") String region, String bucket, String accessKey,
            String secretKey, @DefaultValue("false") boolean pathStyle, @DefaultValue("8MB") DataSize partSize) {

        /** S3 refuses parts under 5 MiB, except the last. */
        @AssertTrue(message = "tijori.storage.s3.part-size must be at least 5MB and at most 1GB")
        public boolean isPartSizeAllowed() {
            return partSize.toBytes() >= 5L * 1024 * 1024 && partSize.toBytes() <= 1024L * 1024 * 1024;
        }

        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", accessKey="
                    + accessKey + ", secretKey=" + (secretKey == null ? "(unset)" : "(set)") + ", pathStyle="
                    + pathStyle + ", partSize=" + partSize + "]";
        }
    }
}
