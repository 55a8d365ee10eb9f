package io.fleetglance.hub;

/**
 * The PostgreSQL store several hubs share, and how this hub appears to the others.
 *
 * @param url          {@code postgresql://user@host:port/database}, never with a password
 * @param password     the database user's password (from the environment or a file); null for none
 * @param advertiseUrl the base URL of this hub's REST API as the other hubs and users reach it
 */
public record SharedStoreSettings(String url, String password, String advertiseUrl) {

    @Override
    public String toString() {
        // the password is a secret: never in a log line
        return "SharedStoreSettings[" + url + ", advertise " + advertiseUrl + "]";
    }
}
