package org.tijori.gateway;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.tijori.gateway.GatewayProblemException.Kind;
import org.tijori.gateway.events.RequesterApproved;
import org.tijori.gateway.events.RequesterRedirectUrisChanged;
import org.tijori.gateway.events.RequesterRegistered;
import org.tijori.gateway.events.RequesterRejected;
import org.tijori.gateway.events.RequesterSecretRotated;
import org.tijori.gateway.events.RequesterSuspended;
import org.tijori.gateway.requester.ClientSecrets;
import org.tijori.gateway.requester.Logo;
import org.tijori.gateway.requester.RedirectUris;
import org.tijori.gateway.requester.RegistrationReceipt;
import org.tijori.gateway.requester.RequesterClients;
import org.tijori.gateway.requester.RequesterCredentials;
import org.tijori.gateway.requester.RequesterKind;
import org.tijori.gateway.requester.RequesterRegistration;
import org.tijori.gateway.requester.RequesterStatus;
import org.tijori.gateway.requester.RequesterSummary;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Requesters joining Tijori (ADR 23), as issuers do: a registration waits for an administrator, who approves it
 * (the requester receives its client ID and secret, shown once), rejects it, or later suspends the requester. A
 * suspension stops the requester's tokens and ends residents' consents to it at once, in the same transaction;
 * approving a suspended requester reinstates it with new credentials, and residents consent again.
 */
@Service
public class RequesterRegistrations {

    private static final String CLIENT_ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private static final java.security.SecureRandom random = new java.security.SecureRandom();

    private final JdbcClient jdbc;

    private final ClientSecrets secrets;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    private final RequesterClients clients;

    RequesterRegistrations(JdbcClient jdbc, ClientSecrets secrets, ApplicationEventPublisher events, Clock clock,
            RequesterClients clients) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.events = events;
        this.clock = clock;
        this.clients = clients;
    }

    /**
     * Records a registration for an administrator to decide on. How many one address may send is limited before
     * the request is read ({@code gateway.web.RequesterRegistrationLimits}).
     *
     * @param logo the requester's logo, or null
     * @throws GatewayProblemException of kind {@code INVALID} naming what is wrong
     */
    @Transactional
    public RegistrationReceipt register(RequesterRegistration registration, Logo logo) {
        if (registration == null) {
            throw new GatewayProblemException(Kind.INVALID, "invalid_registration",
                    "Send the registration as a JSON object.");
        }
        RequesterRegistration.Valid checked = registration.validate();
        UUID id = UUID.randomUUID();
        OffsetDateTime now = utc(clock.instant());
        jdbc.sql("""
                insert into gateway_requester (id, name, organisation, contact_email, purpose, redirect_uris, logo,
                                               logo_media_type, status, registered_at, status_changed_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)""")
                .params(id, checked.name(), checked.organisation(), checked.contactEmail(), checked.purpose(),
                        checked.redirectUris().toArray(String[]::new), logo == null ? null : logo.bytes(),
                        logo == null ? null : logo.mediaType(), now, now)
                .update();
        events.publishEvent(new RequesterRegistered(new RequesterId(id), checked.name(), checked.organisation()));
        return new RegistrationReceipt(id, RequesterStatus.PENDING);
    }

    /**
     * Approves a pending requester, or reinstates a suspended one, with a new client ID and secret: the old ones
     * of a suspended requester stay dead.
     *
     * @param kind how its application talks to the authorization server; null for {@code WEB}
     * @param maySignUp whether it may open lockers through demographic authentication
     */
    @Transactional
    public RequesterCredentials approve(RequesterId requester, RequesterKind kind, boolean maySignUp) {
        RequesterStatus status = statusOf(requester);
        if (status != RequesterStatus.PENDING && status != RequesterStatus.SUSPENDED) {
            throw conflict("Requester " + requester + " is " + name(status) + " and cannot be approved.");
        }
        RequesterKind approvedKind = kind == null ? RequesterKind.WEB : kind;
        String secret = ClientSecrets.newSecret();
        OffsetDateTime now = utc(clock.instant());
        for (int attempt = 0;; attempt++) {
            String clientId = newClientId();
            try {
                jdbc.sql("""
                        update gateway_requester
                           set status = 'APPROVED', kind = ?, may_sign_up = ?, client_id = ?, client_secret_hash = ?,
                               client_secret_sealed = ?, status_changed_at = ?, secret_rotated_at = ?
                         where id = ?""")
                        .params(approvedKind.name(), maySignUp, clientId, secrets.hash(secret),
                                secrets.seal(secret), now, now, requester.value())
                        .update();
        clients.forgetAfterCommit();
                events.publishEvent(new RequesterApproved(requester, clientId, approvedKind.name(), maySignUp));
                return new RequesterCredentials(requester, clientId, secret);
            }
            catch (DuplicateKeyException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Rejects a pending registration. */
    @Transactional
    public void reject(RequesterId requester) {
        RequesterStatus status = statusOf(requester);
        if (status != RequesterStatus.PENDING) {
            throw conflict("Requester " + requester + " is " + name(status) + ", not pending.");
        }
        jdbc.sql("update gateway_requester set status = 'REJECTED', status_changed_at = ? where id = ?")
                .params(utc(clock.instant()), requester.value()).update();
        clients.forgetAfterCommit();
        events.publishEvent(new RequesterRejected(requester));
    }

    /**
     * Suspends an approved requester, in one transaction: every authorization it holds is revoked and every
     * consent to it ends (by the administrator), so its next call fails whichever node answers it; its portal
     * sessions end on their next request.
     */
    @Transactional
    public void suspend(RequesterId requester) {
        RequesterStatus status = statusOf(requester);
        if (status != RequesterStatus.APPROVED) {
            throw conflict("Requester " + requester + " is " + name(status) + ", not approved.");
        }
        OffsetDateTime now = utc(clock.instant());
        String clientId = jdbc.sql("""
                update gateway_requester set status = 'SUSPENDED', status_changed_at = ? where id = ?
                returning client_id""").params(now, requester.value()).query(String.class).single();
        jdbc.sql("""
                update gateway_authorization set revoked_at = ?, revoked_reason = 'requester-suspended', updated_at = ?
                 where requester_id = ? and revoked_at is null""")
                .params(now, now, requester.value()).update();
        clients.forgetAfterCommit();
        int ended = jdbc.sql("""
                update gateway_consent set ended_at = ?, ended_by = 'ADMINISTRATOR'
                 where requester_id = ? and ended_at is null""")
                .params(now, requester.value()).update();
        events.publishEvent(new RequesterSuspended(requester, clientId, ended));
    }

    /**
     * A new client secret for an approved requester, shown once; the client ID stays (it is written into the
     * requester's application), the old secret stops working now (on the other nodes within
     * {@code RequesterClients.FRESH}) and portal sessions opened with it end.
     *
     * @param by who asked: {@code ADMINISTRATOR}, or {@code REQUESTER} from its portal
     */
    @Transactional
    public RequesterCredentials rotateSecret(RequesterId requester, String by) {
        RequesterStatus status = statusOf(requester);
        if (status != RequesterStatus.APPROVED) {
            throw conflict("Requester " + requester + " is " + name(status)
                    + "; only an approved requester has a secret to rotate.");
        }
        String secret = ClientSecrets.newSecret();
        OffsetDateTime now = utc(clock.instant());
        String clientId = jdbc.sql("""
                update gateway_requester set client_secret_hash = ?, client_secret_sealed = ?, secret_rotated_at = ?
                 where id = ? returning client_id""")
                .params(secrets.hash(secret), secrets.seal(secret), now, requester.value())
                .query(String.class).single();
        clients.forgetAfterCommit();
        events.publishEvent(new RequesterSecretRotated(requester, clientId, by));
        return new RequesterCredentials(requester, clientId, secret);
    }

    /** Replaces where a requester's authorization answers may be sent; each URI is then matched exactly. */
    @Transactional
    public List<String> changeRedirectUris(RequesterId requester, List<String> redirectUris) {
        RequesterStatus status = statusOf(requester);
        if (status == RequesterStatus.REJECTED) {
            throw conflict("Requester " + requester + " was rejected.");
        }
        List<String> checked = RedirectUris.check(redirectUris);
        jdbc.sql("update gateway_requester set redirect_uris = ? where id = ?")
                .params(checked.toArray(String[]::new), requester.value()).update();
        clients.forgetAfterCommit();
        events.publishEvent(new RequesterRedirectUrisChanged(requester, checked));
        return checked;
    }

    /** How many requesters wait for an administrator's decision. */
    public long waitingForApproval() {
        return jdbc.sql("select count(*) from gateway_requester where status = 'PENDING'").query(Long.class).single();
    }

    /** Every requester for the administrators' list: pending ones first, then the most recently registered. */
    public List<RequesterSummary> all() {
        return jdbc.sql(SUMMARY + " order by status = 'PENDING' desc, registered_at desc, id")
                .query((rs, row) -> summary(rs)).list();
    }

    public Optional<RequesterSummary> find(RequesterId requester) {
        return jdbc.sql(SUMMARY + " where id = ?").param(requester.value()).query((rs, row) -> summary(rs))
                .optional();
    }

    /** The logo a requester registered with, if any. */
    public Optional<Logo> logo(RequesterId requester) {
        return jdbc.sql("select logo from gateway_requester where id = ? and logo is not null")
                .param(requester.value()).query((rs, row) -> Logo.of(rs.getBytes(1))).optional();
    }

    private static final String SUMMARY = """
            select id, name, organisation, contact_email, purpose, redirect_uris, kind, may_sign_up, status, client_id,
                   logo is not null as has_logo, registered_at, status_changed_at
              from gateway_requester""";

    private static RequesterSummary summary(ResultSet rs) throws SQLException {
        return new RequesterSummary(new RequesterId(rs.getObject("id", UUID.class)), rs.getString("name"),
                rs.getString("organisation"), rs.getString("contact_email"), rs.getString("purpose"),
                List.of((String[]) rs.getArray("redirect_uris").getArray()),
                RequesterKind.valueOf(rs.getString("kind")), rs.getBoolean("may_sign_up"),
                RequesterStatus.valueOf(rs.getString("status")), rs.getString("client_id"), rs.getBoolean("has_logo"),
                rs.getObject("registered_at", OffsetDateTime.class).toInstant(),
                rs.getObject("status_changed_at", OffsetDateTime.class).toInstant());
    }

    private RequesterStatus statusOf(RequesterId requester) {
        return jdbc.sql("select status from gateway_requester where id = ? for update").param(requester.value())
                .query((rs, row) -> RequesterStatus.valueOf(rs.getString(1))).optional()
                .orElseThrow(() -> new GatewayProblemException(Kind.NOT_FOUND, "not_found",
                        "There is no requester " + requester + "."));
    }

    private static GatewayProblemException conflict(String message) {
        return new GatewayProblemException(Kind.CONFLICT, "requester_conflict", message);
    }

    private static String name(RequesterStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static String newClientId() {
        StringBuilder id = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            id.append(CLIENT_ID_ALPHABET.charAt(random.nextInt(CLIENT_ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
