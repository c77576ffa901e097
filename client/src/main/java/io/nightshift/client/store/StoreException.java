package io.nightshift.client.store;

/** An object-store operation that failed, with the store's reason in words (never a credential). */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
