package org.tijori.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which load balancers and reverse proxies in front of Tijori may say who the client is and whether it
 * came over https (see {@link ForwardedHeaders}).
 *
 * @param trustedProxies IP addresses or CIDR ranges, IPv4 or IPv6 ({@code 10.0.0.0/8}, {@code 192.0.2.7},
 *                       {@code fd00::/8}), of the proxies whose {@code X-Forwarded-For}, {@code -Proto},
 *                       {@code -Host} and {@code -Port} headers are believed; empty (the default): nobody's,
 *                       so every limit keys on the address that connected. Held here as CIDR ranges.
 */
@ConfigurationProperties("tijori.web")
public record ProxyProperties(@DefaultValue List<String> trustedProxies) {

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");

    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");

    public ProxyProperties {
        trustedProxies = trustedProxies.stream().map(String::strip).filter(entry -> !entry.isEmpty())
                .map(ProxyProperties::cidr).toList();
    }

    /**
     * An entry as a CIDR range; a lone address is a range of one. Host names are refused: a name would be
     * looked up at start-up, and whoever controls its DNS would decide whom Tijori believes.
     */
    static String cidr(String entry) {
        String text = entry.toLowerCase(Locale.ROOT);
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        boolean v4 = IPV4.matcher(address).matches();
        if (!v4 && !(IPV6.matcher(address).matches() && validIpv6(address))) {
            throw new IllegalArgumentException("tijori.web.trusted-proxies: '" + entry
                    + "' is not an IP address or a CIDR range such as 10.0.0.0/8 or fd00::/8");
        }
        int maxBits = v4 ? 32 : 128;
        if (slash < 0) {
            return address + "/" + maxBits;
        }
        String bits = text.substring(slash + 1);
        if (!bits.matches("[0-9]{1,3}") || Integer.parseInt(bits) > maxBits) {
            throw new IllegalArgumentException("tijori.web.trusted-proxies: '" + entry + "' has a prefix length "
                    + "that is not 0 to " + maxBits);
        }
        return address + "/" + Integer.parseInt(bits);
    }

    private static boolean validIpv6(String address) {
        try {
            // Only text with a colon reaches here, which Java reads as an IPv6 literal: no name is looked up.
            InetAddress.getByName(address);
            return true;
        }
        catch (UnknownHostException e) {
            return false;
        }
    }
}
