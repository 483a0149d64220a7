package org.tijori.gateway.requester;

/** Where a requester's registration stands; only an {@code APPROVED} requester reaches anything. */
public enum RequesterStatus {
    PENDING, APPROVED, REJECTED, SUSPENDED
}
