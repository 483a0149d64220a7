package org.tijori.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The demo requester's flows under way, kept on the server by their {@code state}: at most {@link #MOST} (a new one
 * pushes out the oldest), each for {@link #LIFETIME}, and each taken once.
 */
final class DemoFlows {

    static final int MOST = 100;

    static final Duration LIFETIME = Duration.ofMinutes(10);

    /** One flow: the PKCE verifier that goes with its {@code state}, and when it started. */
    record Flow(String state, String verifier, Instant startedAt) {

        @Override
        public String toString() {
            return "Flow[state=" + state + ", verifier=(redacted), startedAt=" + startedAt + "]";
        }
    }

    private final Map<String, Flow> flows = new LinkedHashMap<>();

    private final Clock clock;

    DemoFlows(Clock clock) {
        this.clock = clock;
    }

    synchronized void add(Flow flow) {
        forgetExpired();
        while (flows.size() >= MOST) {
            Iterator<String> oldest = flows.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        flows.put(flow.state(), flow);
    }

    /** The flow of {@code state}, removed: a state is good for one callback only, and only while it lives. */
    synchronized Optional<Flow> take(String state) {
        forgetExpired();
        return Optional.ofNullable(state == null ? null : flows.remove(state));
    }

    synchronized int size() {
        forgetExpired();
        return flows.size();
    }

    private void forgetExpired() {
        Instant oldest = clock.instant().minus(LIFETIME);
        flows.values().removeIf(flow -> !flow.startedAt().isAfter(oldest));
    }
}
