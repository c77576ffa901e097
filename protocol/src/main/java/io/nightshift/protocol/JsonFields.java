package io.nightshift.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/** Reads the fields of one JSON object, naming the full dotted path of any field that is missing or malformed. */
final class JsonFields {
    private final JsonNode node;
    private final String path;

    private JsonFields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static JsonFields root(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidMessageException(null, "the message is not a JSON object");
        }
        return new JsonFields(node, "");
    }

    String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    JsonFields object(String name) {
        JsonNode value = present(name);
        if (!value.isObject()) {
            throw new InvalidMessageException(field(name), "must be an object");
        }
        return new JsonFields(value, field(name));
    }

    JsonFields optionalObject(String name) {
        return absent(name) ? null : object(name);
    }

    String string(String name) {
        JsonNode value = present(name);
        if (!value.isTextual()) {
            throw new InvalidMessageException(field(name), "must be a string");
        }
        if (value.textValue().isBlank()) {
            throw new InvalidMessageException(field(name), "must not be empty");
        }
        return value.textValue();
    }

    String optionalString(String name) {
        return absent(name) ? null : string(name);
    }

    /** Text that may be empty or blank; {@code null} when absent. */
    String optionalText(String name) {
        if (absent(name)) {
            return null;
        }
        JsonNode value = present(name);
        if (!value.isTextual()) {
            throw new InvalidMessageException(field(name), "must be a string");
        }
        return value.textValue();
    }

    int positiveInt(String name) {
        JsonNode value = present(name);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidMessageException(field(name), "must be an integer");
        }
        if (value.intValue() < 1) {
            throw new InvalidMessageException(field(name), "must be at least 1, was " + value.intValue());
        }
        return value.intValue();
    }

    long nonNegativeLong(String name) {
        JsonNode value = present(name);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new InvalidMessageException(field(name), "must be a non-negative integer");
        }
        return value.longValue();
    }

    Double optionalPositiveNumber(String name) {
        if (absent(name)) {
            return null;
        }
        JsonNode value = node.get(name);
        if (!value.isNumber() || !Double.isFinite(value.doubleValue()) || value.doubleValue() <= 0) {
            throw new InvalidMessageException(field(name), "must be a positive number");
        }
        return value.doubleValue();
    }

    Double optionalNumber(String name) {
        if (absent(name)) {
            return null;
        }
        JsonNode value = node.get(name);
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw new InvalidMessageException(field(name), "must be a finite number");
        }
        return value.doubleValue();
    }

    Instant instant(String name) {
        String text = string(name);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidMessageException(field(name), "must be an ISO-8601 instant such as 2026-01-31T22:15:00Z");
        }
    }

    <E> E enumValue(String name, Function<String, E> parse) {
        String text = string(name);
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException(field(name), e.getMessage());
        }
    }

    <E> E optionalEnumValue(String name, Function<String, E> parse) {
        return absent(name) ? null : enumValue(name, parse);
    }

    Iterable<String> names() {
        return node::fieldNames;
    }

    boolean absent(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull();
    }

    private JsonNode present(String name) {
        if (absent(name)) {
            throw new InvalidMessageException(field(name), "is missing");
        }
        return node.get(name);
    }
}
