package org.tijori.signing;

import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SignatureValidationProperties.class)
class SignatureValidationConfiguration {

    /** Tijori's e-sign CA (issue 18), as {@link EsignAuthority} holds it: a signer chaining to it is Tijori's. */
    @Bean
    TijoriCaCertificates tijoriCaCertificates(EsignAuthority authority) {
        return () -> List.of(authority.certificate());
    }

    @Bean(destroyMethod = "close")
    SignatureValidation signatureValidation(SignatureValidationProperties properties,
            TijoriCaCertificates tijoriCa) {
        return new SignatureValidation(properties, tijoriCa);
    }
}
