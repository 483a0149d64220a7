package org.tijori.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * DigiLocker's form credential as a requester's system sends it: {@code clientid}, {@code ts} and {@code hmac} =
 * hex SHA-256 of the client secret, the client ID and {@code ts}, concatenated. Each credential of one requester has
 * a second of its own, counting back from now, since each is taken once.
 */
public final class FormCredentials {

    /** Where the seconds count back from: each credential's second is another, whenever it is made. */
    private static final long START = Instant.now().getEpochSecond();

    private static final AtomicLong secondsBack = new AtomicLong();

    private FormCredentials() {
    }

    /** A fresh credential of {@code requester}, with these fields besides. */
    public static Map<String, String> form(TestRequester requester, Map<String, String> fields) {
        return form(requester.clientId, requester.clientSecret, ts(), fields);
    }

    /** A credential with this {@code ts}, signed with {@code secret}. */
    public static Map<String, String> form(String clientId, String secret, String ts, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("clientid", clientId);
        form.put("ts", ts);
        form.put("hmac", hmac(secret, clientId, ts));
        form.putAll(fields);
        return form;
    }

    /**
     * A {@code ts} no other credential of the tests used: a second of the ten minutes before the first, so that it
     * stays within the half hour a credential lives for the rest of the run.
     */
    public static String ts() {
        long back = secondsBack.getAndIncrement();
        if (back > 10 * 60) {
            throw new IllegalStateException("the tests used every second of the ten minutes they may");
        }
        return Long.toString(START - back);
    }

    public static String hmac(String secret, String clientId, String ts) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((secret + clientId + ts).getBytes(StandardCharsets.UTF_8)));
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
