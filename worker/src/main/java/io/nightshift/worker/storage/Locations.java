package io.nightshift.worker.storage;

import io.nightshift.protocol.KeyNotAllowedException;
import io.nightshift.protocol.ObjectKeys;
import io.nightshift.protocol.ObjectRef;
import java.util.List;

/**
 * The buckets and key prefixes the worker may read from or write to ({@code bucket} or {@code bucket/prefix}).
 * A job naming anything else is refused with {@code KEY_NOT_ALLOWED}, whatever it says: the protocol's reader
 * already refused hostile keys, this refuses keys outside the fleet's configured places.
 */
public final class Locations {

    private record Location(String bucket, String prefix) {
        boolean contains(ObjectRef ref) {
            return ref.bucket().equals(bucket) && ref.key().startsWith(prefix);
        }

        @Override
        public String toString() {
            return prefix.isEmpty() ? bucket : bucket + "/" + prefix;
        }
    }

    private final String what;
    private final List<Location> allowed;

    /** @param what {@code source} or {@code output}: names the job's field in refusals */
    public Locations(String what, List<String> locations) {
        this.what = what;
        if (locations.isEmpty()) {
            throw new IllegalArgumentException("no " + what + " locations configured");
        }
        this.allowed = locations.stream().map(String::strip).map(l -> {
            int slash = l.indexOf('/');
            String bucket = slash < 0 ? l : l.substring(0, slash);
            String prefix = slash < 0 ? "" : l.substring(slash + 1);
            ObjectKeys.requireBucketName(what + " location", bucket);
            return new Location(bucket, prefix);
        }).toList();
    }

    /** @throws KeyNotAllowedException when {@code ref} lies outside every configured location */
    public ObjectRef require(ObjectRef ref) {
        for (Location location : allowed) {
            if (location.contains(ref)) {
                return ref;
            }
        }
        throw new KeyNotAllowedException(what + ".key", "'" + ref + "' is outside the " + what
                + " locations this worker may use " + allowed);
    }
}
