package org.tijori.account;

import java.util.Objects;
import java.util.Set;

import org.springframework.modulith.NamedInterface;

/**
 * A limit on how often one client address may post to some paths, taken before anything of the request's body is
 * read: ADR 17's order, limits, then authentication, then parsing. A module declares one as a bean for the paths
 * strangers post to (its registrations); the web layer takes a token from {@link RateLimits} for each such request
 * before Spring Security's CSRF check or Spring MVC parse its form or JSON body, and refuses it unread when the
 * address has none left. A request refused for its content still counts, as every attempt should.
 *
 * @param limit the bucket each client address takes from
 * @param paths the paths whose {@code POST}s count, as the application maps them
 * @param refusal what an API client is told when refused; pages say it in the reader's language
 */
@NamedInterface("limits")
public record AddressLimit(RateLimits.RateLimit limit, Set<String> paths, String refusal) {

    public AddressLimit {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(refusal, "refusal");
        paths = Set.copyOf(paths);
    }
}
