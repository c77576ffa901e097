package io.nightshift.dispatcher.storage;

import io.minio.MinioClient;
import io.nightshift.dispatcher.config.StorageConfig;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one MinIO client of the application, closed at shutdown (its OkHttp threads otherwise linger). */
public class ObjectStoreClient {
    @Produces
    @Singleton
    MinioClient minioClient(StorageConfig config) {
        return MinioClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .build();
    }

    void close(@Disposes MinioClient client) throws Exception {
        client.close();
    }
}
