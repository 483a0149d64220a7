package org.tijori.gateway.web;

import java.time.Duration;
import java.util.Set;

import org.tijori.account.AddressLimit;
import org.tijori.account.RateLimits;
import org.tijori.gateway.GatewayProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How many requester registrations, by the API or the form, one client address may send an hour. */
@Configuration(proxyBeanMethods = false)
class RequesterRegistrationLimits {

    @Bean
    AddressLimit requesterRegistrationsPerAddress(GatewayProperties properties) {
        return new AddressLimit(new RateLimits.RateLimit("requester-registration-address",
                properties.registrationsPerAddress(), Duration.ofHours(1)),
                Set.of("/api/v1/requesters/registrations", "/requester/register"),
                "Too many registrations from your network. Try again in an hour.");
    }
}
