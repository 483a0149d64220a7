package org.tijori.gateway.token;

import org.tijori.storage.SealedColumn;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

    /** Master-key rotation re-seals the private halves of the gateway's signing keys too. */
    @Bean
    SealedColumn gatewaySigningKeyColumn() {
        return new SealedColumn("gateway_signing_key", "id", "private_sealed", GatewayKeys.CONTEXT);
    }
}
