package io.nightshift.chart;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables a service reads: those its {@code application.properties} names ({@code ${NAME:…}}) and
 * the environment form Quarkus maps onto each key of its {@code @ConfigMapping} interfaces (upper case, every other
 * character {@code _}). Quarkus ignores a variable it does not map, so a chart variable outside this set would be
 * silently unread: the test refuses it instead.
 */
final class ConfigKeys {

    private final Set<String> exact = new TreeSet<>();
    private final Set<String> prefixes = new TreeSet<>();

    ConfigKeys(Path applicationProperties, Class<?>... mappings) throws IOException {
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)[:}]").matcher(Files.readString(applicationProperties));
        while (m.find()) {
            exact.add(m.group(1));
        }
        for (Class<?> mapping : mappings) {
            walk(mapping, mapping.getAnnotation(ConfigMapping.class).prefix());
        }
    }

    ConfigKeys also(String... names) {
        exact.addAll(java.util.List.of(names));
        return this;
    }

    private void walk(Class<?> type, String path) {
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() > 0 || Modifier.isStatic(method.getModifiers()) || method.isDefault()) {
                continue;
            }
            WithName withName = method.getAnnotation(WithName.class);
            String name = path + "." + (withName != null ? withName.value() : kebab(method.getName()));
            Class<?> returned = method.getReturnType();
            if (Map.class.isAssignableFrom(returned)) {
                prefixes.add(env(name) + "_");
            } else if (returned.isInterface() && !returned.getName().startsWith("java.")
                    && !Collection.class.isAssignableFrom(returned)) {
                walk(returned, name);
            } else {
                exact.add(env(name));
            }
        }
    }

    boolean reads(String variable) {
        return exact.contains(variable) || prefixes.stream().anyMatch(variable::startsWith);
    }

    static String env(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return exact + " and " + prefixes + "*";
    }
}
