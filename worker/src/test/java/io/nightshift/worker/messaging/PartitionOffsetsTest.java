package io.nightshift.worker.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Commits move only over a contiguous run of finished jobs. */
class PartitionOffsetsTest {

    @Test
    void aJobFinishingEarlyIsNotCommittedPastAnUnfinishedOneBeforeIt() {
        PartitionOffsets p = new PartitionOffsets();
        p.started(10);
        p.started(11);
        p.started(12);
        p.finished(11);
        p.finished(12);
        assertTrue(p.toCommit().isEmpty(), "10 still runs");
        assertEquals(1, p.unfinished());
        p.finished(10);
        assertEquals(OptionalLong.of(13), p.toCommit());
        p.markCommitted(13);
        assertTrue(p.toCommit().isEmpty(), "nothing new");
    }

    @Test
    void commitsAdvanceRunByRunAndIgnoreUnknownOffsets() {
        PartitionOffsets p = new PartitionOffsets();
        p.started(0);
        p.started(1);
        p.finished(0);
        assertEquals(OptionalLong.of(1), p.toCommit());
        p.markCommitted(1);
        p.finished(7); // not started here (a revoked partition's job): ignored
        assertTrue(p.toCommit().isEmpty());
        p.started(2);
        p.finished(2);
        assertTrue(p.toCommit().isEmpty(), "1 still runs");
        p.finished(1);
        assertEquals(OptionalLong.of(3), p.toCommit());
        assertEquals(0, p.unfinished());
    }
}
