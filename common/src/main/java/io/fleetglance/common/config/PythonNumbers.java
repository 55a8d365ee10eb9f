package io.fleetglance.common.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Numbers read and written as Python's {@code float()}, {@code int()} and {@code str(float)} do. */
public final class PythonNumbers {

    private static final String DIGITS = "\\d(?:_?\\d)*";
    private static final Pattern FLOAT = Pattern.compile("[+-]?(?:" + DIGITS + "(?:\\.(?:" + DIGITS + ")?)?|\\."
            + DIGITS + ")(?:[eE][+-]?" + DIGITS + ")?");
    private static final Pattern SPECIAL = Pattern.compile("[+-]?(?:inf|infinity|nan)", Pattern.CASE_INSENSITIVE);
    private static final Pattern INT = Pattern.compile("[+-]?" + DIGITS);

    private PythonNumbers() {
    }

    /** {@code float(text)}: the number, or empty where Python raises ValueError. */
    public static Optional<Double> parseFloat(String text) {
        String t = text.strip();
        if (FLOAT.matcher(t).matches()) {
            return Optional.of(Double.parseDouble(t.replace("_", "")));
        }
        if (SPECIAL.matcher(t).matches()) {
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.endsWith("nan")) {
                return Optional.of(Double.NaN);
            }
            return Optional.of(lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        return Optional.empty();
    }

    /** {@code int(text)} for values that fit an int, or empty where Python raises ValueError. */
    public static Optional<Integer> parseInt(String text) {
        String t = text.strip();
        if (!INT.matcher(t).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(t.replace("_", "")));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    /**
     * {@code str(x)} of a Python float: the shortest text that reads back as {@code x}, always with a fraction or an
     * exponent ({@code 40.0}, {@code 33.33333333333333}, {@code 1e+16}, {@code 1.5e-05}).
     */
    public static String repr(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0.0) {
            return (1.0 / x) < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String sign = x < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = exact.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d",
                Math.abs(exponent));
    }
}
