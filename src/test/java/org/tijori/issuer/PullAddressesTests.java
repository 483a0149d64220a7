package org.tijori.issuer;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tijori.issuer.pull.HostResolver;
import org.tijori.issuer.pull.PullAddresses;
import org.tijori.issuer.pull.PullAddresses.AddressRefusedException;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which addresses Tijori calls for a Pull URI: public ones, and those of networks a deployment trusts. */
class PullAddressesTests {

    static PullAddresses addresses(boolean allowHttp, List<String> trusted, Map<String, String> names) {
        HostResolver resolver = host -> {
            String address = names.getOrDefault(host, host);
            return List.of(InetAddress.getByName(address));
        };
        return new PullAddresses(resolver, properties(allowHttp, trusted));
    }

    /** The defaults of every other setting. */
    static IssuerProperties properties(boolean allowHttp, List<String> trusted) {
        var settings = new java.util.HashMap<String, Object>();
        settings.put("tijori.issuer.pull-allow-http", allowHttp);
        settings.put("tijori.issuer.pull-allowed-networks", String.join(",", trusted));
        return new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(settings))
                .bindOrCreate("tijori.issuer", IssuerProperties.class);
    }

    @Test
    void refusesEveryKindOfAddressThatIsNotPublic() {
        PullAddresses addresses = addresses(false, List.of(), Map.of());
        for (String address : List.of("127.0.0.1", "10.0.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254",
                "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3", "224.0.0.251", "239.255.255.250",
                "255.255.255.255", "240.0.0.1", "192.0.0.192", "198.18.0.1", "::", "::1", "fe80::1", "fc00::1",
                "fd12:3456::1", "ff02::1", "fec0::1", "::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::7f00:1",
                "64:ff9b::a00:1", "64:ff9b:1::1", "2002:a9fe:a9fe::1", "2002:7f00:1::", "2001:0:4136:e378::1")) {
            assertThat(addresses.refusal(address(address))).as(address).isPresent();
        }
    }

    @Test
    void callsPublicAddresses() {
        PullAddresses addresses = addresses(false, List.of(), Map.of());
        for (String address : List.of("8.8.8.8", "203.0.113.7", "100.128.0.1", "172.32.0.1", "2606:4700::1111",
                "2002:808:808::1", "64:ff9b::808:808", "::ffff:8.8.4.4")) {
            assertThat(addresses.refusal(address(address))).as(address).isEmpty();
        }
    }

    @Test
    void callsATrustedNetworkInAnyOfItsForms() {
        PullAddresses addresses = addresses(true, List.of("127.0.0.2/32", "10.20.0.0/16"), Map.of());
        assertThat(addresses.refusal(address("127.0.0.2"))).isEmpty();
        assertThat(addresses.refusal(address("10.20.3.4"))).isEmpty();
        assertThat(addresses.refusal(address("::ffff:10.20.3.4"))).isEmpty();
        assertThat(addresses.refusal(address("127.0.0.1"))).contains("a loopback address");
        assertThat(addresses.refusal(address("10.21.0.1"))).contains("a private address");
    }

    @Test
    void refusesANameIfAnyOfItsAddressesLeadsInside() throws Exception {
        HostResolver mixed = host -> List.of(InetAddress.getByName("8.8.8.8"), InetAddress.getByName("10.0.0.1"));
        PullAddresses addresses = new PullAddresses(mixed, properties(false, List.of()));
        assertThatThrownBy(() -> addresses.resolve("pull.board.example.in")).isInstanceOf(AddressRefusedException.class)
                .hasMessage("pull.board.example.in leads to a private address; Tijori calls only public addresses.");
    }

    @Test
    void takesOnlyHttpsUnlessHttpIsAllowed() {
        assertThat(addresses(false, List.of(), Map.of()).schemeProblem(URI.create("http://example.in/pull")))
                .hasValueSatisfying(problem -> assertThat(problem).contains("use https"));
        assertThat(addresses(true, List.of(), Map.of()).schemeProblem(URI.create("http://example.in/pull"))).isEmpty();
        assertThat(addresses(false, List.of(), Map.of()).schemeProblem(URI.create("https://example.in/pull")))
                .isEmpty();
    }

    @Test
    void refusesASettingThatIsNoNetwork() {
        assertThatThrownBy(() -> addresses(false, List.of("intranet.example.in/24"), Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tijori.issuer.pull-allowed-networks");
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        }
        catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
