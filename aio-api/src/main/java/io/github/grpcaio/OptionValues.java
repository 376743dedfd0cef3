package io.github.grpcaio;

/** Coerces the loosely typed values of Python-style named options ({@code grpc.*}). */
final class OptionValues {

  private OptionValues() {}

  static int toInt(String name, Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      long v = ((Number) value).longValue();
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("Option " + name + " is out of int range: " + value);
      }
      return (int) v;
    }
    throw wrongType(name, value, "an integer");
  }

  /** A duration in milliseconds that must be positive; the message shows the raw value. */
  static java.time.Duration toPositiveMillis(String name, Object value) {
    int ms = toInt(name, value);
    if (ms <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + ms);
    }
    return java.time.Duration.ofMillis(ms);
  }

  /** A duration in milliseconds that must not be negative; the message shows the raw value. */
  static java.time.Duration toNonNegativeMillis(String name, Object value) {
    int ms = toInt(name, value);
    if (ms < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + ms);
    }
    return java.time.Duration.ofMillis(ms);
  }

  static boolean toBoolean(String name, Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Integer i && (i == 0 || i == 1)) {
      return i == 1;
    }
    throw wrongType(name, value, "a boolean (or 0/1)");
  }

  static String toText(String name, Object value) {
    if (value instanceof String s) {
      return s;
    }
    throw wrongType(name, value, "a string");
  }

  static IllegalArgumentException wrongType(String name, Object value, String expected) {
    return new IllegalArgumentException(
        "Option "
            + name
            + " needs "
            + expected
            + ", got "
            + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
  }
}
