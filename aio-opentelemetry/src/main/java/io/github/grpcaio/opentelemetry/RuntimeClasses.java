package io.github.grpcaio.opentelemetry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that the artifacts this module runs on are on the class path, so that enabling
 * OpenTelemetry without them fails at once with their names rather than with a {@link
 * NoClassDefFoundError} in the middle of building a channel or a server.
 */
final class RuntimeClasses {

  /** A class of each required artifact, with the artifact's coordinates. */
  static final Map<String, String> REQUIRED = required();

  private RuntimeClasses() {}

  private static Map<String, String> required() {
    Map<String, String> classes = new LinkedHashMap<>();
    classes.put("io.opentelemetry.api.OpenTelemetry", "io.opentelemetry:opentelemetry-api");
    classes.put("io.opentelemetry.context.Context", "io.opentelemetry:opentelemetry-context");
    classes.put("io.grpc.opentelemetry.GrpcOpenTelemetry", "io.grpc:grpc-opentelemetry");
    return Collections.unmodifiableMap(classes);
  }

  /**
   * Checks that every {@linkplain #REQUIRED required} class can be loaded.
   *
   * @param loader where to look
   * @throws IllegalStateException naming the missing artifacts
   */
  static void check(ClassLoader loader) {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, String> e : REQUIRED.entrySet()) {
      try {
        Class.forName(e.getKey(), false, loader);
      } catch (ClassNotFoundException | LinkageError absent) {
        missing.add(e.getValue() + " (" + e.getKey() + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "OpenTelemetry for grpc-aio needs "
              + String.join(", ", missing)
              + " on the class path; aio-opentelemetry depends on them: add them if your build"
              + " excluded them");
    }
  }
}
