package io.nightshift.dispatcher.publishing;

import io.nightshift.dispatcher.config.DispatcherConfig;
import io.nightshift.dispatcher.metrics.DispatcherMetrics;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.ProtocolJson;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.Future;
import java.util.function.Consumer;

/** Publishes jobs to the jobs topic, keyed by job id (protocol v1), asynchronously. */
@ApplicationScoped
public class JobPublisher {
    @Inject
    KafkaProducer<String, byte[]> producer;

    @Inject
    DispatcherConfig config;

    @Inject
    DispatcherMetrics metrics;

    /**
     * Sends a job; {@code onAck} runs on the producer's I/O thread with {@code null} once the broker holds it
     * durably (acks=all), or with the exception when it never will. Keep the callback short.
     */
    public void publish(Job job, Consumer<Exception> onAck) {
        producer.send(new ProducerRecord<>(config.topics().jobs(), job.jobId(), ProtocolJson.write(job)),
                (metadata, exception) -> {
                    if (exception == null) {
                        metrics.jobPublished();
                    }
                    onAck.accept(exception);
                });
    }

    /** Sends a job and returns the broker's acknowledgement. */
    public Future<RecordMetadata> publish(Job job) {
        return producer.send(new ProducerRecord<>(config.topics().jobs(), job.jobId(), ProtocolJson.write(job)),
                (metadata, exception) -> {
                    if (exception == null) {
                        metrics.jobPublished();
                    }
                });
    }

    /** Pushes out whatever is batched in the producer now. */
    public void flush() {
        producer.flush();
    }
}
