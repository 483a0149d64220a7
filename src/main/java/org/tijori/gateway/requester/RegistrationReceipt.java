package org.tijori.gateway.requester;

import java.util.UUID;

/** The answer to a registration: it waits for an administrator's decision. */
public record RegistrationReceipt(UUID registrationId, RequesterStatus status) {
}
