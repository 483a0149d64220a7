package org.tijori.audit;

import java.time.Instant;
import java.util.Set;

/**
 * Which of a resident's entries to show.
 *
 * @param actions the actions ({@code <module>.<EventName>}) to keep; empty keeps every action
 * @param from the earliest moment to keep, inclusive; {@code null} for no lower bound
 * @param to the moment to stop at, exclusive; {@code null} for no upper bound
 */
public record ActivityFilter(Set<String> actions, Instant from, Instant to) {

    public static final ActivityFilter EVERYTHING = new ActivityFilter(Set.of(), null, null);

    public ActivityFilter {
        actions = Set.copyOf(actions);
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("from must not be after to");
        }
    }
}
