package org.tijori.issuer.pull;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.tijori.issuer.IssuerProblemException;
import org.tijori.issuer.IssuerProblemException.Kind;
import org.tijori.issuer.IssuerProperties;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * Which addresses Tijori calls for an issuer's Pull URI endpoint. Anyone may register an issuer, and an
 * approved issuer's address is called on residents' behalf, so it must not lead Tijori into its own
 * network: only https (plain http where a deployment allows it for development), and only public
 * addresses, unless a deployment names a network it trusts. A name is resolved once for each connection
 * and every one of its addresses checked, and the connection goes to those checked addresses (see
 * {@link PullUriCalls}); a name that later resolves inward (DNS rebinding) is refused then.
 */
@Component
public class PullAddresses {

    /** Where an address of any of these leads is not the public internet; what each is, for messages. */
    private static final List<Network> NOT_PUBLIC = List.of(
            network("0.0.0.0/8", "an unspecified address"),
            network("10.0.0.0/8", "a private address"),
            network("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
            network("127.0.0.0/8", "a loopback address"),
            network("169.254.0.0/16", "a link-local (cloud metadata) address"),
            network("172.16.0.0/12", "a private address"),
            // IETF protocol assignments, among them Oracle Cloud's metadata service (192.0.0.192)
            network("192.0.0.0/24", "a reserved address"),
            network("192.168.0.0/16", "a private address"),
            network("198.18.0.0/15", "a reserved (benchmarking) address"),
            network("224.0.0.0/4", "a multicast address"),
            // includes the broadcast address 255.255.255.255
            network("240.0.0.0/4", "a reserved address"),
            network("::/128", "an unspecified address"),
            network("::1/128", "a loopback address"),
            network("100::/64", "a discard address"),
            // Teredo tunnels hide the IPv4 address they lead to
            network("2001::/32", "a tunnel (Teredo) address"),
            network("64:ff9b:1::/48", "a local translation (NAT64) address"),
            // unique local addresses, among them AWS's metadata service (fd00:ec2::254)
            network("fc00::/7", "a private (unique local) address"),
            network("fe80::/10", "a link-local address"),
            network("fec0::/10", "a site-local address"),
            network("ff00::/8", "a multicast address"));

    private final HostResolver resolver;

    private final List<IpAddressMatcher> trusted;

    private final boolean allowHttp;

    public PullAddresses(HostResolver resolver, IssuerProperties properties) {
        this.resolver = resolver;
        this.allowHttp = properties.pullAllowHttp();
        List<IpAddressMatcher> networks = new ArrayList<>();
        for (String network : properties.pullAllowedNetworks()) {
            try {
                networks.add(new IpAddressMatcher(network.strip()));
            }
            catch (IllegalArgumentException e) {
                throw new IllegalStateException("tijori.issuer.pull-allowed-networks: " + network
                        + " is not a network in CIDR notation, such as 10.20.0.0/16: " + e.getMessage(), e);
            }
        }
        this.trusted = List.copyOf(networks);
    }

    /**
     * The Pull URI address of a registration, checked: absolute, https (or http where allowed), and not
     * leading into a private network when its name resolves now. A name that does not resolve yet is
     * taken: every call checks again.
     *
     * @return the address to keep, or {@code null} when there is none
     * @throws IssuerProblemException {@code INVALID}, saying what is wrong
     */
    public String checkRegistered(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        }
        catch (URISyntaxException e) {
            throw invalid("pullUriUrl.format", "pullUriUrl: " + expected());
        }
        if (url.length() > 2000 || uri.getHost() == null || uri.getRawAuthority() == null) {
            throw invalid("pullUriUrl.format", "pullUriUrl: " + expected());
        }
        Optional<String> scheme = schemeProblem(uri);
        if (scheme.isPresent()) {
            throw invalid("http".equalsIgnoreCase(uri.getScheme()) ? "pullUriUrl.https" : "pullUriUrl.format",
                    "pullUriUrl: " + scheme.get());
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw invalid("pullUriUrl.userinfo", "pullUriUrl: no user name, password or #fragment in the address.");
        }
        try {
            resolve(uri.getHost());
        }
        catch (AddressRefusedException e) {
            throw invalid("pullUriUrl.refused", "pullUriUrl: " + e.getMessage(), uri.getHost());
        }
        catch (UnknownHostException e) {
            // Nothing to check yet; the address is checked again at every call.
        }
        return uri.toString();
    }

    /** Why Tijori would not call an address with this scheme, if it would not. */
    public Optional<String> schemeProblem(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ("https".equals(scheme) || ("http".equals(scheme) && allowHttp)) {
            return Optional.empty();
        }
        if ("http".equals(scheme)) {
            return Optional.of("use https: a search carries residents' details, which plain http would expose.");
        }
        return Optional.of(expected());
    }

    /**
     * Every address of {@code host}, each one checked; the caller connects only to these.
     *
     * @param host a name, an IPv4 literal or an IPv6 literal with or without its brackets
     * @throws AddressRefusedException when any address of the name leads where Tijori does not call
     * @throws UnknownHostException when the name has no address
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> found = resolver.resolve(bare);
        if (found == null || found.isEmpty()) {
            throw new UnknownHostException(host);
        }
        for (InetAddress address : found) {
            Optional<String> kind = refusal(address);
            if (kind.isPresent()) {
                throw AddressRefusedException.leadsTo(host, kind.get());
            }
        }
        return found.toArray(InetAddress[]::new);
    }

    /** What kind of address this is if Tijori does not call it; empty for a public or trusted one. */
    public Optional<String> refusal(InetAddress address) {
        String literal = literal(address);
        if (trusted.stream().anyMatch(network -> network.matches(literal))) {
            return Optional.empty();
        }
        Optional<String> kind = NOT_PUBLIC.stream().filter(network -> network.matcher().matches(literal))
                .map(Network::kind).findFirst();
        if (kind.isPresent()) {
            return kind;
        }
        return embeddedIpv4(address).flatMap(inner -> refusal(inner).map(inside -> inside + " in an IPv6 form"));
    }

    /**
     * The IPv4 address an IPv6 address carries and leads to: IPv4-mapped ({@code ::ffff:0:0/96}) and
     * -translated ({@code ::ffff:0:0:0/96}), IPv4-compatible ({@code ::/96}), NAT64 ({@code 64:ff9b::/96}) and
     * 6to4 ({@code 2002::/16}). The JDK turns most mapped addresses into IPv4 ones, but not every path does.
     */
    static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        int from;
        if (zero(bytes, 0, 10) && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
            from = 12;
        }
        else if (zero(bytes, 0, 8) && (bytes[8] & 0xff) == 0xff && (bytes[9] & 0xff) == 0xff
                && zero(bytes, 10, 12)) {
            from = 12;
        }
        else if (zero(bytes, 0, 12) && !zero(bytes, 12, 16)) {
            from = 12;
        }
        else if (bytes[0] == 0 && bytes[1] == 0x64 && (bytes[2] & 0xff) == 0xff && (bytes[3] & 0xff) == 0x9b
                && zero(bytes, 4, 12)) {
            from = 12;
        }
        else if (bytes[0] == 0x20 && bytes[1] == 0x02) {
            from = 2;
        }
        else {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(bytes, from, from + 4)));
        }
        catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes always make an IPv4 address", e);
        }
    }

    private String expected() {
        return allowHttp ? "an absolute https (or, here, http) address." : "an absolute https address.";
    }

    private static boolean zero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The address as a literal without an IPv6 scope, which the matcher would otherwise try to look up. */
    private static String literal(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress()).getHostAddress();
        }
        catch (UnknownHostException e) {
            throw new IllegalStateException("an address's own bytes always make an address", e);
        }
    }

    private static Network network(String cidr, String kind) {
        return new Network(new IpAddressMatcher(cidr), kind);
    }

    /** A refusal of the address, worded for pages by {@code issuer.problem.<code>}. */
    private static IssuerProblemException invalid(String code, String message, Object... arguments) {
        return new IssuerProblemException(Kind.INVALID, code, arguments, message);
    }

    private record Network(IpAddressMatcher matcher, String kind) {
    }

    /** A Pull URI address leads where Tijori does not call. */
    public static final class AddressRefusedException extends UnknownHostException {

        AddressRefusedException(String message) {
            super(message);
        }

        /** Names the address only when it was written as one: what a name resolves to inside stays inside. */
        static AddressRefusedException leadsTo(String host, String kind) {
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            boolean literal = bare.contains(":") || !Character.isLetter(bare.charAt(bare.length() - 1));
            return new AddressRefusedException((literal ? bare + " is " : host + " leads to ") + kind
                    + "; Tijori calls only public addresses.");
        }
    }
}
