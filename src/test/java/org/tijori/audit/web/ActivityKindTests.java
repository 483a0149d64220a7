package org.tijori.audit.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kinds of activity a resident can filter by name their actions as strings, the way the trail records
 * them: {@code <module>.<event class>} for each event in {@code org.tijori.<module>.events}. A renamed or
 * moved event would silently drop out of its kind; these tests make that a failing build instead.
 */
class ActivityKindTests {

    @Test
    void everyActionOfEveryKindIsAnEventTheTrailRecords() {
        List<String> missing = new ArrayList<>();
        for (ActivityKind kind : ActivityKind.values()) {
            for (String action : kind.actions()) {
                String[] parts = action.split("\\.", 2);
                String className = "org.tijori." + parts[0] + ".events." + parts[1];
                try {
                    Class<?> event = Class.forName(className);
                    assertThat(event.getSimpleName()).as(action).isEqualTo(parts[1]);
                }
                catch (ClassNotFoundException e) {
                    missing.add(kind + ": " + action + " (no class " + className + ")");
                }
            }
        }

        assertThat(missing).as("actions that name no event").isEmpty();
    }

    @Test
    void noActionBelongsToTwoKinds() {
        Set<String> seen = new HashSet<>();
        for (ActivityKind kind : ActivityKind.values()) {
            for (String action : kind.actions()) {
                assertThat(seen.add(action)).as(action + " in more than one kind").isTrue();
            }
        }
    }
}
