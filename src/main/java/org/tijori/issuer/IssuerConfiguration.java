package org.tijori.issuer;

import java.net.InetAddress;
import java.util.List;

import org.tijori.issuer.pull.HostResolver;
import org.tijori.issuer.registration.IssuerRegistrations;
import org.tijori.storage.SealedColumn;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IssuerProperties.class)
class IssuerConfiguration {

    /** Key rotation re-seals the issuers' client secrets and API keys too. */
    @Bean
    SealedColumn issuerSecretColumn() {
        return new SealedColumn("issuer_issuer", "id", "client_secret_sealed", IssuerRegistrations.SECRET_CONTEXT);
    }

    @Bean
    SealedColumn issuerApiKeyColumn() {
        return new SealedColumn("issuer_issuer", "id", "api_key_sealed", IssuerRegistrations.API_KEY_CONTEXT);
    }

    @Bean
    HostResolver hostResolver() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
