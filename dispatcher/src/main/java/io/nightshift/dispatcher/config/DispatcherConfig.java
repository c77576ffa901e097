package io.nightshift.dispatcher.config;

import io.nightshift.access.AccessConfig;
import io.nightshift.protocol.RawExtensions;
import io.nightshift.protocol.StorageLocations;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** How the dispatcher lists buckets, publishes jobs and records batches. */
@ConfigMapping(prefix = "nightshift.dispatcher")
public interface DispatcherConfig {
    /** Topic names (defaults: the protocol's {@code Topic} names). */
    Topics topics();

    /** Listing a batch's prefix. */
    Listing listing();

    /** Jobs from MinIO bucket notifications. */
    Notifications notifications();

    /** The operators' index of dead letters ({@code /api/dead-letters}). */
    DeadLetters deadLetters();

    /** RAW files uploaded from the page, straight from the browser to the object store. */
    Uploads uploads();

    /** The fleet panel. */
    Fleet fleet();

    interface Fleet {
        /** The workers' consumer group on the jobs topic (the workers' {@code nightshift.worker.kafka.group}). */
        @WithDefault("nightshift-workers")
        String workerGroup();
    }

    /**
     * Who may call the API and see the page: {@code api-key}, {@code open}, {@code health-open} (javadoc on
     * {@link AccessConfig}).
     */
    AccessConfig auth();

    /**
     * Where the workers may write outputs and previews, {@code bucket} or {@code bucket/prefix}, comma-separated:
     * the same {@code NIGHTSHIFT_OUTPUT_LOCATIONS} the workers read (application.properties). A request whose
     * output folder lies outside them is refused with 400 rather than dead-lettered job by job by the workers.
     */
    @WithDefault(StorageLocations.DEFAULT_OUTPUT_LOCATIONS)
    List<String> outputLocations();

    /** The dispatcher's Kafka clients. */
    Kafka kafka();

    /**
     * This replica's name: in the log, and in the {@code listedBy} of the batches it lists (the pod name under
     * Kubernetes, from {@code HOSTNAME}).
     */
    @WithDefault("${HOSTNAME:dispatcher}")
    String instance();

    interface Kafka {
        /**
         * Extra Kafka client properties for every client of the dispatcher (the producer, the progress and
         * batch-status readers, the bucket-events consumer, the readiness check): {@code security.protocol},
         * {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.truststore.location}…, e.g.
         * {@code nightshift.dispatcher.kafka.client."security.protocol"=SASL_SSL}. Never logged.
         */
        Map<String, String> client();
    }

    interface Topics {
        /** Where jobs go, keyed by job id. */
        @WithDefault("nightshift.jobs")
        String jobs();

        /** The compacted topic holding each batch's latest record, keyed by batch id. */
        @WithDefault("nightshift.batch-status")
        String batchStatus();

        /** Result events from the workers, keyed by job id; progress is derived from them. */
        @WithDefault("nightshift.results")
        String results();

        /**
         * Dead letters, keyed by job id (or the original record's key): the workers' and the dispatcher's own
         * (protocol {@code DeadLetter}); followed for the operators' index.
         */
        @WithDefault("nightshift.dead-letters")
        String deadLetters();
    }

    interface Listing {
        /** Objects per listing page (S3 {@code max-keys}); only a few pages are held in memory at once. */
        @WithDefault("1000")
        int pageSize();

        /** Listed objects buffered between the listing thread and the publishing thread. */
        @WithDefault("4000")
        int prefetch();

        /** Jobs sent but not yet acknowledged by the broker, at most; the listing waits beyond it. */
        @WithDefault("20000")
        int maxInFlight();

        /** A batch's progress (last acknowledged key) is recorded after this many jobs… */
        @WithDefault("2000")
        int checkpointJobs();

        /** …or after this long, whichever comes first. */
        @WithDefault("2s")
        Duration checkpointInterval();

        /** Batches listed at the same time; more wait their turn. */
        @WithDefault("4")
        int concurrentBatches();

        /**
         * Jobs a listing publishes per second at most, 0 for no limit: keeps one huge batch from flooding the
         * jobs topic ahead of the batches that come after it.
         */
        @WithDefault("0")
        int jobsPerSecond();

        /**
         * The Kafka consumer group in which the replicas share the batch-status partitions: each partition's
         * batches are listed by the replica holding it. Replicas of one deployment share it.
         */
        @WithDefault("nightshift-dispatcher-listing")
        String group();

        /**
         * How long a replica that stopped heart-beating (killed, frozen) keeps its partitions: the longest pause of
         * its batches' listings before another replica resumes them. A stopped replica leaves at once.
         */
        @WithDefault("10s")
        Duration sessionTimeout();

        /** Extensions (without the dot, any case) that count as RAW files when a request names none. */
        @WithDefault(RawExtensions.DEFAULT)
        List<String> rawExtensions();
    }

    interface Notifications {
        /** Whether object-created events of MinIO's Kafka notification target become jobs. */
        @WithDefault("true")
        boolean enabled();

        /** Buckets whose events are acted on; events of other buckets (the results bucket above all) are ignored. */
        @WithDefault("nightshift-raw")
        List<String> sourceBuckets();

        /** Where the results of notification jobs go. */
        @WithDefault("nightshift-results")
        String outputBucket();

        /** Output prefix of notification jobs; the source key keeps its whole path below it. */
        @WithDefault("enhanced/")
        String outputPrefix();

        /** Output format of notification jobs: png16, tiff16, jpeg or dng. */
        @WithDefault("png16")
        String format();

        /** Notification jobs join a rolling batch per UTC day, named this prefix + {@code yyyyMMdd}. */
        @WithDefault("notifications-")
        String batchPrefix();

        /**
         * Tries to have an event's job (and the day's batch record) acknowledged by the broker; after the last one
         * the event goes to the dead letters with the reason. The event's offset is committed only after one of the
         * two is durable.
         */
        @WithDefault("5")
        int publishAttempts();

        /** Wait before the second try; it doubles up to {@link #maxBackoff()}. */
        @WithDefault("500ms")
        Duration initialBackoff();

        /** The longest wait between tries, and between tries of a dead letter the broker does not take either. */
        @WithDefault("10s")
        Duration maxBackoff();
    }

    interface Uploads {
        /** Whether {@code POST /api/uploads} signs upload URLs (the page then offers its drop zone). */
        @WithDefault("true")
        boolean enabled();

        /** The bucket uploads go to: one the workers read sources from. */
        @WithDefault("nightshift-raw")
        String bucket();

        /** Uploads land under this prefix + the upload id + {@code /}. */
        @WithDefault("uploads/")
        String prefix();

        /** The largest file accepted, in bytes (512 MiB: above any camera's RAW file). */
        @WithDefault("536870912")
        long maxBytes();

        /** Files per upload at most. */
        @WithDefault("200")
        int maxFiles();

        /** How long a signed upload URL is valid. */
        @WithDefault("15m")
        Duration urlExpiry();

        /**
         * The object store's URL as the browsers reach it, when it differs from {@code nightshift.storage.endpoint}
         * (inside a cluster the dispatcher reaches MinIO by its service name; browsers through an ingress). The
         * store must allow the page's origin to PUT (MinIO does by default; S3 needs a bucket CORS rule).
         */
        java.util.Optional<String> publicEndpoint();

        /** The region the URLs are signed for (the store's own; MinIO and S3Proxy accept the default). */
        @WithDefault("us-east-1")
        String region();
    }

    interface DeadLetters {
        /**
         * Jobs (distinct job ids) the index holds at most: beyond it the job whose latest dead letter is the oldest
         * is forgotten (it stays on the topic until its retention ends; a restart reads it again).
         */
        @WithDefault("10000")
        int maxJobs();

        /** Dead letters kept per job id, the latest ones; only the latest keeps the original job. */
        @WithDefault("3")
        int perJob();
    }
}
