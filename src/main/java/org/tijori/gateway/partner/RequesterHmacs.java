package org.tijori.gateway.partner;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.tijori.gateway.RequesterId;
import org.tijori.gateway.requester.ClientSecrets;
import org.tijori.gateway.requester.RequesterClients;

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

    private final RequesterClients clients;

    RequesterHmacs(ClientSecrets secrets, RequesterClients clients) {
        this.secrets = secrets;
        this.clients = clients;
    }

    /** A MAC keyed by the requester's client secret; none for a requester whose secret is not kept sealed. */
    Optional<Mac> keyedFor(RequesterId requester) {
        Optional<byte[]> sealed = clients.sealedSecretOf(requester);
        if (sealed.isEmpty()) {
            return Optional.empty();
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secrets.open(sealed.get()), ALGORITHM));
            return Optional.of(mac);
        }
        catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
