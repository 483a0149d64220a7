package org.tijori.web;

import java.util.List;

import org.apache.catalina.Valve;
import org.apache.catalina.valves.RemoteIpValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties.ForwardHeadersStrategy;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Believes {@code X-Forwarded-For}, {@code -Proto}, {@code -Host} and {@code -Port} from the proxies in
 * {@code tijori.web.trusted-proxies} only, through Tomcat's {@link RemoteIpValve}: before any filter runs, the
 * request's remote address becomes the client's and {@code isSecure()} says whether the client used https.
 * Everything downstream reads only those (the limits per address, the trail, {@code Secure} cookies, HSTS), so
 * this valve is the one place that decides who the client is. See docs/adr/0012.
 */
@Component
class ForwardedHeaders implements WebServerFactoryCustomizer<TomcatWebServerFactory>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ForwardedHeaders.class);

    private final List<String> trustedProxies;

    /** Without a web server (tools, benchmarks) there are no server settings, and nothing to customize. */
    ForwardedHeaders(ProxyProperties proxies, ObjectProvider<ServerProperties> servers) {
        ServerProperties server = servers.getIfAvailable();
        if (server != null && server.getForwardHeadersStrategy() == ForwardHeadersStrategy.FRAMEWORK) {
            throw new IllegalStateException("server.forward-headers-strategy=framework believes forwarded headers "
                    + "from every client; leave it unset and list the proxies in tijori.web.trusted-proxies");
        }
        this.trustedProxies = proxies.trustedProxies();
    }

    /** After Spring Boot's own customizer, whose valve (if any) this one replaces. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void customize(TomcatWebServerFactory factory) {
        List<Valve> others = factory.getEngineValves().stream().filter(valve -> !(valve instanceof RemoteIpValve))
                .toList();
        if (others.size() != factory.getEngineValves().size()) {
            // Spring Boot's valve believes every private address by default (and turns itself on when it
            // detects a cloud platform): any neighbour in the network could then claim to be anyone.
            log.warn("server.forward-headers-strategy and server.tomcat.remoteip.* are ignored: Tijori believes "
                    + "forwarded headers only from tijori.web.trusted-proxies");
        }
        factory.setEngineValves(others);
        if (trustedProxies.isEmpty()) {
            return;
        }
        var valve = new RemoteIpValve();
        // CIDR ranges (each has a slash), which the valve matches as networks rather than as patterns.
        valve.setInternalProxies(String.join(",", trustedProxies));
        valve.setTrustedProxies(null);
        valve.setRemoteIpHeader("X-Forwarded-For");
        valve.setProtocolHeader("X-Forwarded-Proto");
        valve.setHostHeader("X-Forwarded-Host");
        valve.setPortHeader("X-Forwarded-Port");
        factory.addEngineValves(valve);
        log.info("Forwarded headers are believed from {}", trustedProxies);
    }
}
