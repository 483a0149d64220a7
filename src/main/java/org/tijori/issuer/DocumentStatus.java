package org.tijori.issuer;

/**
 * Where a version of an issued document stands. Only {@code ACTIVE} is valid; a revoked or suspended
 * document stays visible and says so; superseded and deleted versions are history.
 */
public enum DocumentStatus {
    ACTIVE, REVOKED, SUSPENDED, SUPERSEDED, DELETED
}
