package io.nightshift.chaos.inputs;

import io.nightshift.protocol.ErrorClass;

/**
 * An input the fleet must refuse, and how: its name in the run, the error class its dead letter must carry, a part
 * of the reason to find there (lower case; empty: any), and how it enters the fleet.
 *
 * @param object  an object the dispatcher lists ({@code key}, {@code bytes}); otherwise a record sent straight to
 *                the jobs topic under the record key {@code recordKey}
 */
public record BadInput(String name, ErrorClass expected, String reasonPart, boolean object, String key, byte[] bytes,
                       String recordKey) {

    static BadInput object(String name, ErrorClass expected, String reasonPart, String key, byte[] bytes) {
        return new BadInput(name, expected, reasonPart, true, key, bytes, null);
    }

    static BadInput record(String name, ErrorClass expected, String reasonPart, String recordKey, byte[] value) {
        return new BadInput(name, expected, reasonPart, false, null, value, recordKey);
    }
}
