package org.tijori.storage;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.google.crypto.tink.StreamingAead;
import org.tijori.Concurrently;
import org.tijori.TijoriApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Store and read throughput of the vault on the filesystem store, next to the raw cost of the same
 * bytes: a plain file write with fsync, and Tink's encryption without any I/O.
 * <p>
 * Arguments (optional): {@code large=40 small=4000 threads=16}; {@code --name=value} goes to the
 * application.
 */
public final class VaultBenchmark {

    static final int LARGE = 10 * 1024 * 1024;

    static final int SMALL = 100 * 1024;

    public static void main(String[] args) throws Exception {
        int largeCount = 40;
        int smallCount = 4000;
        int threads = 16;
        List<String> applicationArguments = new ArrayList<>(List.of("--spring.main.web-application-type=none",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
        for (String arg : args) {
            if (arg.startsWith("large=")) {
                largeCount = Integer.parseInt(arg.substring(6));
            }
            else if (arg.startsWith("small=")) {
                smallCount = Integer.parseInt(arg.substring(6));
            }
            else if (arg.startsWith("threads=")) {
                threads = Integer.parseInt(arg.substring(8));
            }
            else {
                applicationArguments.add(arg);
            }
        }
        Path state = Files.createTempDirectory("tijori-vault-bench");
        if (applicationArguments.stream().noneMatch(arg -> arg.startsWith("--tijori.data-dir="))) {
            applicationArguments.add("--tijori.data-dir=" + state);
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TijoriApplication.class)
                .run(applicationArguments.toArray(String[]::new))) {
            new VaultBenchmark(context, state.resolve("raw")).run(largeCount, smallCount, threads);
        }
    }

    private final BlobVault vault;

    private final VaultKeys keys;

    private final Path raw;

    private VaultBenchmark(ConfigurableApplicationContext context, Path raw) throws Exception {
        this.vault = context.getBean(BlobVault.class);
        this.keys = context.getBean(VaultKeys.class);
        this.raw = Files.createDirectories(raw);
    }

    private void run(int largeCount, int smallCount, int threads) throws Exception {
        byte[] large = random(LARGE, 1);
        byte[] small = random(SMALL, 2);
        System.out.printf("cores=%d large=%d x 10 MiB, small=%d x 100 KiB, threads for small=%d%n%n",
                Runtime.getRuntime().availableProcessors(), largeCount, smallCount, threads);

        // Warm-up: JIT, connection pool, page cache of the binaries.
        for (int i = 0; i < 5; i++) {
            rawWrite(large, i);
            rawEncrypt(large);
            vault.store(new ByteArrayInputStream(large));
        }
        Concurrently.run(threads, 500, i -> vault.store(new ByteArrayInputStream(small)));

        double rawWriteSeconds = time(largeCount, i -> rawWrite(large, i));
        double rawEncryptSeconds = time(largeCount, i -> rawEncrypt(large));
        List<StoredBlob> largeBlobs = new ArrayList<>();
        double vaultStoreSeconds = time(largeCount, i -> largeBlobs.add(vault.store(new ByteArrayInputStream(large))));
        double rawReadSeconds = time(largeCount, i -> Files.readAllBytes(raw.resolve("large-" + (i % 5))));
        double vaultReadSeconds = time(largeCount, i -> drain(vault.open(largeBlobs.get(i).id())));
        double mib = largeCount * (LARGE / 1048576.0);

        System.out.println("10 MiB objects, one at a time:");
        System.out.println("| operation | MiB/s | ms per object |");
        System.out.println("|---|---|---|");
        row("raw file write + fsync", mib, rawWriteSeconds, largeCount);
        row("raw Tink encryption, no I/O", mib, rawEncryptSeconds, largeCount);
        row("raw write + raw encryption (sum)", mib, rawWriteSeconds + rawEncryptSeconds, largeCount);
        row("vault store", mib, vaultStoreSeconds, largeCount);
        row("raw file read (page cache)", mib, rawReadSeconds, largeCount);
        row("vault read", mib, vaultReadSeconds, largeCount);
        System.out.printf("%nvault store / (raw write + encryption) = %.2f (target at most 1.5)%n%n",
                vaultStoreSeconds / (rawWriteSeconds + rawEncryptSeconds));

        List<StoredBlob> smallBlobs = java.util.Collections.synchronizedList(new ArrayList<>());
        double smallStoreSeconds = Concurrently.run(threads, smallCount,
                i -> smallBlobs.add(vault.store(new ByteArrayInputStream(small))));
        double smallReadSeconds = Concurrently.run(threads, smallCount, i -> drain(vault.open(smallBlobs.get(i).id())));
        double rawSmallSeconds = Concurrently.run(threads, smallCount, i -> rawWriteSmall(small, i));
        System.out.printf("100 KiB objects, %d threads:%n", threads);
        System.out.println("| operation | objects/s |");
        System.out.println("|---|---|");
        System.out.printf("| raw file write + fsync | %,.0f |%n", smallCount / rawSmallSeconds);
        System.out.printf("| vault store | %,.0f |%n", smallCount / smallStoreSeconds);
        System.out.printf("| vault read | %,.0f |%n", smallCount / smallReadSeconds);
    }

    private void row(String name, double mib, double seconds, int count) {
        System.out.printf("| %s | %,.0f | %.1f |%n", name, mib / seconds, seconds * 1000 / count);
    }

    private void rawWrite(byte[] content, int i) throws Exception {
        try (FileChannel file = FileChannel.open(raw.resolve("large-" + (i % 5)), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                file.write(buffer);
            }
            file.force(true);
        }
    }

    private void rawWriteSmall(byte[] content, int i) throws Exception {
        try (FileChannel file = FileChannel.open(raw.resolve("small-" + i), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            file.write(ByteBuffer.wrap(content));
            file.force(true);
        }
    }

    private void rawEncrypt(byte[] content) throws Exception {
        BlobId id = BlobId.random();
        StreamingAead aead = keys.newBlobKey(id).aead();
        try (OutputStream out = aead.newEncryptingStream(OutputStream.nullOutputStream(), VaultKeys.associatedData(id))) {
            for (int offset = 0; offset < content.length; offset += BlobVault.BUFFER) {
                out.write(content, offset, Math.min(BlobVault.BUFFER, content.length - offset));
            }
        }
    }

    private static void drain(InputStream in) throws Exception {
        try (in) {
            byte[] buffer = new byte[BlobVault.BUFFER];
            while (in.read(buffer) >= 0) {
                // reading is the work
            }
        }
    }

    private static double time(int count, Concurrently.Step step) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            step.run(i);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
