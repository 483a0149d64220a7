package org.tijori.gateway.requester;

import java.util.Arrays;

import org.tijori.gateway.GatewayProblemException;
import org.tijori.gateway.GatewayProblemException.Kind;

/**
 * A requester's logo, shown to residents beside its name: a PNG or a JPEG, judged by its first bytes (never by its
 * name or declared type), of at most {@value #MAX_BYTES} bytes.
 *
 * @param mediaType {@code image/png} or {@code image/jpeg}, as the content says
 */
public record Logo(byte[] bytes, String mediaType) {

    public static final int MAX_BYTES = 256 * 1024;

    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

    private static final byte[] JPEG = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF };

    public Logo {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The logo in these bytes.
     *
     * @throws GatewayProblemException of kind {@code INVALID} when they are too many, or neither a PNG nor a JPEG
     */
    public static Logo of(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new GatewayProblemException(Kind.INVALID, "invalid_logo", "logo: at most 256 KB.");
        }
        if (startsWith(bytes, PNG)) {
            return new Logo(bytes, "image/png");
        }
        if (startsWith(bytes, JPEG)) {
            return new Logo(bytes, "image/jpeg");
        }
        throw new GatewayProblemException(Kind.INVALID, "invalid_logo", "logo: a PNG or a JPEG picture.");
    }

    private static boolean startsWith(byte[] bytes, byte[] magic) {
        return bytes.length >= magic.length && Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Logo logo && Arrays.equals(bytes, logo.bytes) && mediaType.equals(logo.mediaType);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + mediaType.hashCode();
    }

    @Override
    public String toString() {
        return "Logo[" + mediaType + ", " + bytes.length + " bytes]";
    }
}
