package org.tijori.issuer.registration;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.Set;

import org.tijori.issuer.DocTypeCode;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.pull.ResidentField;
import org.tijori.signing.LegacyAlgorithms;
import org.tijori.storage.SealedValues;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads issuers, their credentials and their doc types. */
@Component
public class Issuers {

    private final JdbcClient jdbc;

    private final SealedValues sealed;

    /**
     * Credentials opened and certificates read, by the bytes stored: every push reads its issuer, and opening
     * and parsing them each time cost more than the query. Changed credentials are other bytes, so an entry
     * never goes stale; the map is emptied when it grows past {@link #MOST_OPENED} (retired credentials).
     */
    private final Map<Stored, Opened> opened = new ConcurrentHashMap<>();

    private static final int MOST_OPENED = 4096;

    Issuers(JdbcClient jdbc, SealedValues sealed) {
        this.jdbc = jdbc;
        this.sealed = sealed;
    }

    public Optional<Issuer> find(IssuerId id) {
        return find("i.issuer_id", id.value());
    }

    public Optional<Issuer> findByClientId(String clientId) {
        return find("i.client_id", clientId);
    }

    private Optional<Issuer> find(String column, String value) {
        return jdbc.sql("""
                select i.issuer_id, i.name, i.status, i.client_id, i.client_secret_sealed, i.api_key_sealed,
                       i.pull_uri_url, i.allow_rsa_sha1, i.pull_hmac_encoding, c.certificate,
                       array(select d.code from issuer_doc_type d where d.issuer_id = i.issuer_id) as doc_types
                from issuer_issuer i
                left join issuer_certificate c on c.issuer_id = i.issuer_id and c.retired_at is null
                where\s""" + column + " = ?")
                .param(value)
                .query((rs, row) -> {
                    Opened credentials = open(new Stored(rs.getBytes("client_secret_sealed"),
                            rs.getBytes("api_key_sealed"), rs.getBytes("certificate")));
                    return new Issuer(new IssuerId(rs.getString("issuer_id")), rs.getString("name"),
                            IssuerStatus.valueOf(rs.getString("status")), rs.getString("client_id"),
                            copy(credentials.secret()), copy(credentials.apiKey()), credentials.certificate(),
                            rs.getString("pull_uri_url"),
                            rs.getBoolean("allow_rsa_sha1") ? LegacyAlgorithms.RSA_SHA1_ALLOWED : LegacyAlgorithms.REFUSED,
                            PullHmacEncoding.valueOf(rs.getString("pull_hmac_encoding")),
                            Arrays.stream((String[]) rs.getArray("doc_types").getArray()).map(DocTypeCode::new)
                                    .collect(Collectors.toUnmodifiableSet()));
                })
                .optional();
    }

    private Opened open(Stored stored) {
        Opened known = opened.get(stored);
        if (known != null) {
            return known;
        }
        Opened fresh = new Opened(
                stored.secret == null ? null : sealed.open(stored.secret, IssuerRegistrations.SECRET_CONTEXT),
                stored.apiKey == null ? null : sealed.open(stored.apiKey, IssuerRegistrations.API_KEY_CONTEXT),
                certificate(stored.certificate));
        if (opened.size() >= MOST_OPENED) {
            opened.clear();
        }
        opened.put(stored, fresh);
        return fresh;
    }

    private static byte[] copy(byte[] bytes) {
        return bytes == null ? null : bytes.clone();
    }

    /** An issuer's credentials as stored: sealed secret and API key, certificate DER; compared by content. */
    private record Stored(byte[] secret, byte[] apiKey, byte[] certificate) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Stored that && Arrays.equals(secret, that.secret)
                    && Arrays.equals(apiKey, that.apiKey) && Arrays.equals(certificate, that.certificate);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(secret) + Arrays.hashCode(apiKey)) + Arrays.hashCode(certificate);
        }

        @Override
        public String toString() {
            return "Stored[sealed credentials]";
        }
    }

    private record Opened(byte[] secret, byte[] apiKey, X509Certificate certificate) {
    }

    /**
     * A doc type of an issuer: its name, the names of its search parameters in order, and the resident's
     * details its searches send.
     */
    public Optional<DocTypeSearch> docType(IssuerId issuer, DocTypeCode docType) {
        return jdbc.sql("""
                select name, array(select p->>'paramname' from jsonb_array_elements(search_parameters) p) as parameters,
                       resident_fields
                from issuer_doc_type where issuer_id = ? and code = ?""")
                .params(issuer.value(), docType.value())
                .query((rs, row) -> new DocTypeSearch(rs.getString("name"),
                        List.of((String[]) rs.getArray("parameters").getArray()),
                        residentFields((String[]) rs.getArray("resident_fields").getArray())))
                .optional();
    }

    /** The resident details stored for a doc type, in the order of {@link ResidentField}. */
    public static List<ResidentField> residentFields(String[] elements) {
        Set<ResidentField> fields = EnumSet.noneOf(ResidentField.class);
        for (String element : elements) {
            ResidentField.ofElement(element).ifPresent(fields::add);
        }
        return List.copyOf(fields);
    }

    public record DocTypeSearch(String name, List<String> parameters, List<ResidentField> residentFields) {
    }

    public static X509Certificate certificate(byte[] der) {
        if (der == null) {
            return null;
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        }
        catch (CertificateException e) {
            throw new IllegalStateException("a stored issuer certificate cannot be read", e);
        }
    }
}
