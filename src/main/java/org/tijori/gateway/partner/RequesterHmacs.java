package org.tijori.gateway.partner;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.tijori.gateway.RequesterId;
import org.tijori.gateway.requester.ClientSecrets;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * DigiLocker's {@code hmac} of a file's bytes, one rule for both directions: HMAC-SHA256 keyed by the requester's
 * client secret, sent base64. A file answer carries it in its {@code hmac} header; an upload is refused unless its
 * {@code hmac} header is that of the bytes received.
 */
@Component
class RequesterHmacs {

    private static final String ALGORITHM = "HmacSHA256";

    private final ClientSecrets secrets;

    private final JdbcClient jdbc;

    RequesterHmacs(ClientSecrets secrets, JdbcClient jdbc) {
        this.secrets = secrets;
        this.jdbc = jdbc;
    }

    /** A MAC keyed by the requester's client secret; none for a requester whose secret is not kept sealed. */
    Optional<Mac> keyedFor(RequesterId requester) {
        List<byte[]> sealed = jdbc.sql("select client_secret_sealed from gateway_requester where id = ?")
                .param(requester.value()).query(byte[].class).list();
        if (sealed.isEmpty() || sealed.get(0) == null) {
            return Optional.empty();
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secrets.open(sealed.get(0)), ALGORITHM));
            return Optional.of(mac);
        }
        catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
