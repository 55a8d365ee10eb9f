package io.fleetglance.common.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PythonFloatsTest {

    @Test
    void roundsExactTiesToEven() {
        // 0.25, 0.75 and 12.25 are exact in binary, so they are real ties: Python rounds them to the even digit.
        assertEquals(0.2, PythonFloats.round(0.25, 1));
        assertEquals(0.8, PythonFloats.round(0.75, 1));
        assertEquals(12.2, PythonFloats.round(12.25, 1));
        assertEquals(1.62, PythonFloats.round(1.625, 2));
    }

    @Test
    void roundsTheStoredBinaryValueNotTheDecimalLiteral() {
        // 0.35 is stored as 0.34999999999999997..., 2.675 as 2.67499999999999982...: both round down in Python.
        assertEquals(0.3, PythonFloats.round(0.35, 1));
        assertEquals(2.67, PythonFloats.round(2.675, 2));
        // 0.05 is stored as 0.05000000000000000277...: it rounds up.
        assertEquals(0.1, PythonFloats.round(0.05, 1));
    }

    @Test
    void roundsOrdinaryPercentages() {
        // mem.json: (25325268992 - 24918798336) / 25325268992 * 100 = 1.60500... -> 1.6
        assertEquals(1.6, PythonFloats.round(406470656.0 / 25325268992.0 * 100, 1));
        // percpu total: 100 - 92.6 = 7.400000000000006 -> 7.4
        assertEquals(7.4, PythonFloats.round(100 - 92.6, 1));
        assertEquals(1.75, PythonFloats.round((1.6 + 1.9) / 2, 2));
    }

    @Test
    void keepsTheSignOfZeroAndPassesNonFiniteValues() {
        assertEquals(-0.0, PythonFloats.round(-0.04, 1));
        assertEquals(Double.POSITIVE_INFINITY, PythonFloats.round(Double.POSITIVE_INFINITY, 1));
        assertEquals(Double.NaN, PythonFloats.round(Double.NaN, 1));
    }

    @Test
    void roundsEveryValueAsItsExactDecimalExpansionDoes() {
        // the fast path against the exact one: percentages, rates, counters, values one ulp from a tie
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 200_000; i++) {
            double x = switch (i % 4) {
                case 0 -> random.nextDouble() * 100;
                case 1 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(16));
                case 2 -> (random.nextInt(2_000_000) + 0.5) / Math.pow(10, random.nextInt(4));
                default -> Math.nextAfter((random.nextInt(100_000) + 0.5) / 100, random.nextBoolean() ? 1e9 : -1e9);
            };
            int ndigits = random.nextInt(4);
            double exact = PythonFloats.roundExactly(x, ndigits);
            assertEquals(exact == 0.0 ? Math.copySign(0.0, x) : exact, PythonFloats.round(x, ndigits),
                    () -> "round(" + x + ", " + ndigits + ")");
        }
    }

    @Test
    void floorDividesLikePython() {
        // cpu.json: 860 // 3.0182647705078125 = 284.0 (860 / 3.018... = 284.93)
        assertEquals(284.0, PythonFloats.floorDiv(860, 3.0182647705078125));
        // 1 / 0.1 is 10.000000000000000 in floating point, but Python's 1 // 0.1 is 9.0.
        assertEquals(9.0, PythonFloats.floorDiv(1, 0.1));
        assertEquals(-3.0, PythonFloats.floorDiv(-5, 2));
        assertEquals(0.0, PythonFloats.floorDiv(0, 2.5));
    }

    @Test
    void refusesFloorDivisionByZero() {
        assertThrows(ArithmeticException.class, () -> PythonFloats.floorDiv(1, 0));
    }
}
