package io.fleetglance.hub;

import io.fleetglance.common.config.ConfigException;
import io.fleetglance.hub.store.StoreException;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * The one line a start-up failure prints: what is wrong, naming the flag or file, and what to do. No exception class
 * names: those say where the code broke, not what the user can change.
 */
final class StartupErrors {

    private StartupErrors() {
    }

    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StoreException store) {
                return store.getMessage();
            }
            if (t instanceof NoSuchFileException missing) {
                return missing.getFile() + " does not exist: give an existing glances.conf to -C, or leave -C out";
            }
            if (t instanceof AccessDeniedException denied) {
                return denied.getFile() + " cannot be read (permission denied): make it readable by this user";
            }
            if (t instanceof PortInUseException inUse) {
                return inUse.getMessage();
            }
        }
        if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** A port another process already listens on, with the option that chooses another. */
    static final class PortInUseException extends IOException {
        private static final long serialVersionUID = 1L;

        PortInUseException(String what, String bind, int port, String option, Throwable cause) {
            super(what + " port " + port + " on " + bind + " is already in use: stop what listens there, or choose "
                    + "another port with " + option, cause);
        }
    }

    /** Whether {@code e} (or a cause) is the kernel's "address already in use". */
    static boolean portInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || (t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("address already in use"))) {
                return true;
            }
        }
        return false;
    }
}
