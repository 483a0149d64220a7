package org.tijori.signing;

import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SignatureValidationProperties.class)
class SignatureValidationConfiguration {

    /**
     * Tijori's e-sign CA (issue 18): none until the CA exists; then this becomes its certificates, e.g.
     * {@code authority::caCertificates} of the module's {@code EsignAuthority}.
     */
    @Bean
    TijoriCaCertificates tijoriCaCertificates() {
        return List::of;
    }

    @Bean(destroyMethod = "close")
    SignatureValidation signatureValidation(SignatureValidationProperties properties,
            TijoriCaCertificates tijoriCa) {
        return new SignatureValidation(properties, tijoriCa);
    }
}
