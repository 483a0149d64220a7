package org.tijori.verify.proof;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.tijori.TijoriProperties;
import org.tijori.issuer.DocumentUri;
import org.tijori.verify.VerifyProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * This installation's verification links (ADR 22): the address it signs proofs as ({@code tijori.base-url}), the
 * ones it had before ({@code tijori.verify.former-base-urls}), the link a proof travels in, and whether a link
 * someone brings is one of them. The landing page follows such a link, an uploaded PDF's link is checked, and a
 * proof's {@code iss} must name one of these addresses: all by this one rule.
 * <p>
 * A link is ours only if it is an absolute link to one of the addresses (scheme, host and port alike, no user
 * name), or a path on this site, under {@code /verify/} with a URI after it, with no fragment, and with nothing in
 * its path that would lead elsewhere once a browser or server read it: no {@code .} or {@code ..} segment, and no
 * encoded slash, backslash or dot ({@code %2F}, {@code %5C}, {@code %2E}). A link that is not even a URI (a
 * backslash, a space, a control character) is none.
 */
@Component
public class VerificationLinks {

    /** Longer than any link a proof makes (about 1,400 characters at most). */
    public static final int MAX_LENGTH = 4_096;

    private static final String VERIFY = "/verify/";

    private final List<URI> addresses;

    private final String address;

    private final Set<String> issuers;

    @Autowired
    VerificationLinks(TijoriProperties tijori, VerifyProperties properties) {
        this(tijori.baseUrl(), properties.formerBaseUrls());
    }

    /**
     * @param baseUrl Tijori's public address, whose proofs it signs
     * @param formerBaseUrls addresses it had before, whose links and proofs still count
     */
    public VerificationLinks(URI baseUrl, List<URI> formerBaseUrls) {
        this.addresses = Stream.concat(Stream.of(baseUrl), formerBaseUrls.stream()).toList();
        this.address = withoutSlash(baseUrl.toString());
        this.issuers = addresses.stream().map(URI::toString).map(VerificationLinks::withoutSlash)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The address proofs are signed as (their {@code iss}) and links are made to: {@code tijori.base-url} without a
     * trailing slash.
     */
    public String address() {
        return address;
    }

    /** Whether a proof's {@code iss} names this installation, as it is or as it was. */
    public boolean isOurs(String iss) {
        return iss != null && issuers.contains(iss);
    }

    /** The link to a document's verification page with its proof. */
    public String link(DocumentUri uri, String proof) {
        // A document ID's '/' stays as it is: Tomcat and Spring Security refuse an encoded one (%2F) in a path.
        return address + VERIFY + uri + "?p=" + proof;
    }

    /**
     * @param text a link from anywhere: typed, pasted, scanned or found in a file; untrusted
     * @return the link, if it is a verification link of this installation
     */
    public Optional<Link> parse(String text) {
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
        boolean absolute = link.isAbsolute() || link.getRawAuthority() != null;
        if (absolute) {
            if (link.getRawUserInfo() != null) {
                return Optional.empty();
            }
            Optional<URI> ours = addresses.stream().filter(address -> sameSite(address, link)).findFirst();
            if (ours.isEmpty()) {
                return Optional.empty();
            }
            String basePath = ours.get().getRawPath() == null ? "" : withoutSlash(ours.get().getRawPath());
            if (!path.startsWith(basePath + VERIFY)) {
                return Optional.empty();
            }
            path = path.substring(basePath.length());
        }
        if (!path.startsWith(VERIFY) || path.length() == VERIFY.length() || path.startsWith(VERIFY + "/")
                || leadsElsewhere(path)) {
            return Optional.empty();
        }
        String query = link.getRawQuery();
        return Optional.of(new Link(path.substring(VERIFY.length()), proof(query),
                query == null ? path : path + "?" + query, absolute));
    }

    /** A dot segment, or an encoded slash, backslash or dot: a way out of {@code /verify/} for a browser or server. */
    private static boolean leadsElsewhere(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e")) {
            return true;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** The first {@code p} of a query, as written. */
    private static String proof(String query) {
        if (query == null) {
            return null;
        }
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("p=")) {
                return parameter.substring(2);
            }
        }
        return null;
    }

    private static boolean sameSite(URI address, URI link) {
        return link.getScheme() != null && link.getScheme().equalsIgnoreCase(address.getScheme())
                && link.getHost() != null && address.getHost() != null
                && address.getHost().toLowerCase(Locale.ROOT).equals(link.getHost().toLowerCase(Locale.ROOT))
                && port(address) == port(link);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String withoutSlash(String address) {
        return address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
    }

    /**
     * A verification link of this installation.
     *
     * @param uri the document URI it names, as written (not yet parsed): what follows {@code /verify/} in its path
     * @param proof its first {@code p} parameter, as written, or {@code null} when it has none
     * @param target its path and query on this site (below the address's own path), where it leads
     * @param absolute whether it names this installation's address, rather than being only a path on the site
     */
    public record Link(String uri, String proof, String target, boolean absolute) {
    }
}
