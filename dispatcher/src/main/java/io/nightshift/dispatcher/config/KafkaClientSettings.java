package io.nightshift.dispatcher.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Hands the dispatcher's Kafka pass-through settings, {@code nightshift.dispatcher.kafka.client."<property>"}, to
 * the Kafka clients Quarkus makes as well: each becomes {@code kafka.<property>}, which Quarkus gives the SmallRye
 * channels ({@code bucket-events}) and the readiness check's admin client. So one setting reaches every client,
 * the plain ones of {@code KafkaClients} included. An explicit {@code kafka.<property>} in application.properties,
 * the environment or the system properties wins (this source's ordinal, {@value #ORDINAL}, is below theirs).
 * Registered in {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}; values are never logged.
 */
public class KafkaClientSettings implements ConfigSourceFactory {
    /** The pass-through settings' prefix, as {@link DispatcherConfig.Kafka#client()} maps it. */
    public static final String PREFIX = "nightshift.dispatcher.kafka.client.";
    static final int ORDINAL = 240;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> mapped = new HashMap<>();
        for (Iterator<String> names = context.iterateNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.startsWith("%") && name.indexOf('.') > 0) {
                name = name.substring(name.indexOf('.') + 1); // a profile's value: read below through the profile
            }
            if (!name.startsWith(PREFIX) || name.length() == PREFIX.length()) {
                continue;
            }
            ConfigValue value = context.getValue(name);
            if (value != null && value.getValue() != null) {
                mapped.put("kafka." + unquote(name.substring(PREFIX.length())), value.getValue());
            }
        }
        return List.of(new PropertiesConfigSource(mapped, "nightshift.dispatcher.kafka.client as kafka.*", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static String unquote(String property) {
        return property.length() > 1 && property.startsWith("\"") && property.endsWith("\"")
                ? property.substring(1, property.length() - 1) : property;
    }
}
