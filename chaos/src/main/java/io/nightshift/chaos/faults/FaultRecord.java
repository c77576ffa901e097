package io.nightshift.chaos.faults;

import java.util.List;

/**
 * One fault the run injected: its name, when it began (seconds since the batch was dispatched), how long it lasted,
 * and the evidence that it hit work in flight. {@code evidenced} is what {@code pass} requires.
 */
public record FaultRecord(String name, double atSeconds, double seconds, boolean evidenced, List<String> evidence) {
    public FaultRecord {
        evidence = List.copyOf(evidence);
    }
}
