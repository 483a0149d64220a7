package org.tijori.sharing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Who opened a link, as far as its resident needs to know: the client's network (an IPv4 address cut to /24, an
 * IPv6 one to /48) and the browser's family: enough to tell a known office's desktop from somewhere else, not
 * enough to track a person.
 */
record ApproximateClient(String network, String agent) {

    static ApproximateClient of(String address, String userAgent) {
        return new ApproximateClient(network(address), family(userAgent));
    }

    /** How the trail and pages show it. */
    String describe() {
        return network + ", " + agent;
    }

    static String network(String address) {
        // Only literals: an IPv6 one has a colon, an IPv4 one four numbers; anything else would be a name to look up.
        if (address == null || address.length() > 64 || !(address.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")
                || address.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            return "unknown";
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length == 4) {
                return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24";
            }
            return String.format(Locale.ROOT, "%x:%x:%x::/48", word(bytes, 0), word(bytes, 2), word(bytes, 4));
        }
        catch (UnknownHostException e) {
            return "unknown";
        }
    }

    private static int word(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 8 | bytes[at + 1] & 0xff;
    }

    /** The browser's family from its User-Agent; the order matters, since Edge and Chrome both say Safari. */
    static String family(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "unknown";
        }
        String agent = userAgent.length() > 512 ? userAgent.substring(0, 512) : userAgent;
        String[][] families = { { "Edg/", "Edge" }, { "OPR/", "Opera" }, { "SamsungBrowser/", "Samsung Internet" },
                { "Firefox/", "Firefox" }, { "Chrome/", "Chrome" }, { "Chromium/", "Chromium" },
                { "Safari/", "Safari" }, { "curl/", "curl" }, { "Java-http-client", "Java" },
                { "python", "Python" } };
        for (String[] family : families) {
            if (agent.contains(family[0])) {
                String mobile = agent.contains("Mobile") || agent.contains("Android") ? " (mobile)" : "";
                return family[1] + mobile;
            }
        }
        return "other";
    }
}
