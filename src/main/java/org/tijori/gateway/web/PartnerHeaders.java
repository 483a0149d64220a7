package org.tijori.gateway.web;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

/**
 * The headers of every answer of the authorization server and the partner API, as Tijori's JSON APIs have them:
 * nothing of an answer may be framed, run or embedded.
 */
public final class PartnerHeaders {

    static final String POLICY = "default-src 'none'; frame-ancestors 'none'";

    static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
            + "interest-cohort=()";

    private PartnerHeaders() {
    }

    public static void apply(HeadersConfigurer<HttpSecurity> headers) {
        headers.frameOptions(frame -> frame.deny())
                .contentTypeOptions(Customizer.withDefaults())
                .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                .crossOriginOpenerPolicy(Customizer.withDefaults())
                .crossOriginResourcePolicy(Customizer.withDefaults())
                .contentSecurityPolicy(csp -> csp.policyDirectives(POLICY))
                .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", PERMISSIONS_POLICY));
    }
}
