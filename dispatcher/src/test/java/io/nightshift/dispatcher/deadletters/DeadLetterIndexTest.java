package io.nightshift.dispatcher.deadletters;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The index's bounds (the latest dead letters per job, the most recently failed jobs), its order, cut reasons. */
class DeadLetterIndexTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void keepsTheLatestPerJobAndForgetsTheJobsThatFailedLongestAgo() {
        DeadLetterIndex index = new DeadLetterIndex(3, 2);
        for (int attempt = 1; attempt <= 4; attempt++) {
            index.add("a", "b1", null, 10, entry(attempt, attempt, "INTERNAL", "try " + attempt));
        }
        DeadLetterJob a = index.find("a").orElseThrow();
        assertEquals(List.of(3, 4), a.letters().stream().map(DeadLetterEntry::attempt).toList(), "the latest two");
        assertEquals(10, a.rawPayloadBytes());

        index.add("b", "b1", null, 1, entry(10, 1, "DECODE_FAILED", "x"));
        index.add("c", "b2", null, 1, entry(11, 1, "DECODE_FAILED", "x"));
        index.add("a", "b1", null, 1, entry(13, 5, "INTERNAL", "again")); // a is the newest again
        // from another partition, arriving late: ordered by its time; four jobs, so b, the oldest, goes
        index.add("d", "b2", null, 1, entry(12, 1, "INTERNAL", "x"));
        assertEquals(3, index.size());
        assertEquals(1, index.forgotten());
        assertTrue(index.find("b").isEmpty());
        assertEquals(List.of("a", "d", "c"), ids(index.page(DeadLetterIndex.Filter.ALL, 0, 10)));
        assertEquals(List.of("d", "c"), ids(index.page(new DeadLetterIndex.Filter("b2", null), 0, 10)));
        assertEquals(List.of("c"), ids(index.page(new DeadLetterIndex.Filter(null, "DECODE_FAILED"), 0, 10)));
        assertEquals(List.of("d"), ids(index.page(DeadLetterIndex.Filter.ALL, 1, 1)));
        assertEquals(2, index.count(new DeadLetterIndex.Filter(null, "INTERNAL")));

        index.add("e", null, null, 1, entry(20, 1, "INTERNAL", "r".repeat(10_000)));
        String reason = index.find("e").orElseThrow().latest().reason();
        assertEquals(DeadLetterIndex.MAX_REASON, reason.length());
        assertTrue(reason.endsWith("…"));
    }

    private static DeadLetterEntry entry(int second, int attempt, String errorClass, String reason) {
        return new DeadLetterEntry(attempt, attempt, errorClass, reason, "w", T0.plusSeconds(second));
    }

    private static List<String> ids(List<DeadLetterJob> jobs) {
        return jobs.stream().map(DeadLetterJob::jobId).toList();
    }
}
