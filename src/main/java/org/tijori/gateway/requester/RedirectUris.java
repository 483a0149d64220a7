package org.tijori.gateway.requester;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.tijori.gateway.GatewayProblemException;
import org.tijori.gateway.GatewayProblemException.Kind;

/**
 * Where a requester's authorization answers may be sent. Each is matched exactly, character for character, when a
 * requester names it (RFC 9700), so it is checked here once, when registered: 1 to {@value #MOST} absolute URIs of
 * at most {@value #MAX_LENGTH} characters, without a fragment, user information or a wildcard; {@code https}, or
 * {@code http} on the loopback host only, or a private-use scheme of an app (a reversed domain name with a dot,
 * RFC 8252 section 7.1).
 */
public final class RedirectUris {

    static final int MOST = 10;

    static final int MAX_LENGTH = 2000;

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    /** RFC 3986's scheme, with at least one dot: {@code com.example.app}. */
    private static final Pattern PRIVATE_USE_SCHEME = Pattern.compile("[a-z][a-z0-9+-]*(\\.[a-z0-9+-]+)+");

    private RedirectUris() {
    }

    /**
     * The URIs, each checked, in the order given.
     *
     * @throws GatewayProblemException of kind {@code INVALID}, naming the first that is wrong
     */
    public static List<String> check(List<String> uris) {
        if (uris == null || uris.isEmpty() || uris.size() > MOST) {
            throw invalid("redirectUris: register 1 to " + MOST + " redirect URIs.");
        }
        Set<String> checked = new LinkedHashSet<>();
        for (String uri : uris) {
            if (!checked.add(check(uri))) {
                throw invalid("redirectUris: " + uri + " is listed twice.");
            }
        }
        return List.copyOf(new ArrayList<>(checked));
    }

    static String check(String value) {
        if (value == null || value.isBlank()) {
            throw invalid("redirectUris: an entry is empty.");
        }
        if (value.length() > MAX_LENGTH) {
            throw invalid("redirectUris: at most " + MAX_LENGTH + " characters each.");
        }
        if (value.indexOf('*') >= 0) {
            throw invalid("redirectUris: " + value + " holds a wildcard; each URI is matched exactly.");
        }
        URI uri;
        try {
            uri = new URI(value);
        }
        catch (URISyntaxException e) {
            throw invalid("redirectUris: " + value + " is not a URI.");
        }
        if (!uri.isAbsolute()) {
            throw invalid("redirectUris: " + value + " is not absolute.");
        }
        if (uri.getRawFragment() != null || value.indexOf('#') >= 0) {
            throw invalid("redirectUris: " + value + " has a fragment.");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("redirectUris: " + value + " holds user information.");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "https" -> {
                if (uri.getHost() == null || uri.getHost().isEmpty()) {
                    throw invalid("redirectUris: " + value + " names no host.");
                }
            }
            case "http" -> {
                if (uri.getHost() == null || !LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
                    throw invalid("redirectUris: " + value + " uses http, allowed on localhost, 127.0.0.1 or [::1] "
                            + "only; use https.");
                }
            }
            default -> {
                if (!PRIVATE_USE_SCHEME.matcher(scheme).matches()) {
                    throw invalid("redirectUris: " + value + ": https, http on the loopback host, or an app's own "
                            + "scheme, a reversed domain name such as com.example.app.");
                }
            }
        }
        return value;
    }

    private static GatewayProblemException invalid(String message) {
        return new GatewayProblemException(Kind.INVALID, "invalid_registration", message);
    }
}
