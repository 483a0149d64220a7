package org.tijori.account;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A person who runs this Tijori installation: approves issuers and requesters, checks the trail.
 */
@Table("account_administrator")
record Administrator(@Id UUID id, String username, String passwordHash, Instant createdAt) {

    static Administrator create(String username, String passwordHash, Instant now) {
        return new Administrator(UUID.randomUUID(), username, passwordHash, now);
    }

    @Override
    public String toString() {
        return "Administrator[id=" + id + ", username=" + username + "]";
    }
}
