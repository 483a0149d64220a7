package org.tijori.locker.web;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.tijori.locker.UploadedDocument;

/**
 * How the resident asked to see their uploads: the words a name must hold (any case, at most {@value #MAX_QUERY}
 * characters) and the order. A resident's uploads are few enough (their quota bounds them) to be filtered and sorted
 * as they are shown.
 *
 * @param query the words to look for in the names, or blank for every upload
 * @param order the order of the list
 */
public record UploadedListing(String query, Order order) {

    static final int MAX_QUERY = 100;

    /** The orders the list offers; the first is the default. */
    public enum Order {
        NEWEST(Comparator.comparing(UploadedDocument::uploadedAt).reversed()),
        OLDEST(Comparator.comparing(UploadedDocument::uploadedAt)),
        NAME(Comparator.comparing((UploadedDocument document) -> document.name().toLowerCase(Locale.ROOT))),
        LARGEST(Comparator.comparingLong(UploadedDocument::size).reversed());

        private final Comparator<UploadedDocument> comparator;

        Order(Comparator<UploadedDocument> comparator) {
            this.comparator = comparator;
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The order a form named; anything else is the default. */
        static Order of(String code) {
            for (Order order : values()) {
                if (order.code().equals(code)) {
                    return order;
                }
            }
            return NEWEST;
        }
    }

    /** What a list page's parameters ask for; text longer than a search is cut, an unknown order is the default. */
    static UploadedListing of(String query, String order) {
        String words = Optional.ofNullable(query).map(String::strip).orElse("");
        return new UploadedListing(words.length() > MAX_QUERY ? words.substring(0, MAX_QUERY) : words, Order.of(order));
    }

    List<UploadedDocument> apply(List<UploadedDocument> documents) {
        String needle = query.toLowerCase(Locale.ROOT);
        return documents.stream().filter(document -> document.name().toLowerCase(Locale.ROOT).contains(needle))
                .sorted(order.comparator).toList();
    }

    public boolean filtered() {
        return !query.isEmpty();
    }
}
