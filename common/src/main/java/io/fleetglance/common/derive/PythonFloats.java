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
        double rounded = new BigDecimal(x).setScale(ndigits, RoundingMode.HALF_EVEN).doubleValue();
        return rounded == 0.0 ? Math.copySign(0.0, x) : rounded;
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
