package org.tijori.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.tijori.account.events.SessionEnded;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;

/**
 * A resident's signed-in sessions, for the list on their profile: on what and from roughly where each was signed
 * in, when, and when last used; and ending one of them. A session is named on pages by a reference made from its
 * ID by a one-way hash, never by the ID itself, which is what the browser's cookie holds.
 */
@Service
public class ResidentSessions {

    /** Session attribute: the account whose sign-in the attributes below describe. */
    public static final String ACCOUNT = "tijori.session.account";

    /** Session attribute: the browser and system the sign-in came from, see {@link Device}. */
    public static final String DEVICE = "tijori.session.device";

    /** Session attribute: the client address the sign-in came from, with its last part hidden. */
    public static final String ADDRESS = "tijori.session.address";

    /** Session attribute: when the resident signed in, in milliseconds since the epoch. */
    public static final String SIGNED_IN_AT = "tijori.session.signed-in-at";

    private final ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions;

    private final ApplicationEventPublisher events;

    ResidentSessions(ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions,
            ApplicationEventPublisher events) {
        this.sessions = sessions;
        this.events = events;
    }

    /** The account's sessions that have not ended, the most recently used first. */
    public List<ActiveSession> of(AccountId account, String currentSessionId) {
        return stored(account).entrySet().stream()
                .filter(entry -> !entry.getValue().isExpired())
                .map(entry -> describe(entry.getKey(), entry.getValue(), currentSessionId))
                .sorted(Comparator.comparing(ActiveSession::current).reversed()
                        .thenComparing(Comparator.comparing(ActiveSession::lastSeenAt).reversed()))
                .toList();
    }

    /**
     * Ends the account's session of this reference, unless it is the current one (which signs out as usual).
     * A reference to no session of this account ends nothing, and is not told apart.
     *
     * @return whether a session was ended
     */
    public boolean end(AccountId account, String reference, String currentSessionId) {
        if (reference == null || reference.length() != 22) {
            return false;
        }
        byte[] wanted = reference.getBytes(StandardCharsets.US_ASCII);
        for (Map.Entry<String, ? extends Session> entry : stored(account).entrySet()) {
            String id = entry.getKey();
            if (!id.equals(currentSessionId)
                    && MessageDigest.isEqual(reference(id).getBytes(StandardCharsets.US_ASCII), wanted)) {
                sessions.getObject().deleteById(id);
                Device device = Device.parse(entry.getValue().getAttribute(DEVICE));
                events.publishEvent(new SessionEnded(account, device.summary()));
                return true;
            }
        }
        return false;
    }

    private Map<String, ? extends Session> stored(AccountId account) {
        FindByIndexNameSessionRepository<? extends Session> store = sessions.getIfAvailable();
        return store == null ? Map.of() : store.findByPrincipalName(account.toString());
    }

    private static ActiveSession describe(String id, Session session, String currentSessionId) {
        Object signedIn = session.getAttribute(SIGNED_IN_AT);
        Instant signedInAt = signedIn instanceof Long millis ? Instant.ofEpochMilli(millis) : session.getCreationTime();
        Object address = session.getAttribute(ADDRESS);
        return new ActiveSession(reference(id), Device.parse(session.getAttribute(DEVICE)),
                address instanceof String text ? text : null, signedInAt, session.getLastAccessedTime(),
                id.equals(currentSessionId));
    }

    /** The reference of a session on pages: 128 bits of the SHA-256 of its ID, in base64url. */
    static String reference(String sessionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("tijori-session:" + sessionId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The client address as the list shows it: an IPv4 address without its last number ({@code 203.0.113.x}), an
     * IPv6 address with its first three groups only.
     */
    public static String approximate(String address) {
        if (address == null || address.isBlank()) {
            return null;
        }
        if (address.indexOf(':') < 0) {
            int last = address.lastIndexOf('.');
            return last < 0 ? null : address.substring(0, last) + ".x";
        }
        String[] groups = address.split(":", -1);
        return groups.length < 3 ? null : String.join(":", groups[0], groups[1], groups[2]) + "::/48";
    }

    /**
     * One session of the list.
     *
     * @param reference what names the session on the page, see {@link ResidentSessions#end}
     * @param address the client address it signed in from, approximately, or null when not known
     * @param current whether it is the session of the request that asks
     */
    public record ActiveSession(String reference, Device device, String address, Instant signedInAt,
            Instant lastSeenAt, boolean current) {
    }

    /**
     * What a session was signed in on, read from its {@code User-Agent}: the browser's and the system's usual
     * names, each null when not recognised.
     */
    public record Device(String browser, String system) {

        /** Reads a {@code User-Agent} header. */
        public static Device of(String userAgent) {
            if (userAgent == null) {
                return new Device(null, null);
            }
            return new Device(browser(userAgent), system(userAgent));
        }

        /** Reads the form {@link #stored()} wrote; anything else is an unknown device. */
        static Device parse(Object stored) {
            if (!(stored instanceof String text) || text.indexOf('|') < 0) {
                return new Device(null, null);
            }
            String browser = text.substring(0, text.indexOf('|'));
            String system = text.substring(text.indexOf('|') + 1);
            return new Device(browser.isEmpty() ? null : browser, system.isEmpty() ? null : system);
        }

        /** The form kept in the session. */
        public String stored() {
            return (browser == null ? "" : browser) + "|" + (system == null ? "" : system);
        }

        /** For the trail: both names, or what of them is known. */
        String summary() {
            return browser + " / " + system;
        }

        private static String browser(String agent) {
            if (agent.contains("Edg/") || agent.contains("Edge/")) {
                return "Edge";
            }
            if (agent.contains("OPR/") || agent.contains("Opera")) {
                return "Opera";
            }
            if (agent.contains("SamsungBrowser/")) {
                return "Samsung Internet";
            }
            if (agent.contains("Firefox/") || agent.contains("FxiOS/")) {
                return "Firefox";
            }
            if (agent.contains("Chrome/") || agent.contains("CriOS/") || agent.contains("Chromium/")) {
                return "Chrome";
            }
            if (agent.contains("Safari/") && agent.contains("Version/")) {
                return "Safari";
            }
            return null;
        }

        private static String system(String agent) {
            if (agent.contains("Android")) {
                return "Android";
            }
            if (agent.contains("iPhone") || agent.contains("iPad") || agent.contains("iPod")) {
                return "iOS";
            }
            if (agent.contains("Windows")) {
                return "Windows";
            }
            if (agent.contains("CrOS")) {
                return "ChromeOS";
            }
            if (agent.contains("Mac OS X") || agent.contains("Macintosh")) {
                return "macOS";
            }
            if (agent.contains("Linux")) {
                return "Linux";
            }
            return null;
        }
    }
}
