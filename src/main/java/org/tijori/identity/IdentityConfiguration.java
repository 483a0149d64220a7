package org.tijori.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tijori.storage.SealedColumn;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
class IdentityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdentityConfiguration.class);

    /** Key rotation re-seals the linked national IDs too. */
    @Bean
    SealedColumn nationalIdColumn() {
        return new SealedColumn("identity_national_id", "account_id", "uid_sealed", NationalIdLinks.CONTEXT);
    }

    @Bean
    IdAuthority idAuthority(IdentityProperties properties) {
        if (properties.registryFile() == null) {
            RegistryFileIdAuthority demo = RegistryFileIdAuthority.demo();
            log.warn("National IDs are checked against the DEMO registry ({} fictional residents). Set "
                    + "tijori.identity.registry-file to your own registry.", demo.size());
            return demo;
        }
        RegistryFileIdAuthority registry = RegistryFileIdAuthority.read(properties.registryFile());
        log.info("National IDs are checked against the registry {} ({} people)", registry.source(), registry.size());
        return registry;
    }
}
