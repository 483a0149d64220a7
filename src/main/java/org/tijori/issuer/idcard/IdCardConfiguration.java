package org.tijori.issuer.idcard;

import org.tijori.storage.SealedColumn;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IdCardConfiguration {

    /** Master-key rotation re-seals the built-in issuers' private keys too. */
    @Bean
    SealedColumn authorityKeyColumn() {
        return new SealedColumn("issuer_authority_key", "id", "private_sealed", CardAuthority.CONTEXT);
    }
}
