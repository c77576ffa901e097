package io.nightshift.client.store;

/** One listed object: its key and size. */
public record StoreObject(String key, long size) {
}
