package org.tijori.gateway.requester;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.tijori.account.RateLimits;
import org.tijori.account.RateLimits.RateLimit;
import org.tijori.gateway.GatewayProperties;
import org.tijori.gateway.RequesterId;
import org.tijori.gateway.events.RequesterSignInFailed;
import org.tijori.gateway.requester.RequesterOverview.CallDay;
import org.tijori.gateway.requester.RequesterOverview.CallError;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The requester portal: a requester signs in with the client ID and secret it received at approval, and sees
 * only its own registration, consents and calls. Every query filters by the requester first.
 */
@Service
public class RequesterPortal {

    /** How many days of calls the portal shows. */
    static final int DAYS = 30;

    /** How many of the newest errors the portal shows. */
    static final int RECENT_ERRORS = 50;

    /** Hashed in place of a stored secret when the client ID is unknown, so that both answers take the same work. */
    private static final byte[] NO_SECRET = new byte[32];

    private final JdbcClient jdbc;

    private final ClientSecrets secrets;

    private final RateLimits limits;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    private final RateLimit perClient;

    private final RateLimit perAddress;

    RequesterPortal(JdbcClient jdbc, ClientSecrets secrets, RateLimits limits, ApplicationEventPublisher events,
            Clock clock, GatewayProperties properties) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.limits = limits;
        this.events = events;
        this.clock = clock;
        this.perClient = new RateLimit("requester-sign-in-failures-client",
                properties.portalSignInFailuresPerClient(), Duration.ofMinutes(15));
        this.perAddress = new RateLimit("requester-sign-in-failures-address",
                properties.portalSignInFailuresPerAddress(), Duration.ofMinutes(15));
    }

    /**
     * Checks a client ID and secret; only an approved requester signs in. As the issuer portal does, each check
     * first takes a try from the client ID's and the address's budgets, and a success gives it back: however many
     * requests arrive at once, no more secrets are compared than the budgets hold, and once they are spent the
     * credentials are not even checked.
     */
    public RequesterSignIn signIn(String clientId, String clientSecret, String clientAddress) {
        String key = clientId == null ? "" : clientId.strip().toUpperCase(Locale.ROOT);
        if (key.length() > 64) {
            key = key.substring(0, 64);
        }
        String address = clientAddress == null ? "" : clientAddress;
        if (!limits.tryAcquire(perClient, key)) {
            return new RequesterSignIn.Throttled();
        }
        if (!limits.tryAcquire(perAddress, address)) {
            limits.giveBack(perClient, key);
            return new RequesterSignIn.Throttled();
        }
        Optional<Stored> stored = key.isEmpty() ? Optional.empty() : jdbc.sql("""
                select id, client_id, status, client_secret_hash, secret_rotated_at from gateway_requester
                 where client_id = ?""").param(key).query((rs, row) -> stored(rs)).optional();
        byte[] expected = stored.map(Stored::secretHash).filter(Objects::nonNull).orElse(NO_SECRET);
        boolean matches = secrets.matches(clientSecret == null ? "" : clientSecret, expected) && stored.isPresent();
        if (matches && stored.get().status() == RequesterStatus.APPROVED) {
            limits.giveBack(perClient, key);
            limits.giveBack(perAddress, address);
            return new RequesterSignIn.SignedIn(stored.get().id(), stored.get().clientId(),
                    stored.get().secretIssuedAt());
        }
        events.publishEvent(new RequesterSignInFailed(key));
        return new RequesterSignIn.Refused();
    }

    /**
     * Whether a portal session still stands: the requester is approved, and neither its client ID nor its secret
     * changed since it signed in (a rotation, a suspension and a reinstatement each end it).
     */
    public boolean stillSignedIn(RequesterId requester, String clientId, Instant secretIssuedAt) {
        return clientId != null && secretIssuedAt != null && jdbc.sql("""
                select count(*) from gateway_requester
                 where id = ? and client_id = ? and status = 'APPROVED' and secret_rotated_at = ?""")
                .params(requester.value(), clientId, OffsetDateTime.ofInstant(secretIssuedAt, ZoneOffset.UTC))
                .query(Integer.class).single() > 0;
    }

    /** The requester, its consents, its calls of the last {@value #DAYS} days and its newest errors. */
    public Optional<RequesterOverview> overview(RequesterId requester) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return jdbc.sql("""
                select r.name, r.organisation, r.status, r.client_id, r.kind, r.redirect_uris, r.purpose,
                       r.secret_rotated_at,
                       (select count(*) from gateway_consent c
                         where c.requester_id = r.id and c.ended_at is null and c.expires_at > ?) as active,
                       (select count(*) from gateway_consent c where c.requester_id = r.id) as total
                  from gateway_requester r where r.id = ?""")
                .params(now, requester.value())
                .query((rs, row) -> new RequesterOverview(requester, rs.getString("name"),
                        rs.getString("organisation"), RequesterStatus.valueOf(rs.getString("status")),
                        rs.getString("client_id"), RequesterKind.valueOf(rs.getString("kind")),
                        List.of((String[]) rs.getArray("redirect_uris").getArray()), rs.getString("purpose"),
                        instant(rs, "secret_rotated_at"), rs.getLong("active"), rs.getLong("total"),
                        days(requester, now.toLocalDate()), errors(requester)))
                .optional();
    }

    private List<CallDay> days(RequesterId requester, LocalDate today) {
        return jdbc.sql("""
                select day, calls, errors from gateway_call_day where requester_id = ? and day > ? order by day desc""")
                .params(requester.value(), today.minusDays(DAYS))
                .query((rs, row) -> new CallDay(rs.getObject("day", LocalDate.class), rs.getLong("calls"),
                        rs.getLong("errors")))
                .list();
    }

    private List<CallError> errors(RequesterId requester) {
        return jdbc.sql("""
                select at, operation, status, error from gateway_call_error where requester_id = ?
                 order by at desc, id limit ?""")
                .params(requester.value(), RECENT_ERRORS)
                .query((rs, row) -> new CallError(instant(rs, "at"), rs.getString("operation"), rs.getInt("status"),
                        rs.getString("error")))
                .list();
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        return new Stored(new RequesterId(rs.getObject("id", UUID.class)), rs.getString("client_id"),
                RequesterStatus.valueOf(rs.getString("status")), rs.getBytes("client_secret_hash"),
                instant(rs, "secret_rotated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private record Stored(RequesterId id, String clientId, RequesterStatus status, byte[] secretHash,
            Instant secretIssuedAt) {
    }
}
