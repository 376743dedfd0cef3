package io.github.grpcaio.examples.microservices;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The command-line flags of the example's main classes: {@code --name=value}, or {@code --name}
 * alone for {@code true}. Immutable.
 */
final class Flags {

  private final Map<String, String> values;

  private Flags(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Parses the arguments.
   *
   * @param args the arguments
   * @param known the flag names the program accepts
   * @return the flags
   * @throws IllegalArgumentException on an argument that is not a known flag
   */
  static Flags parse(String[] args, Set<String> known) {
    Map<String, String> values = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("Not a flag: " + arg + "; flags: " + known);
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
      if (!known.contains(name)) {
        throw new IllegalArgumentException("Unknown flag --" + name + "; flags: " + known);
      }
      values.put(name, equals < 0 ? "true" : arg.substring(equals + 1));
    }
    return new Flags(values);
  }

  String string(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  int integer(String name, int defaultValue) {
    String value = values.get(name);
    try {
      return value == null ? defaultValue : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " takes a number, not " + value, e);
    }
  }

  boolean bool(String name) {
    return Boolean.parseBoolean(values.getOrDefault(name, "false"));
  }
}
