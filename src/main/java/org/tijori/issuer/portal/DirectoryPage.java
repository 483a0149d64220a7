package org.tijori.issuer.portal;

import java.util.List;

/**
 * One page of the directory of approved issuers.
 *
 * @param query what the resident searched for, trimmed; empty for every issuer
 * @param page the page number, from 1
 * @param total how many issuers match, on every page
 */
public record DirectoryPage(String query, int page, int pageSize, long total, List<IssuerListing> issuers) {

    public int pages() {
        return (int) Math.max(1, (total + pageSize - 1) / pageSize);
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < pages();
    }
}
