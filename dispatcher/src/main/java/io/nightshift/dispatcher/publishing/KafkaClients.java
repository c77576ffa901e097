package io.nightshift.dispatcher.publishing;

import io.nightshift.dispatcher.config.DispatcherConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Properties;

/**
 * The dispatcher's plain Kafka clients. One idempotent producer (acks=all) carries jobs and batch records: its
 * callbacks tell exactly which jobs are durable, which is what a resume point needs, and batching with linger
 * and compression keeps publishing behind the listing. Every client starts from the bootstrap servers and the
 * pass-through settings {@code nightshift.dispatcher.kafka.client.*} (SASL, TLS…; never logged), which
 * {@link KafkaClientSettings} also hands to the SmallRye channel and the readiness check as {@code kafka.*}.
 */
@ApplicationScoped
public class KafkaClients {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    DispatcherConfig config;

    @Produces
    @Singleton
    KafkaProducer<String, byte[]> producer() {
        Properties p = base("nightshift-dispatcher");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 50); // fewer, fuller requests: less broker CPU; +50 ms on a single job is nothing
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 32L * 1024 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    void close(@Disposes KafkaProducer<String, byte[]> producer) {
        producer.close();
    }

    /** A consumer without a group, for reading a topic from its start (the caller assigns and closes it). */
    public KafkaConsumer<String, byte[]> newReader(String clientId) {
        Properties p = base(clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** An admin client (the fleet panel's questions about the workers' group); the caller closes it. */
    public org.apache.kafka.clients.admin.Admin newAdmin(String clientId) {
        return org.apache.kafka.clients.admin.Admin.create(base(clientId));
    }

    /** Membership of the listing group ({@link ListingOwnership}); not started. */
    public ListingOwnership listingOwnership(String group, java.time.Duration sessionTimeout, String topic,
                                             ListingOwnership.Owner owner) {
        Properties p = base("nightshift-dispatcher-listing");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return new ListingOwnership(p, group, sessionTimeout, topic, owner);
    }

    /** The bootstrap servers, then the pass-through settings, then the client id. */
    private Properties base(String clientId) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putAll(config.kafka().client());
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return p;
    }
}
