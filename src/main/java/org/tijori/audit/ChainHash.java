package org.tijori.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The hash that links an entry to the one before it: SHA-256 over the previous hash and the entry's
 * canonical content. Each field is written with its length first (or -1 for null), so that no two
 * different entries share an encoding.
 */
final class ChainHash {

    static final byte[] GENESIS = new byte[32];

    private ChainHash() {
    }

    static byte[] of(byte[] previous, AuditEntry entry) {
        var buffer = new ByteArrayOutputStream(256);
        try (var out = new DataOutputStream(buffer)) {
            out.write(previous);
            out.writeLong(entry.sequence());
            out.writeLong(epochMicros(entry.occurredAt()));
            write(out, entry.actor().type());
            write(out, entry.actor().id());
            write(out, entry.action());
            write(out, entry.subject());
            write(out, entry.ip());
            write(out, entry.userAgent());
            write(out, entry.details());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sha256().digest(buffer.toByteArray());
    }

    static long epochMicros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static void write(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
