package org.tijori.signing;

import org.tijori.storage.SealedColumn;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SigningConfiguration {

    /** Master-key rotation re-seals the e-sign CA's private key too. */
    @Bean
    SealedColumn esignCaKeyColumn() {
        return new SealedColumn("signing_esign_ca", "id", "private_sealed", EsignAuthority.CONTEXT);
    }
}
