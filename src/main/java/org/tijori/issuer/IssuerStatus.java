package org.tijori.issuer;

/** Where an issuer stands: only an approved issuer may publish. */
public enum IssuerStatus {
    PENDING, APPROVED, REJECTED, SUSPENDED
}
