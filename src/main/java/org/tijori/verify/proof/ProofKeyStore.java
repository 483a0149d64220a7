package org.tijori.verify.proof;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jose.jwk.ECKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.storage.SealedValueException;
import org.tijori.storage.SealedValues;
import org.tijori.verify.VerifyProperties;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The proof keys in the database: {@code verify_proof_key} lists every key ever made, for good;
 * {@code verify_proof_private_key} holds the private halves that may still sign, as PKCS#8 sealed under the
 * master keyset in the context {@value #CONTEXT} (re-sealed by a master-key rotation). A key's
 * {@code generation} is unique, so that nodes starting together, or two rotations at once, make one key
 * and all read that one back.
 */
@Component
public class ProofKeyStore {

    /** The context the private keys are sealed in. */
    public static final String CONTEXT = "verify/proof-key";

    private static final Logger log = LoggerFactory.getLogger(ProofKeyStore.class);

    private static final byte[] TEST_MESSAGE = "tijori proof key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final JdbcClient jdbc;

    private final SealedValues sealed;

    private final TransactionTemplate transactions;

    private final Clock clock;

    private final VerifyProperties properties;

    ProofKeyStore(JdbcClient jdbc, SealedValues sealed, TransactionTemplate transactions, Clock clock,
            VerifyProperties properties) {
        this.jdbc = jdbc;
        this.sealed = sealed;
        this.transactions = transactions;
        this.clock = clock;
        this.properties = properties;
    }

    /** Makes the first key, signing at once, unless a node already has. */
    void createFirstKey() {
        if (newest().isEmpty()) {
            Instant now = clock.instant();
            insert(ProofKey.generate(1, now, now));
        }
    }

    /**
     * Makes the next key: listed at once, signing after {@code key-activation-delay}.
     *
     * @return the newest key afterwards: this one, or the one another node made meanwhile
     */
    public ProofKey rotate() {
        Instant now = clock.instant();
        int next = newest().map(key -> key.generation() + 1).orElse(1);
        insert(ProofKey.generate(next, now, next == 1 ? now : now.plus(properties.keyActivationDelay())));
        return newest().orElseThrow();
    }

    /** The newest key, without its private half. */
    public Optional<ProofKey> newest() {
        return jdbc.sql("""
                select kid, generation, public_jwk, created_at, signs_from from verify_proof_key
                order by generation desc limit 1""")
                .query((rs, row) -> key(rs.getString("public_jwk"), rs.getInt("generation"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("signs_from", OffsetDateTime.class).toInstant(), null))
                .optional();
    }

    /**
     * Every key, with the private halves this node can open and that match their public key. A sealed value
     * moved to another key's row, or one no master key opens, is left out (and logged): that key does not sign.
     */
    List<ProofKey> load() {
        List<ProofKey> keys = new ArrayList<>();
        jdbc.sql("""
                select k.kid, k.generation, k.public_jwk, k.created_at, k.signs_from, p.sealed
                  from verify_proof_key k left join verify_proof_private_key p on p.kid = k.kid
                 order by k.generation desc""")
                .query(rs -> {
                    ProofKey key = key(rs.getString("public_jwk"), rs.getInt("generation"),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                            rs.getObject("signs_from", OffsetDateTime.class).toInstant(), null);
                    byte[] sealedKey = rs.getBytes("sealed");
                    keys.add(sealedKey == null ? key : withPrivateKey(key, sealedKey));
                });
        return keys;
    }

    /**
     * Once a newer key signs, the private halves of the older ones are deleted (their public keys stay listed).
     *
     * @return how many were deleted
     */
    int retireSuperseded() {
        OffsetDateTime now = utc(clock.instant());
        return transactions.execute(status -> {
            List<String> retired = jdbc.sql("""
                    delete from verify_proof_private_key p using verify_proof_key k
                     where k.kid = p.kid
                       and k.generation < (select max(generation) from verify_proof_key where signs_from <= ?)
                    returning p.kid""").param(now).query(String.class).list();
            for (String kid : retired) {
                jdbc.sql("update verify_proof_key set retired_at = ? where kid = ?").params(now, kid).update();
            }
            return retired.size();
        });
    }

    private void insert(ProofKey key) {
        byte[] pkcs8 = key.privateKey().getEncoded();
        byte[] sealedKey = sealed.seal(pkcs8, CONTEXT);
        Arrays.fill(pkcs8, (byte) 0);
        transactions.executeWithoutResult(status -> {
            // Nodes starting together, or rotations at once, each offer a key: the first of a generation wins.
            int inserted = jdbc.sql("""
                    insert into verify_proof_key (kid, generation, public_jwk, created_at, signs_from)
                    values (?, ?, ?, ?, ?) on conflict (generation) do nothing""")
                    .params(key.kid(), key.generation(), key.publicJwk().toJSONString(), utc(key.createdAt()),
                            utc(key.signsFrom()))
                    .update();
            if (inserted == 1) {
                jdbc.sql("insert into verify_proof_private_key (id, kid, sealed) values (?, ?, ?)")
                        .params(UUID.randomUUID(), key.kid(), sealedKey).update();
                log.info("Made the proof key {} (generation {}), signing from {}", key.kid(), key.generation(),
                        key.signsFrom());
            }
        });
    }

    private ProofKey withPrivateKey(ProofKey key, byte[] sealedKey) {
        byte[] pkcs8 = null;
        try {
            pkcs8 = sealed.open(sealedKey, CONTEXT);
            ECPrivateKey privateKey = (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            if (!Es256.verify(Es256.verifier(key.publicKey()), TEST_MESSAGE,
                    Es256.sign(Es256.signer(privateKey), TEST_MESSAGE))) {
                log.error("The private proof key of {} does not match its public key: it will not sign", key.kid());
                return key;
            }
            return new ProofKey(key.kid(), key.generation(), key.publicJwk(), key.createdAt(), key.signsFrom(),
                    privateKey);
        }
        catch (SealedValueException | GeneralSecurityException | IllegalStateException | ClassCastException e) {
            log.error("The private proof key of {} cannot be opened: it will not sign ({})", key.kid(), e.toString());
            return key;
        }
        finally {
            if (pkcs8 != null) {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }
    }

    private static ProofKey key(String publicJwk, int generation, Instant createdAt, Instant signsFrom,
            ECPrivateKey privateKey) {
        try {
            ECKey jwk = ECKey.parse(publicJwk);
            return new ProofKey(jwk.getKeyID(), generation, jwk, createdAt, signsFrom, privateKey);
        }
        catch (ParseException e) {
            throw new IllegalStateException("A public proof key in verify_proof_key is not a JWK", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
