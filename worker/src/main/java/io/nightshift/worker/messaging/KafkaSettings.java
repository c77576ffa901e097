package io.nightshift.worker.messaging;

import java.util.Map;
import java.util.Properties;

/**
 * The Kafka client properties every client of the worker starts from: the bootstrap servers and the
 * pass-through settings ({@code nightshift.worker.kafka.client.*}: SASL, TLS…). Never logged.
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> client) {

    public KafkaSettings {
        client = Map.copyOf(client);
    }

    /** A fresh copy to extend per client. */
    public Properties properties(String clientId) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.putAll(client);
        p.put("client.id", clientId);
        return p;
    }

    @Override
    public String toString() {
        return "KafkaSettings[" + bootstrapServers + ", " + client.size() + " client settings]";
    }
}
