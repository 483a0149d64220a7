package org.tijori.storage;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.tijori.TijoriApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Run in its own small-heap JVM by {@link LargeBlobMemoryTests}: stores {@code args[1]} bytes through
 * the vault of a real application, reads them back, and prints what it measured.
 */
public final class LargeBlobRoundTrip {

    public static void main(String[] args) throws Exception {
        long size = Long.parseLong(args[1]);
        try (var context = new SpringApplicationBuilder(TijoriApplication.class).run(
                "--spring.main.web-application-type=none", "--spring.main.banner-mode=off",
                "--logging.level.root=WARN", "--tijori.data-dir=" + args[0])) {
            BlobVault vault = context.getBean(BlobVault.class);
            var generated = new GeneratedContent(size);
            long start = System.nanoTime();
            StoredBlob stored = vault.store(generated);
            long stored_ = System.nanoTime();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long read = 0;
            try (InputStream in = vault.open(stored.id())) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    digest.update(buffer, 0, n);
                    read += n;
                }
            }
            long done = System.nanoTime();
            String readSha = HexFormat.of().formatHex(digest.digest());
            System.out.printf("ROUNDTRIP size=%d stored=%d read=%d sha-match=%s generated-sha-match=%s "
                    + "maxHeapMiB=%d storeSeconds=%.1f readSeconds=%.1f%n", size, stored.size(), read,
                    readSha.equals(stored.sha256()), generated.sha256().equals(stored.sha256()),
                    Runtime.getRuntime().maxMemory() / (1024 * 1024), (stored_ - start) / 1e9, (done - stored_) / 1e9);
        }
    }

    /** Content of a given length, made on the fly from one random block, with its own SHA-256. */
    static final class GeneratedContent extends InputStream {

        private final byte[] block = new byte[64 * 1024 + 7];

        private final MessageDigest digest;

        private long left;

        private int position;

        GeneratedContent(long size) throws Exception {
            new Random(42).nextBytes(block);
            this.left = size;
            this.digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(length, left), block.length - position);
            System.arraycopy(block, position, bytes, offset, n);
            digest.update(bytes, offset, n);
            position = (position + n) % block.length;
            left -= n;
            return n;
        }

        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
