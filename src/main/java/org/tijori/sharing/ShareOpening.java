package org.tijori.sharing;

import java.time.Instant;

/**
 * One opening of a share link, as its resident sees it.
 *
 * @param client the client's address cut to its network ({@code 203.0.113.0/24}, {@code 2001:db8:1::/48})
 * @param agent the browser's family ({@code Firefox}, {@code Chrome}, ...)
 * @param what {@code page} for the link's page, else {@code download: <name>} or {@code view: <name>}
 */
public record ShareOpening(Instant at, String client, String agent, String what) {
}
