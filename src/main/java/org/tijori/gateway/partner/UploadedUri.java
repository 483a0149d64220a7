package org.tijori.gateway.partner;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tijori.locker.UploadId;

/**
 * The URI a requester knows an uploaded document by (ADR 23): {@code self-UPLD-<32 hex of the UploadId>}, issuer ID
 * {@code self} being reserved, so that {@code /oauth2/1/file/<uri>} answers issued and uploaded documents alike as
 * DigiLocker does.
 */
public final class UploadedUri {

    /** What every uploaded document's URI starts with. */
    public static final String PREFIX = "self-UPLD-";

    private static final Pattern SHAPE = Pattern.compile("self-UPLD-([0-9a-fA-F]{32})");

    private UploadedUri() {
    }

    public static String of(UploadId upload) {
        return PREFIX + upload.value().toString().replace("-", "");
    }

    /** Whether {@code uri} is in the uploaded documents' namespace, well formed or not. */
    public static boolean isUploaded(String uri) {
        return uri != null && uri.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** The upload a URI names; nothing for any other text. */
    public static Optional<UploadId> parse(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        Matcher matcher = SHAPE.matcher(uri);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String hex = matcher.group(1).toLowerCase(Locale.ROOT);
        return Optional.of(new UploadId(new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16),
                Long.parseUnsignedLong(hex.substring(16), 16))));
    }
}
