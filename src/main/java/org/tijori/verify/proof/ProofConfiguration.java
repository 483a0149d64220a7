package org.tijori.verify.proof;

import org.tijori.storage.SealedColumn;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ProofConfiguration {

    /** Master-key rotation re-seals the private proof keys too. */
    @Bean
    SealedColumn proofPrivateKeyColumn() {
        return new SealedColumn("verify_proof_private_key", "id", "sealed", ProofKeyStore.CONTEXT);
    }

    /** The keys in memory, the first one made if no node has yet. */
    @Bean
    ProofKeys proofKeys(ProofKeyStore store) {
        store.createFirstKey();
        return new ProofKeys(store.load());
    }
}
