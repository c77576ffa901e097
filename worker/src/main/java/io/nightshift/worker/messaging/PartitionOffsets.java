package io.nightshift.worker.messaging;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The offsets of one partition that were handed to the pipeline, and which of them are finished. The
 * committable position is one past the last offset of the finished run that starts at the oldest
 * unfinished one: a job that finishes early is never committed past a job before it that is still running
 * (or retrying), so a crash redelivers exactly the unfinished jobs. Confined to the poll thread.
 */
final class PartitionOffsets {

    private final TreeMap<Long, Boolean> pending = new TreeMap<>();
    private long committable = -1;
    private long committed = -1;

    void started(long offset) {
        pending.put(offset, Boolean.FALSE);
    }

    void finished(long offset) {
        if (pending.containsKey(offset)) {
            pending.put(offset, Boolean.TRUE);
        }
        while (!pending.isEmpty() && pending.firstEntry().getValue()) {
            Map.Entry<Long, Boolean> first = pending.pollFirstEntry();
            committable = first.getKey() + 1;
        }
    }

    /** The position to commit when it moved since the last {@link #markCommitted}. */
    OptionalLong toCommit() {
        return committable > committed ? OptionalLong.of(committable) : OptionalLong.empty();
    }

    void markCommitted(long position) {
        committed = Math.max(committed, position);
    }

    int unfinished() {
        return (int) pending.values().stream().filter(done -> !done).count();
    }
}
