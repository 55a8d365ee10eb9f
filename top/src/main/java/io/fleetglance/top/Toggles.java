package io.fleetglance.top;

/** Which optional panels are shown: Glances' {@code n}, {@code d}, {@code f} and {@code s} keys flip them. */
record Toggles(boolean network, boolean diskio, boolean fs, boolean sensors) {

    static final Toggles ALL = new Toggles(true, true, true, true);

    Toggles flip(char key) {
        return switch (key) {
            case 'n' -> new Toggles(!network, diskio, fs, sensors);
            case 'd' -> new Toggles(network, !diskio, fs, sensors);
            case 'f' -> new Toggles(network, diskio, !fs, sensors);
            case 's' -> new Toggles(network, diskio, fs, !sensors);
            default -> this;
        };
    }
}
