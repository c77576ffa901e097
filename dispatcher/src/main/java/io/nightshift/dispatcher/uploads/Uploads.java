package io.nightshift.dispatcher.uploads;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.Http;
import io.nightshift.dispatcher.batch.InvalidRequestException;
import io.nightshift.dispatcher.batch.InvalidRequestException.FieldError;
import io.nightshift.dispatcher.config.DispatcherConfig;
import io.nightshift.dispatcher.config.StorageConfig;
import io.nightshift.dispatcher.listing.RawFilter;
import io.nightshift.protocol.KeyNotAllowedException;
import io.nightshift.protocol.ObjectKeys;
import org.jboss.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Signs upload URLs: the browser PUTs each RAW file straight to the object store (no byte passes through the
 * dispatcher), under a fresh prefix, then asks for a batch of it. The names, extensions, sizes and count are
 * checked here; the store cannot enforce a presigned PUT's size, so the batch made of an upload carries
 * {@code maxBytes} as its size filter and a larger object never becomes a job. The URLs are signed for the
 * store as browsers reach it ({@code uploads.public-endpoint}) by a client of its own, which needs no network to
 * sign (the region is set).
 */
@ApplicationScoped
public class Uploads {
    private static final Logger LOG = Logger.getLogger(Uploads.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_NAME_BYTES = 255;

    @Inject
    DispatcherConfig config;

    @Inject
    StorageConfig storage;

    private MinioClient signer;

    /**
     * @throws InvalidRequestException naming {@code files}, {@code files[i].name} or {@code files[i].size}
     * @throws UploadsDisabledException when uploads are switched off
     */
    public Upload sign(List<UploadFile> files) {
        DispatcherConfig.Uploads settings = config.uploads();
        if (!settings.enabled()) {
            throw new UploadsDisabledException();
        }
        check(files, settings);
        String uploadId = "u-" + HexFormat.of().formatHex(randomBytes(12));
        String prefix = ObjectKeys.folderPrefix("uploads.prefix", settings.prefix()) + uploadId + "/";
        Instant expiresAt = Instant.now().plus(settings.urlExpiry());
        List<UploadTarget> targets = new ArrayList<>();
        for (UploadFile file : files) {
            String key = prefix + file.name();
            targets.add(new UploadTarget(file.name(), key, url(settings, key)));
        }
        long bytes = files.stream().mapToLong(UploadFile::size).sum();
        LOG.infof("upload %s: %d files, %.1f MB, signed for s3://%s/%s until %s", uploadId, files.size(),
                bytes / 1e6, settings.bucket(), prefix, expiresAt);
        return new Upload(uploadId, settings.bucket(), prefix, settings.maxBytes(), expiresAt, targets);
    }

    private void check(List<UploadFile> files, DispatcherConfig.Uploads settings) {
        if (files == null || files.isEmpty()) {
            throw new InvalidRequestException("files", "name at least one file");
        }
        if (files.size() > settings.maxFiles()) {
            throw new InvalidRequestException("files", "at most " + settings.maxFiles() + " files per upload");
        }
        RawFilter raw = RawFilter.of(config.listing().rawExtensions(), null, null);
        List<FieldError> errors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            UploadFile file = files.get(i);
            String field = "files[" + i + "]";
            String name = file == null ? null : file.name();
            if (name == null || name.isBlank()) {
                errors.add(new FieldError(field + ".name", "is required"));
            } else if (name.contains("/") || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                errors.add(new FieldError(field + ".name", "must be a file name without folders, at most "
                        + MAX_NAME_BYTES + " bytes"));
            } else if (!raw.hasRawExtension(name)) {
                errors.add(new FieldError(field + ".name", "is not a RAW file: the extensions taken are "
                        + config.listing().rawExtensions()));
            } else if (!names.add(name)) {
                errors.add(new FieldError(field + ".name", "is named twice"));
            } else {
                try {
                    ObjectKeys.requireSafeKey(field + ".name", name);
                } catch (KeyNotAllowedException e) {
                    errors.add(new FieldError(field + ".name", e.getMessage()));
                }
            }
            if (file != null && (file.size() == null || file.size() < 1 || file.size() > settings.maxBytes())) {
                errors.add(new FieldError(field + ".size", "must be 1 to " + settings.maxBytes() + " bytes"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    private String url(DispatcherConfig.Uploads settings, String key) {
        try {
            return signer(settings).getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Http.Method.PUT)
                    .bucket(settings.bucket()).object(key).expiry((int) settings.urlExpiry().toSeconds()).build());
        } catch (Exception e) {
            throw new IllegalStateException("could not sign an upload URL: " + e.getMessage(), e);
        }
    }

    private synchronized MinioClient signer(DispatcherConfig.Uploads settings) {
        if (signer == null) {
            signer = MinioClient.builder()
                    .endpoint(settings.publicEndpoint().orElse(storage.endpoint()))
                    .region(settings.region())
                    .credentials(storage.accessKey(), storage.secretKey())
                    .build();
        }
        return signer;
    }

    @PreDestroy
    synchronized void close() throws Exception {
        if (signer != null) {
            signer.close();
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Uploads are switched off ({@code nightshift.dispatcher.uploads.enabled=false}). */
    public static final class UploadsDisabledException extends RuntimeException {
        UploadsDisabledException() {
            super("uploads are switched off on this dispatcher (nightshift.dispatcher.uploads.enabled=false)");
        }
    }
}
