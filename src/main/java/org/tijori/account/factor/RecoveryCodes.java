package org.tijori.account.factor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Ten single-use recovery codes per account, for the day the authenticator is lost. Shown once when made;
 * kept only as SHA-256 hashes salted with each code's own row ID. Ten random characters from an alphabet
 * without look-alikes (50 bits each), written {@code abcde-fghij}.
 */
@Component
class RecoveryCodes {

    static final int COUNT = 10;

    static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    private static final SecureRandom random = new SecureRandom();

    private final JdbcClient jdbc;

    RecoveryCodes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** New codes for the account; the old ones stop working. */
    List<String> renew(UUID account, Instant now) {
        jdbc.sql("delete from account_recovery_code where account_id = ?").param(account).update();
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            String code = newCode();
            UUID id = UUID.randomUUID();
            jdbc.sql("insert into account_recovery_code (id, account_id, code_hash, created_at) values (?, ?, ?, ?)")
                    .params(id, account, hash(id, code), utc(now)).update();
            codes.add(code);
        }
        return codes;
    }

    int remaining(UUID account) {
        return jdbc.sql("select count(*) from account_recovery_code where account_id = ? and used_at is null")
                .param(account).query(Integer.class).single();
    }

    /** Uses up a code of the account; false when it is not one, or was used before. */
    boolean use(UUID account, String typed, Instant now) {
        String code = normalise(typed);
        if (code == null) {
            return false;
        }
        record Row(UUID id, byte[] hash) {
        }
        List<Row> unused = jdbc.sql("""
                select id, code_hash from account_recovery_code where account_id = ? and used_at is null for update""")
                .param(account).query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getBytes("code_hash")))
                .list();
        for (Row row : unused) {
            if (MessageDigest.isEqual(hash(row.id(), code), row.hash())) {
                jdbc.sql("update account_recovery_code set used_at = ? where id = ?").params(utc(now), row.id())
                        .update();
                return true;
            }
        }
        return false;
    }

    void remove(UUID account) {
        jdbc.sql("delete from account_recovery_code where account_id = ?").param(account).update();
    }

    /** Lower case, without the hyphen and spaces a person may type or leave out; null if it cannot be a code. */
    static String normalise(String typed) {
        if (typed == null) {
            return null;
        }
        String code = typed.replace("-", "").replace(" ", "").strip().toLowerCase(Locale.ROOT);
        return code.length() == 10 && code.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0) ? code : null;
    }

    private static String newCode() {
        StringBuilder code = new StringBuilder(11);
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    static byte[] hash(UUID id, String code) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                    .putLong(id.getLeastSignificantBits()).array());
            return digest.digest(normalise(code).getBytes(StandardCharsets.US_ASCII));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
