package io.nightshift.worker.messaging;

import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.worker.failure.PublishRefused;
import io.nightshift.worker.failure.TransientFailure;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes result events and dead letters with an idempotent producer ({@code acks=all}) and waits until
 * each is durable: a job's offset is committed only after this returns. A send the broker does not
 * acknowledge in time, or refuses with an error Kafka marks retriable ({@link RetriableException}: no leader,
 * not enough replicas, a network error…), is a {@link TransientFailure}; the stage retries it (a duplicate result
 * is harmless: readers keep the latest attempt and count each job once). Any other refusal (record too large,
 * invalid topic, not authorized, serialization…) is a {@link PublishRefused}: sending the same record again cannot
 * help, so it is never retried without end.
 */
public final class ResultPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String resultsTopic;
    private final String deadLettersTopic;
    private final Duration timeout;

    public ResultPublisher(KafkaSettings kafka, String clientId, String resultsTopic, String deadLettersTopic,
                           Duration timeout) {
        Properties p = kafka.properties(clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1000));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.resultsTopic = resultsTopic;
        this.deadLettersTopic = deadLettersTopic;
        this.timeout = timeout;
    }

    /** Publishes a result event keyed by job id; returns when it is durable. */
    public void result(JobResult result) {
        send(new ProducerRecord<>(resultsTopic, result.jobId(), ProtocolJson.write(result)));
    }

    /** Publishes a dead letter keyed by {@code key} (the job id, or the original record's key); returns when durable. */
    public void deadLetter(String key, DeadLetter deadLetter) {
        send(new ProducerRecord<>(deadLettersTopic, key, ProtocolJson.write(deadLetter)));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while publishing to " + record.topic(), e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            String message = "publishing to " + record.topic() + " failed: " + cause;
            if (isTransient(cause)) {
                throw new TransientFailure(message, cause);
            }
            throw new PublishRefused(message, cause, cause instanceof RecordTooLargeException
                    || cause instanceof RecordBatchTooLargeException);
        }
    }

    /**
     * Whether a later send of the same record may succeed: no acknowledgement in time, or an error Kafka itself
     * marks retriable. Everything else (RecordTooLargeException, InvalidTopicException, the authorization and
     * authentication errors, SerializationException, an unsupported version…) is not.
     */
    static boolean isTransient(Throwable cause) {
        return cause instanceof TimeoutException || cause instanceof RetriableException;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
