package io.nightshift.dispatcher.storage;

import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.nightshift.protocol.SourceMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The true amplification ratio a RAW object declares in its user metadata ({@link SourceMetadata#TRUE_RATIO}; the
 * demo's dark versions carry one), read with one HEAD per object and remembered for the most recent
 * {@value #CAPACITY} objects, so that the page's polling costs the object store nothing after the first look (a
 * missing object is remembered as having none). An object that cannot be read now (store down, access denied) has
 * no true ratio now and is asked again next time.
 */
@ApplicationScoped
public class TrueRatios {
    static final int CAPACITY = 10_000;
    private static final Logger LOG = Logger.getLogger(TrueRatios.class);

    @Inject
    MinioClient s3;

    private final Map<String, Optional<Double>> known = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<Double>> eldest) {
            return size() > CAPACITY;
        }
    };

    /** The object's declared true ratio, or null when it declares none or cannot be read. */
    public Double of(String bucket, String key) {
        if (bucket == null || key == null) {
            return null;
        }
        String id = bucket + '/' + key;
        synchronized (known) {
            Optional<Double> cached = known.get(id);
            if (cached != null) {
                return cached.orElse(null);
            }
        }
        Optional<Double> ratio;
        try {
            ratio = SourceMetadata.parseRatio(s3.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build())
                    .userMetadata().getFirst(SourceMetadata.TRUE_RATIO));
        } catch (ErrorResponseException e) {
            LOG.debugf("no true ratio for s3://%s/%s: %s", bucket, key, e.errorResponse().code());
            if (!"NoSuchKey".equals(e.errorResponse().code())) {
                return null;
            }
            ratio = Optional.empty(); // gone: remembered, not asked again at every poll of the page
        } catch (Exception e) {
            LOG.debugf("no true ratio for s3://%s/%s: %s", bucket, key, e.getMessage());
            return null;
        }
        synchronized (known) {
            known.put(id, ratio);
        }
        return ratio.orElse(null);
    }
}
