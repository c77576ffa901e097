package io.nightshift.dispatcher.testing;

import io.nightshift.protocol.Job;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Reads a real jobs topic from its start to its current end. */
public final class JobsTopic {
    private JobsTopic() {
    }

    /** Every job record (duplicates included) matching the filter; checks each record's key is its job id. */
    public static List<Job> read(Predicate<Job> filter) {
        return read(Topic.JOBS.topicName(), filter);
    }

    /** As {@link #read(Predicate)}, on another jobs topic (a test's own, see {@link WorkerJobsTopic}). */
    public static List<Job> read(String topic, Predicate<Job> filter) {
        List<Job> jobs = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(topic)) {
            Job job = ProtocolJson.readJob(record.value());
            if (!job.jobId().equals(record.key())) {
                throw new AssertionError("record key " + record.key() + " is not the job id " + job.jobId());
            }
            if (filter.test(job)) {
                jobs.add(job);
            }
        }
        return jobs;
    }

    public static List<Job> ofBatch(String batchId) {
        return read(job -> job.batchId().equals(batchId));
    }
}
