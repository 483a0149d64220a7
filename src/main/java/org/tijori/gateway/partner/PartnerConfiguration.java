package org.tijori.gateway.partner;

import org.tijori.storage.SealedColumn;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PartnerConfiguration {

    /** Master-key rotation re-seals the national IDs of sign-ups waiting for their OTP too. */
    @Bean
    SealedColumn gatewayPendingSignUpColumn() {
        return new SealedColumn("gateway_pending_signup", "id", "uid_sealed", PartnerSignUps.NATIONAL_ID_CONTEXT);
    }
}
