package org.tijori.issuer.registration;

import java.util.UUID;

/** The answer to a registration: it waits for an administrator's decision. */
public record RegistrationReceipt(UUID registrationId, IssuerStatus status) {
}
