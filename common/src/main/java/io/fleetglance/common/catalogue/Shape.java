package io.fleetglance.common.catalogue;

/** The JSON type of a plugin's raw stats: an object, a list of objects, or a string. */
public enum Shape {
    DICT,
    LIST,
    STRING
}
