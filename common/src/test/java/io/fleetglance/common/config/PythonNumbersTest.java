package io.fleetglance.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PythonNumbersTest {

    @Test
    void parsesWhatPythonFloatParses() {
        assertEquals(Optional.of(50.0), PythonNumbers.parseFloat("50"));
        assertEquals(Optional.of(-65.0), PythonNumbers.parseFloat(" -65 "));
        assertEquals(Optional.of(0.5), PythonNumbers.parseFloat(".5"));
        assertEquals(Optional.of(5.0), PythonNumbers.parseFloat("5."));
        assertEquals(Optional.of(1000.0), PythonNumbers.parseFloat("1_000"));
        assertEquals(Optional.of(Double.POSITIVE_INFINITY), PythonNumbers.parseFloat("inf"));
        assertTrue(PythonNumbers.parseFloat("nan").orElseThrow().isNaN());
        assertEquals(Optional.empty(), PythonNumbers.parseFloat("5d"));
        assertEquals(Optional.empty(), PythonNumbers.parseFloat("0x10"));
        assertEquals(Optional.empty(), PythonNumbers.parseFloat(""));
        assertEquals(Optional.empty(), PythonNumbers.parseFloat("True"));
        assertEquals(Optional.of(10), PythonNumbers.parseInt("10"));
        assertEquals(Optional.empty(), PythonNumbers.parseInt("10.0"));
    }

    @Test
    void writesFloatsAsPythonStr() {
        assertEquals("40.0", PythonNumbers.repr(40.0));
        assertEquals("33.333333333333336", PythonNumbers.repr(100.0 / 3));
        assertEquals("33.33333333333333", PythonNumbers.repr((1.0 / 3) * 100.0));
        assertEquals("0.0001", PythonNumbers.repr(0.0001));
        assertEquals("1e-05", PythonNumbers.repr(0.00001));
        assertEquals("1.5e-05", PythonNumbers.repr(0.000015));
        assertEquals("1e+16", PythonNumbers.repr(1e16));
        assertEquals("12800000.0", PythonNumbers.repr(12800000.0));
        assertEquals("-0.5", PythonNumbers.repr(-0.5));
        assertEquals("-0.0", PythonNumbers.repr(-0.0));
    }
}
