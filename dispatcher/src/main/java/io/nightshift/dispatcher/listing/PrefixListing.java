package io.nightshift.dispatcher.listing;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The objects under a prefix in key order, fetched page by page (S3 ListObjectsV2 with {@code max-keys}):
 * the SDK's iterator asks for the next page only when the previous one is used up, so a listing of millions
 * holds one page in memory. Folders are skipped. Not thread-safe: one consumer.
 */
public final class PrefixListing implements Iterator<ListedObject> {
    private final Iterator<Result<Item>> items;
    private ListedObject next;

    /**
     * @param startAfter list only keys after this one (resume), or {@code null} from the start
     */
    public PrefixListing(MinioClient client, String bucket, String prefix, String startAfter, int pageSize) {
        ListObjectsArgs.Builder args = ListObjectsArgs.builder()
                .bucket(bucket)
                .prefix(prefix)
                .recursive(true)
                .maxKeys(pageSize);
        if (startAfter != null) {
            args.startAfter(startAfter);
        }
        this.items = client.listObjects(args.build()).iterator();
    }

    /** @throws ListingFailedException when the S3 server refuses or fails a page */
    @Override
    public boolean hasNext() {
        while (next == null && items.hasNext()) {
            Item item;
            try {
                item = items.next().get();
            } catch (Exception e) {
                throw new ListingFailedException(e);
            }
            if (!item.isDir()) {
                next = new ListedObject(item.objectName(), item.size(), ListedObject.bareEtag(item.etag()));
            }
        }
        return next != null;
    }

    @Override
    public ListedObject next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ListedObject result = next;
        next = null;
        return result;
    }
}
