package io.nightshift.dispatcher.batch;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobIdsTest {
    @Test
    void jobIdsAreStableAndDistinct() {
        String id = JobIds.jobId("b-1", "nightshift-raw", "a/IMG_1.NEF");
        assertEquals(id, JobIds.jobId("b-1", "nightshift-raw", "a/IMG_1.NEF"));
        assertNotEquals(id, JobIds.jobId("b-2", "nightshift-raw", "a/IMG_1.NEF"));
        assertNotEquals(id, JobIds.jobId("b-1", "nightshift-raw", "a/IMG_1.DNG"));
        assertTrue(id.matches("[0-9a-f]{40}"), id);
    }

    @Test
    void batchIdsFollowRequestIds() {
        assertEquals(JobIds.batchId("req-7"), JobIds.batchId("req-7"));
        assertTrue(JobIds.batchId("req-7").matches("r-[0-9a-f]{24}"));
        assertNotEquals(JobIds.batchId(null), JobIds.batchId(null));
        assertTrue(JobIds.batchId(null).matches("b-[0-9a-f]{24}"));
    }
}
