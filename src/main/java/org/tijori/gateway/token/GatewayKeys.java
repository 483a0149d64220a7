package org.tijori.gateway.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.gateway.GatewayProperties;
import org.tijori.storage.SealedValueException;
import org.tijori.storage.SealedValues;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The RSA keys that sign the gateway's ID tokens and consent receipts, kept in {@code gateway_signing_key} as the
 * verify module keeps its proof keys: every public key listed for good (a receipt is checked years later), each
 * private half as PKCS#8 sealed under the master keyset in the context {@value #CONTEXT} (re-sealed by a master-key
 * rotation). The first node to start makes the first key; a key's {@code generation} is unique, so nodes starting
 * together, or two rotations at once, make one key and all read that one back.
 * <p>
 * As the authorization server's {@link JWKSource} this lists the public keys only, which is what
 * {@code /public/oauth2/1/jwks} publishes; {@link #signing()} is the source a token signer takes, holding the one key
 * that signs now. Each node reads the keys again every {@code tijori.gateway.key-refresh}, and a new key signs only
 * {@code key-activation-delay} after it is made, once every node lists it.
 */
@Component
public class GatewayKeys implements JWKSource<SecurityContext> {

    /** The context the private keys are sealed in. */
    public static final String CONTEXT = "gateway/signing-key";

    private static final Logger log = LoggerFactory.getLogger(GatewayKeys.class);

    private static final byte[] TEST_MESSAGE = "tijori gateway key check".getBytes(StandardCharsets.US_ASCII);

    private final JdbcClient jdbc;

    private final SealedValues sealed;

    private final TransactionTemplate transactions;

    private final Clock clock;

    private final GatewayProperties properties;

    private volatile KeySet keys;

    GatewayKeys(JdbcClient jdbc, SealedValues sealed, TransactionTemplate transactions, Clock clock,
            GatewayProperties properties) {
        this.jdbc = jdbc;
        this.sealed = sealed;
        this.transactions = transactions;
        this.clock = clock;
        this.properties = properties;
        if (newestGeneration().isEmpty()) {
            Instant now = clock.instant();
            insert(SigningKey.generate(1, now, now));
        }
        this.keys = new KeySet(load());
    }

    /** The public keys, every generation, for whatever the selector asks. */
    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        return selector.select(keys.listed);
    }

    /**
     * What a signer takes: the one key that signs now (the newest whose private half this node holds and whose
     * time has come), so that a signer never has two to choose from.
     */
    public JWKSource<SecurityContext> signing() {
        return (selector, context) -> selector.select(keys.signingAt(clock.instant()));
    }

    /** {@code {"keys":[...]}}: the public keys, newest first, as the JWKS publishes them. */
    public String jwks() {
        return keys.listed.toString(true);
    }

    /**
     * Makes the next key: listed at once, signing after {@code key-activation-delay}.
     *
     * @return the kid of the newest key afterwards: this one, or the one another node made meanwhile
     */
    public String rotate() {
        Instant now = clock.instant();
        int next = newestGeneration().orElse(0) + 1;
        insert(SigningKey.generate(next, now, next == 1 ? now : now.plus(properties.keyActivationDelay())));
        refresh();
        return keys.newestFirst.get(0).kid();
    }

    /** Reads the keys again on this node, so that one made elsewhere is listed here too. */
    @Scheduled(initialDelayString = "${tijori.gateway.key-refresh:1m}",
            fixedDelayString = "${tijori.gateway.key-refresh:1m}")
    public void refresh() {
        keys = new KeySet(load());
    }

    private Optional<Integer> newestGeneration() {
        return jdbc.sql("select max(generation) from gateway_signing_key").query(Integer.class).optional();
    }

    private void insert(SigningKey key) {
        byte[] pkcs8 = key.privateKey().getEncoded();
        byte[] sealedKey = sealed.seal(pkcs8, CONTEXT);
        Arrays.fill(pkcs8, (byte) 0);
        OffsetDateTime createdAt = utc(key.createdAt());
        transactions.executeWithoutResult(status -> {
            // Nodes starting together, or rotations at once, each offer a key: the first of a generation wins.
            int inserted = jdbc.sql("""
                    insert into gateway_signing_key (id, generation, kid, public_jwk, private_sealed, created_at,
                                                     signs_from)
                    values (?, ?, ?, ?, ?, ?, ?) on conflict (generation) do nothing""")
                    .params(UUID.randomUUID(), key.generation(), key.kid(), key.publicJwk().toJSONString(), sealedKey,
                            createdAt, utc(key.signsFrom()))
                    .update();
            if (inserted == 1) {
                log.info("Made the gateway signing key {} (generation {}), signing from {}", key.kid(),
                        key.generation(), key.signsFrom());
            }
        });
    }

    /**
     * Every key, with the private halves this node can open and that match their public key (a retired key's is
     * not opened). A sealed value moved to another key's row, or one no master key opens, is left out (and logged):
     * that key does not sign here.
     */
    private List<SigningKey> load() {
        List<SigningKey> loaded = new ArrayList<>();
        jdbc.sql("""
                select generation, public_jwk, private_sealed, created_at, signs_from, retired_at
                  from gateway_signing_key order by generation desc""")
                .query(rs -> {
                    SigningKey key = key(rs.getString("public_jwk"), rs.getInt("generation"),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                            rs.getObject("signs_from", OffsetDateTime.class).toInstant());
                    byte[] sealedKey = rs.getBytes("private_sealed");
                    boolean retired = rs.getObject("retired_at") != null;
                    loaded.add(sealedKey == null || retired ? key : withPrivateKey(key, sealedKey));
                });
        return loaded;
    }

    private SigningKey withPrivateKey(SigningKey key, byte[] sealedKey) {
        byte[] pkcs8 = null;
        try {
            pkcs8 = sealed.open(sealedKey, CONTEXT);
            RSAPrivateKey privateKey = (RSAPrivateKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            JWSHeader rs256 = new JWSHeader(JWSAlgorithm.RS256);
            if (!new RSASSAVerifier(key.publicKey()).verify(rs256, TEST_MESSAGE,
                    new RSASSASigner(privateKey).sign(rs256, TEST_MESSAGE))) {
                log.error("The private half of the gateway signing key {} does not match its public key: it will not "
                        + "sign", key.kid());
                return key;
            }
            return key.withPrivateKey(privateKey);
        }
        catch (SealedValueException | GeneralSecurityException | JOSEException | ClassCastException e) {
            log.error("The private half of the gateway signing key {} cannot be opened: it will not sign ({})",
                    key.kid(), e.toString());
            return key;
        }
        finally {
            if (pkcs8 != null) {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }
    }

    private static SigningKey key(String publicJwk, int generation, Instant createdAt, Instant signsFrom) {
        try {
            RSAKey jwk = RSAKey.parse(publicJwk);
            return new SigningKey(jwk.getKeyID(), generation, jwk, createdAt, signsFrom, null);
        }
        catch (ParseException e) {
            throw new IllegalStateException("A public key in gateway_signing_key is not an RSA JWK", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The keys one node knows, replaced whole on each refresh so that a reader sees one consistent set. */
    private static final class KeySet {

        final List<SigningKey> newestFirst;

        final JWKSet listed;

        KeySet(List<SigningKey> keys) {
            newestFirst = keys.stream().sorted(Comparator.comparingInt(SigningKey::generation).reversed()).toList();
            listed = new JWKSet(newestFirst.stream().<JWK>map(SigningKey::publicJwk).toList());
        }

        JWKSet signingAt(Instant now) {
            for (SigningKey key : newestFirst) {
                if (key.privateKey() != null && !key.signsFrom().isAfter(now)) {
                    return new JWKSet(key.signingJwk());
                }
            }
            return new JWKSet();
        }
    }
}
