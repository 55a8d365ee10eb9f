package io.fleetglance.common.catalogue;

import java.util.Objects;

/**
 * One entry of a plugin's {@code fields_description}: what a stats field means and how Glances treats it.
 *
 * @param name        the field name as it appears in the stats
 * @param description the human text served by {@code /{plugin}/{field}/description}; null when Glances has none
 * @param unit        the unit served by {@code /{plugin}/{field}/unit}; null when Glances declares none
 * @param rate        a cumulative counter: the stats carry its delta, {@code _gauge} and {@code _rate_per_sec}
 * @param optional    the field's view is marked optional
 * @param log         the field is decorated with the logging alert (its events go to the events list)
 * @param alert       the field is decorated with the plain alert (no events)
 */
public record FieldSpec(String name, String description, String unit, boolean rate, boolean optional, boolean log,
                        boolean alert) {

    public FieldSpec {
        Objects.requireNonNull(name, "field name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("field name must not be blank");
        }
    }

    /** A plain field: not a rate, not optional, no decoration of its own. */
    public static FieldSpec of(String name, String description, String unit) {
        return new FieldSpec(name, description, unit, false, false, false, false);
    }

    /** The same field, declared as a cumulative counter. */
    public FieldSpec asRate() {
        return new FieldSpec(name, description, unit, true, optional, log, alert);
    }

    /** The same field, with an optional view. */
    public FieldSpec asOptional() {
        return new FieldSpec(name, description, unit, rate, true, log, alert);
    }

    /** The same field, decorated with the logging alert. */
    public FieldSpec logged() {
        return new FieldSpec(name, description, unit, rate, optional, true, alert);
    }

    /** The same field, decorated with the plain alert. */
    public FieldSpec alerted() {
        return new FieldSpec(name, description, unit, rate, optional, log, true);
    }
}
