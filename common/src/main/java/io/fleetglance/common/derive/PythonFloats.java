package io.fleetglance.common.derive;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Float arithmetic exactly as Python does it, where Glances' answers depend on it: {@code round(x, n)} and
 * {@code a // b}.
 */
public final class PythonFloats {

    private PythonFloats() {
    }

    /**
     * Python's {@code round(x, ndigits)} on a float: the exact binary value of {@code x} rounded half-to-even, so
     * {@code round(0.25, 1) == 0.2}, {@code round(0.35, 1) == 0.3} (0.35 is stored as 0.34999…) and
     * {@code round(2.675, 2) == 2.67}. NaN and infinities are returned unchanged; the sign of a zero is kept.
     */
    public static double round(double x, int ndigits) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        double rounded = ndigits >= 0 && ndigits < POWERS_OF_TEN.length ? roundedFast(x, ndigits) : Double.NaN;
        if (Double.isNaN(rounded)) {
            rounded = roundExactly(x, ndigits);
        }
        return rounded == 0.0 ? Math.copySign(0.0, x) : rounded;
    }

    private static final double[] POWERS_OF_TEN = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    /**
     * {@code round(x, ndigits)} without a BigDecimal, or NaN when this cannot be sure of it. Below 1e9 once scaled,
     * {@code x * 10^ndigits} is within 1.2e-7 of the exact product; when its fraction is farther than that from one
     * half, the nearest integer k of the exact product is the nearest of the computed one, and {@code k / 10^ndigits}
     * (both exact doubles) is the double nearest the decimal k·10^-ndigits, which is what Python answers. Near a
     * half, the exact decimal expansion decides.
     */
    private static double roundedFast(double x, int ndigits) {
        double scaled = x * POWERS_OF_TEN[ndigits];
        if (!(Math.abs(scaled) < 1e9)) {
            return Double.NaN;
        }
        double floor = Math.floor(scaled);
        double fraction = scaled - floor;
        if (Math.abs(fraction - 0.5) < 1e-6) {
            return Double.NaN;
        }
        return (fraction < 0.5 ? floor : floor + 1) / POWERS_OF_TEN[ndigits];
    }

    /** {@code round(x, ndigits)} from x's exact decimal expansion. */
    static double roundExactly(double x, int ndigits) {
        return new BigDecimal(x).setScale(ndigits, RoundingMode.HALF_EVEN).doubleValue();
    }

    /**
     * Python's float floor division {@code a // b}, which is not always {@code floor(a / b)}: {@code 1 // 0.1} is
     * {@code 9.0} because the remainder is computed first.
     *
     * @throws ArithmeticException when {@code b} is zero, as Python raises ZeroDivisionError
     */
    public static double floorDiv(double a, double b) {
        if (b == 0.0) {
            throw new ArithmeticException("float floor division by zero: " + a + " // " + b);
        }
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0.0) {
            if ((b < 0) != (mod < 0)) {
                div -= 1.0;
            }
        }
        double floorDiv;
        if (div != 0.0) {
            floorDiv = Math.floor(div);
            if (div - floorDiv > 0.5) {
                floorDiv += 1.0;
            }
        } else {
            floorDiv = Math.copySign(0.0, a / b);
        }
        return floorDiv;
    }
}
