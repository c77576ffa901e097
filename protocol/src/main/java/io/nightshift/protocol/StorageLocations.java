package io.nightshift.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A list of places in the object store, each {@code bucket} or {@code bucket/prefix}, as the dispatcher and the
 * workers read them from one setting: the output locations ({@value #OUTPUT_LOCATIONS_ENV}, default
 * {@value #DEFAULT_OUTPUT_LOCATIONS}) are where workers may write outputs and previews, and the dispatcher refuses
 * a request whose outputs would fall elsewhere instead of publishing jobs every worker would dead-letter.
 * A prefix is a plain string prefix of the key: {@code nightshift-results/out/} allows {@code out/a.png}, while
 * {@code nightshift-results/out} also allows {@code outside/a.png}. Immutable; no framework.
 */
public final class StorageLocations {
    /** The environment variable both services read their output locations from (comma-separated). */
    public static final String OUTPUT_LOCATIONS_ENV = "NIGHTSHIFT_OUTPUT_LOCATIONS";
    /** The output locations when none are configured: the results bucket, anywhere in it. */
    public static final String DEFAULT_OUTPUT_LOCATIONS = "nightshift-results";

    /** One place: a bucket and a key prefix ({@code ""} for the whole bucket). */
    public record Location(String bucket, String prefix) {
        /** Whether {@code key} in {@code bucket} lies here. */
        public boolean contains(String bucket, String key) {
            return this.bucket.equals(bucket) && key.startsWith(prefix);
        }

        @Override
        public String toString() {
            return prefix.isEmpty() ? bucket : bucket + "/" + prefix;
        }
    }

    private final List<Location> locations;

    private StorageLocations(List<Location> locations) {
        this.locations = List.copyOf(locations);
    }

    /**
     * Parses {@code bucket} or {@code bucket/prefix} entries; blanks around an entry are ignored.
     *
     * @param what names the setting in errors, e.g. {@code output}
     * @throws IllegalArgumentException when there is no entry, or an entry's bucket is not a valid bucket name
     */
    public static StorageLocations parse(String what, List<String> entries) {
        List<Location> parsed = entries.stream().map(String::strip).filter(e -> !e.isEmpty()).map(entry -> {
            int slash = entry.indexOf('/');
            String bucket = slash < 0 ? entry : entry.substring(0, slash);
            String prefix = slash < 0 ? "" : entry.substring(slash + 1);
            try {
                ObjectKeys.requireBucketName(what + " location", bucket);
            } catch (KeyNotAllowedException e) {
                throw new IllegalArgumentException(what + " location '" + entry + "': " + e.problem(), e);
            }
            return new Location(bucket, prefix);
        }).toList();
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("no " + what + " locations configured");
        }
        return new StorageLocations(parsed);
    }

    /** As {@link #parse(String, List)}, from one comma-separated string (the environment variable's form). */
    public static StorageLocations parse(String what, String commaSeparated) {
        return parse(what, Arrays.asList(commaSeparated == null ? new String[0] : commaSeparated.split(",")));
    }

    /** Whether the object {@code key} of {@code bucket} lies in one of the locations. */
    public boolean contains(String bucket, String key) {
        return locations.stream().anyMatch(l -> l.contains(bucket, key));
    }

    /**
     * Whether every key that starts with {@code prefix} in {@code bucket} lies in one location: the test for an
     * output folder, whose keys are only known once the sources are listed.
     */
    public boolean containsAll(String bucket, String prefix) {
        return locations.stream().anyMatch(l -> l.bucket().equals(bucket) && prefix.startsWith(l.prefix()));
    }

    /** Whether any location is in {@code bucket}. */
    public boolean hasBucket(String bucket) {
        return locations.stream().anyMatch(l -> l.bucket().equals(bucket));
    }

    /**
     * Why an output folder is refused, if it is: empty when {@code bucket}/{@code prefix} lies wholly in a location,
     * else the field to blame ({@code bucket} when no location is in that bucket, otherwise {@code prefix}) and a
     * message naming the allowed locations.
     */
    public Optional<Refusal> refuseFolder(String bucket, String prefix) {
        if (containsAll(bucket, prefix)) {
            return Optional.empty();
        }
        if (!hasBucket(bucket)) {
            return Optional.of(new Refusal(Refusal.Field.BUCKET,
                    "bucket '" + bucket + "' is not among the output locations the workers may write " + this));
        }
        return Optional.of(new Refusal(Refusal.Field.PREFIX, "prefix '" + prefix + "' of bucket '" + bucket
                + "' is not inside the output locations the workers may write " + this));
    }

    /** A refused output folder: which part of it is to blame, and why. */
    public record Refusal(Field field, String message) {
        public enum Field { BUCKET, PREFIX }
    }

    public List<Location> locations() {
        return locations;
    }

    @Override
    public String toString() {
        return locations.toString();
    }
}
