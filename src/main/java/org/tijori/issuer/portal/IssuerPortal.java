package org.tijori.issuer.portal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.tijori.account.RateLimits;
import org.tijori.account.RateLimits.RateLimit;
import org.tijori.issuer.DocumentStatus;
import org.tijori.issuer.IssuerId;
import org.tijori.issuer.IssuerProperties;
import org.tijori.issuer.events.IssuerSignInFailed;
import org.tijori.issuer.portal.IssuerOverview.DocType;
import org.tijori.issuer.portal.IssuerOverview.Publication;
import org.tijori.issuer.portal.IssuerOverview.RefusedPush;
import org.tijori.issuer.registration.Issuer;
import org.tijori.issuer.registration.IssuerRegistration.SearchParameter;
import org.tijori.issuer.registration.IssuerStatus;
import org.tijori.issuer.registration.Issuers;
import org.tijori.signing.Certificates;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The issuer portal: an issuer signs in with the client ID and client secret it received at approval,
 * and sees only its own doc types, publications and refused pushes. Every query filters by the issuer
 * first.
 */
@Service
public class IssuerPortal {

    static final int RECENT = 50;

    /** Compared against when the client ID is unknown, so that both answers take the same work. */
    private static final byte[] NO_SECRET = new byte[43];

    private final Issuers issuers;

    private final JdbcClient jdbc;

    private final RateLimits limits;

    private final ApplicationEventPublisher events;

    private final JsonMapper json;

    private final RateLimit perClient;

    private final RateLimit perAddress;

    IssuerPortal(Issuers issuers, JdbcClient jdbc, RateLimits limits, ApplicationEventPublisher events, JsonMapper json,
            IssuerProperties properties) {
        this.issuers = issuers;
        this.jdbc = jdbc;
        this.limits = limits;
        this.events = events;
        this.json = json;
        this.perClient = new RateLimit("issuer-sign-in-failures-client", properties.portalSignInFailuresPerClient(),
                Duration.ofMinutes(15));
        this.perAddress = new RateLimit("issuer-sign-in-failures-address", properties.portalSignInFailuresPerAddress(),
                Duration.ofMinutes(15));
    }

    /**
     * Checks a client ID and client secret; only an approved issuer signs in. Each check first takes a try
     * from the client ID's and the address's budgets, and a success gives it back: however many requests
     * arrive at once, no more secrets are compared than the budgets hold, and once they are spent the
     * credentials are not even checked.
     */
    public PortalSignIn signIn(String clientId, String clientSecret, String clientAddress) {
        String key = clientId == null ? "" : clientId.strip().toUpperCase(Locale.ROOT);
        if (key.length() > 64) {
            key = key.substring(0, 64);
        }
        String address = clientAddress == null ? "" : clientAddress;
        if (!limits.tryAcquire(perClient, key)) {
            return new PortalSignIn.Throttled();
        }
        if (!limits.tryAcquire(perAddress, address)) {
            limits.giveBack(perClient, key);
            return new PortalSignIn.Throttled();
        }
        Optional<Issuer> issuer = key.isEmpty() ? Optional.empty() : issuers.findByClientId(key);
        byte[] expected = issuer.map(Issuer::clientSecret).filter(secret -> secret != null).orElse(NO_SECRET);
        byte[] typed = clientSecret == null ? new byte[0] : clientSecret.getBytes(StandardCharsets.UTF_8);
        boolean matches = MessageDigest.isEqual(expected, typed) && expected != NO_SECRET;
        if (matches && issuer.get().status() == IssuerStatus.APPROVED) {
            limits.giveBack(perClient, key);
            limits.giveBack(perAddress, address);
            return new PortalSignIn.SignedIn(issuer.get().id(), issuer.get().clientId());
        }
        events.publishEvent(new IssuerSignInFailed(key));
        return new PortalSignIn.Refused();
    }

    /**
     * Whether a portal session signed in with {@code clientId} still stands: the issuer is approved and
     * that client ID is still its own (a rotation or a suspension ends the sessions of the old one).
     */
    public boolean stillSignedIn(IssuerId issuer, String clientId) {
        return clientId != null && jdbc.sql("""
                select count(*) from issuer_issuer where issuer_id = ? and client_id = ? and status = 'APPROVED'""")
                .params(issuer.value(), clientId).query(Integer.class).single() > 0;
    }

    /** The issuer, its doc types, its {@value #RECENT} most recent publications and refused pushes. */
    public Optional<IssuerOverview> overview(IssuerId issuer) {
        return jdbc.sql("""
                select i.name, i.name_hi, i.status, i.client_id, i.allow_rsa_sha1, c.certificate
                from issuer_issuer i
                left join issuer_certificate c on c.issuer_id = i.issuer_id and c.retired_at is null
                where i.issuer_id = ?""")
                .param(issuer.value())
                .query((rs, row) -> {
                    X509Certificate certificate = Issuers.certificate(rs.getBytes("certificate"));
                    return new IssuerOverview(issuer, rs.getString("name"), IssuerStatus.valueOf(rs.getString("status")),
                            rs.getString("client_id"),
                            certificate == null ? null : Certificates.sha256Fingerprint(certificate),
                            certificate == null ? null
                                    : LocalDate.ofInstant(certificate.getNotAfter().toInstant(), ZoneOffset.UTC),
                            rs.getBoolean("allow_rsa_sha1"), docTypes(issuer), publications(issuer), refusedPushes(issuer),
                            rs.getString("name_hi"));
                })
                .optional();
    }

    private List<DocType> docTypes(IssuerId issuer) {
        return jdbc.sql("""
                select code, name, description, search_parameters::text as parameters, resident_fields, name_hi
                from issuer_doc_type where issuer_id = ? order by code""")
                .param(issuer.value())
                .query((rs, row) -> new DocType(rs.getString("code"), rs.getString("name"), rs.getString("description"),
                        List.of(json.readValue(rs.getString("parameters"), SearchParameter[].class)),
                        Issuers.residentFields((String[]) rs.getArray("resident_fields").getArray()),
                        rs.getString("name_hi")))
                .list();
    }

    private List<Publication> publications(IssuerId issuer) {
        return jdbc.sql("""
                select uri, version, doc_name, status, published_at, account_id is not null as delivered
                from issuer_document where issuer_id = ?
                order by published_at desc, version desc limit ?""")
                .params(issuer.value(), RECENT)
                .query((rs, row) -> new Publication(rs.getString("uri"), rs.getInt("version"), rs.getString("doc_name"),
                        DocumentStatus.valueOf(rs.getString("status")),
                        rs.getTimestamp("published_at").toInstant(), rs.getBoolean("delivered")))
                .list();
    }

    private List<RefusedPush> refusedPushes(IssuerId issuer) {
        return jdbc.sql("""
                select code, reason, txn, uri, refused_at from issuer_push_refusal where issuer_id = ?
                order by refused_at desc, id desc limit ?""")
                .params(issuer.value(), RECENT)
                .query((rs, row) -> new RefusedPush(rs.getString("code"), rs.getString("reason"), rs.getString("txn"),
                        rs.getString("uri"), rs.getTimestamp("refused_at").toInstant()))
                .list();
    }
}
