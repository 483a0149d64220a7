package org.tijori.gateway.requester;

import org.tijori.storage.SealedColumn;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RequesterConfiguration {

    /** Master-key rotation re-seals requesters' client secrets too. */
    @Bean
    SealedColumn requesterSecretColumn() {
        return new SealedColumn("gateway_requester", "id", "client_secret_sealed", ClientSecrets.CONTEXT);
    }
}
