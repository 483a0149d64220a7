package org.tijori.issuer.web;

import java.time.Duration;
import java.util.Set;

import org.tijori.account.AddressLimit;
import org.tijori.account.RateLimits;
import org.tijori.issuer.IssuerProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How many issuer registrations, by the API or the form, one client address may send an hour. */
@Configuration(proxyBeanMethods = false)
class IssuerRegistrationLimits {

    @Bean
    AddressLimit issuerRegistrationsPerAddress(IssuerProperties properties) {
        return new AddressLimit(new RateLimits.RateLimit("issuer-registration-address",
                properties.registrationsPerAddress(), Duration.ofHours(1)),
                Set.of("/api/v1/issuers/registrations", "/issuer/register"),
                "Too many registrations from your network. Try again in an hour.");
    }
}
