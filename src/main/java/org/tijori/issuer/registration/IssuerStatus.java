package org.tijori.issuer.registration;

/** Where an issuer stands: only an approved issuer may publish. */
public enum IssuerStatus {
    PENDING, APPROVED, REJECTED, SUSPENDED
}
