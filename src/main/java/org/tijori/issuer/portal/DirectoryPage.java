package org.tijori.issuer.portal;

import java.util.List;

import org.tijori.issuer.registration.IssuerCategory;
import org.tijori.issuer.registration.StateOrTerritory;

/**
 * One page of the directory of approved issuers.
 *
 * @param query what the resident searched for, trimmed; empty for every issuer
 * @param category the category the list is narrowed to, or null for every one
 * @param state the state or union territory the list is narrowed to, or null for every one
 * @param page the page number, from 1
 * @param total how many issuers match, on every page
 */
public record DirectoryPage(String query, IssuerCategory category, StateOrTerritory state, int page, int pageSize,
        long total, List<IssuerListing> issuers) {

    public int pages() {
        return (int) Math.max(1, (total + pageSize - 1) / pageSize);
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < pages();
    }

    /** Whether words, a category or a state narrow the list. */
    public boolean narrowed() {
        return !query.isEmpty() || category != null || state != null;
    }

    /** The category's code for a link, or null. */
    public String categoryCode() {
        return category == null ? null : category.code();
    }

    /** The state's code for a link, or null. */
    public String stateCode() {
        return state == null ? null : state.code();
    }
}
