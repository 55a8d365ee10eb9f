package io.fleetglance.hub.store;

/** The store cannot be opened, read or written; the message names the file and what to do. */
public final class StoreException extends Exception {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
