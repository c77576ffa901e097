package io.nightshift.dispatcher.deadletters;

import io.nightshift.protocol.Job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The operators' view of the dead-letter topic, bounded: per job id its latest {@code perJob} dead letters (only
 * the latest keeps the original job; earlier ones keep class, reason, attempt, worker and time), for at most
 * {@code maxJobs} job ids. Beyond that the job whose latest dead letter is the oldest (its {@code at}) is forgotten; it stays on
 * the topic until its retention (30 days) ends and a restart reads it again. Ordered by the time ({@code at}) of
 * each job's latest dead letter, newest first (then by arrival). Not thread-safe: its owner ({@link DeadLetters}) guards it.
 *
 * <p>Memory: a job with one dead letter takes roughly 0.6–1 KB (the job record with its id, batch id and keys, the
 * entry, the reason up to {@link #MAX_REASON} characters, the two map nodes); the default 10,000 jobs stay below
 * ~10 MB, plus ~150 bytes and a reason for each earlier dead letter kept.
 */
final class DeadLetterIndex {
    /** Longer reasons are cut here (with "…"): a stack-trace-sized reason must not multiply the index's size. */
    static final int MAX_REASON = 2000;

    private final int maxJobs;
    private final int perJob;
    private final Map<String, IndexedJob> byJob = new HashMap<>();
    /** Jobs by their latest dead letter's time (then arrival): records of different partitions arrive in any order. */
    private final NavigableMap<Order, IndexedJob> byTime = new TreeMap<>();
    /** Worker ids and error class names, one string each: thousands of dead letters share a handful. */
    private final Map<String, String> shared = new HashMap<>();
    private long sequence;
    private long forgotten;

    DeadLetterIndex(int maxJobs, int perJob) {
        if (maxJobs < 1 || perJob < 1) {
            throw new IllegalArgumentException("maxJobs and perJob must be at least 1");
        }
        this.maxJobs = maxJobs;
        this.perJob = perJob;
    }

    /**
     * Adds a dead letter, the newest of its job.
     *
     * @param job             the original job, or null when only a raw payload was kept
     * @param rawPayloadBytes the raw payload's size when {@code job} is null
     */
    void add(String jobId, String batchId, Job job, int rawPayloadBytes, DeadLetterEntry letter) {
        add(jobId, batchId, job, rawPayloadBytes, null, letter);
    }

    /**
     * As {@link #add(String, String, Job, int, DeadLetterEntry)}, for a raw payload the worker stored in the object
     * store because it was too large for its dead letter.
     *
     * @param rawPayloadStoredAt {@code bucket/key} of the stored raw payload, or null when it travelled inline
     */
    void add(String jobId, String batchId, Job job, int rawPayloadBytes, String rawPayloadStoredAt,
             DeadLetterEntry letter) {
        IndexedJob indexed = byJob.get(jobId);
        if (indexed == null) {
            indexed = new IndexedJob(jobId);
            byJob.put(jobId, indexed);
        } else {
            byTime.remove(indexed.order);
        }
        indexed.order = new Order(letter.at(), ++sequence);
        byTime.put(indexed.order, indexed);
        if (batchId != null) {
            indexed.batchId = batchId;
        }
        indexed.job = job;
        indexed.rawPayloadBytes = job == null ? rawPayloadBytes : -1;
        indexed.rawPayloadStoredAt = job == null ? rawPayloadStoredAt : null;
        String reason = letter.reason().length() > MAX_REASON ? letter.reason().substring(0, MAX_REASON - 1) + "…"
                : letter.reason();
        indexed.letters.addLast(new DeadLetterEntry(letter.attempt(), letter.attempts(), share(letter.errorClass()),
                reason, share(letter.workerId()), letter.at()));
        while (indexed.letters.size() > perJob) {
            indexed.letters.removeFirst();
        }
        while (byJob.size() > maxJobs) {
            IndexedJob oldest = byTime.pollFirstEntry().getValue();
            byJob.remove(oldest.jobId);
            forgotten++;
        }
    }

    /** A job's place in the order: its latest dead letter's time, then its arrival. */
    record Order(Instant at, long sequence) implements Comparable<Order> {
        @Override
        public int compareTo(Order other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    Optional<DeadLetterJob> find(String jobId) {
        return Optional.ofNullable(byJob.get(jobId)).map(IndexedJob::snapshot);
    }

    /**
     * Which jobs a list shows.
     *
     * @param batchId    only this batch's, or null for all
     * @param errorClass only those whose latest dead letter has this class, or null for all
     */
    record Filter(String batchId, String errorClass) {
        static final Filter ALL = new Filter(null, null);

        boolean test(IndexedJob job) {
            return (batchId == null || batchId.equals(job.batchId))
                    && (errorClass == null || errorClass.equals(job.letters.getLast().errorClass()));
        }
    }

    /** The jobs matching the filter, newest first, {@code size} from {@code offset}. */
    List<DeadLetterJob> page(Filter filter, long offset, int size) {
        List<DeadLetterJob> page = new ArrayList<>();
        long skipped = 0;
        for (IndexedJob indexed : byTime.descendingMap().values()) {
            if (!filter.test(indexed) || skipped++ < offset) {
                continue;
            }
            if (page.size() >= size) {
                break;
            }
            page.add(indexed.snapshot());
        }
        return page;
    }

    long count(Filter filter) {
        return byTime.values().stream().filter(filter::test).count();
    }

    /** Jobs indexed now. */
    int size() {
        return byJob.size();
    }

    /** Jobs dropped for the {@code maxJobs} bound since the index was made. */
    long forgotten() {
        return forgotten;
    }

    void clear() {
        byJob.clear();
        byTime.clear();
        shared.clear();
        forgotten = 0;
    }

    private String share(String value) {
        return shared.computeIfAbsent(value, v -> v);
    }
}
