package org.tijori.verify.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A verification link a person typed, pasted or scanned on the landing page: where on this site it leads, if it
 * is one of this installation's. Only the path and query of a link under {@code /verify/} are kept, so that the
 * landing page's redirect never leaves the site, whatever was pasted.
 */
final class PastedLink {

    /** Longer than any link a proof makes (about 1,400 characters at most). */
    static final int MAX_LENGTH = 4_096;

    private PastedLink() {
    }

    /**
     * @param text what the person gave, untrusted
     * @param addresses this installation's base URL and the ones it had before
     * @return the path and query to redirect to, or empty when it is not a verification link of this installation
     */
    static Optional<String> target(String text, List<URI> addresses) {
        if (text == null || text.isBlank() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        URI link;
        try {
            link = new URI(text.strip());
        }
        catch (URISyntaxException e) {
            return Optional.empty();
        }
        String path = link.getRawPath();
        if (path == null || link.getRawFragment() != null) {
            return Optional.empty();
        }
        if (link.isAbsolute() || link.getRawAuthority() != null) {
            Optional<URI> ours = addresses.stream().filter(address -> sameSite(address, link)).findFirst();
            if (ours.isEmpty()) {
                return Optional.empty();
            }
            String basePath = ours.get().getRawPath() == null ? "" : ours.get().getRawPath().replaceAll("/$", "");
            if (!path.startsWith(basePath + "/verify/")) {
                return Optional.empty();
            }
            path = path.substring(basePath.length());
        }
        if (!path.startsWith("/verify/") || path.length() == "/verify/".length() || path.startsWith("/verify//")) {
            return Optional.empty();
        }
        return Optional.of(link.getRawQuery() == null ? path : path + "?" + link.getRawQuery());
    }

    private static boolean sameSite(URI address, URI link) {
        return link.getScheme() != null && address.getScheme().equalsIgnoreCase(link.getScheme())
                && link.getHost() != null && address.getHost().toLowerCase(Locale.ROOT)
                        .equals(link.getHost().toLowerCase(Locale.ROOT))
                && port(address) == port(link);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
