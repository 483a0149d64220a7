package org.tijori.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The master keyset that wraps every blob's data key.
 *
 * @param keyset a Tink keyset in JSON with an AEAD primary key (AES-256-GCM), from the environment
 *               ({@code TIJORI_KEYS_KEYSET}); when unset, a development keyset is created in
 *               {@code data-dir/keys}
 */
@ConfigurationProperties("tijori.keys")
public record KeysProperties(String keyset) {

    @Override
    public String toString() {
        return "KeysProperties[keyset=" + (keyset == null ? "(unset)" : "(set)") + "]";
    }
}
