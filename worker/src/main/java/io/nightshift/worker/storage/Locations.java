package io.nightshift.worker.storage;

import io.nightshift.protocol.KeyNotAllowedException;
import io.nightshift.protocol.ObjectRef;
import io.nightshift.protocol.StorageLocations;
import java.util.List;

/**
 * The buckets and key prefixes the worker may read from or write to ({@code bucket} or {@code bucket/prefix},
 * parsed and matched by the protocol's {@link StorageLocations}, as the dispatcher does). A job naming anything
 * else is refused with {@code KEY_NOT_ALLOWED}, whatever it says: the protocol's reader already refused hostile
 * keys, this refuses keys outside the fleet's configured places.
 */
public final class Locations {

    private final String what;
    private final StorageLocations allowed;

    /** @param what {@code source} or {@code output}: names the job's field in refusals */
    public Locations(String what, List<String> locations) {
        this.what = what;
        this.allowed = StorageLocations.parse(what, locations);
    }

    /** @throws KeyNotAllowedException when {@code ref} lies outside every configured location */
    public ObjectRef require(ObjectRef ref) {
        if (allowed.contains(ref.bucket(), ref.key())) {
            return ref;
        }
        throw new KeyNotAllowedException(what + ".key", "'" + ref + "' is outside the " + what
                + " locations this worker may use " + allowed);
    }
}
