package io.github.grpcaio;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * What happens to a {@code grpc.*} option name that has no typed setter: a gRPC core name with no
 * meaning in grpc-java is accepted with a warning logged once per name and JVM; any other name is
 * refused, naming the closest known one (a typo is the usual reason).
 */
final class OptionNames {

  private static final Logger logger = Logger.getLogger(OptionNames.class.getName());

  /** The ignored names already warned about; concurrent, as builders run on any thread. */
  private static final Set<String> warned = ConcurrentHashMap.newKeySet();

  /** gRPC core's names with no grpc-java meaning on channels and servers alike. */
  private static final List<String> IGNORED_BY_BOTH =
      List.of(
          "grpc.so_reuseport",
          "grpc.use_local_subchannel_pool",
          "grpc.enable_channelz",
          "grpc.optimization_target",
          "grpc.minimal_stack",
          "grpc.http2.max_pings_without_data",
          "grpc.http2.min_time_between_pings_ms",
          "grpc.http2.bdp_probe",
          "grpc.http2.write_buffer_size",
          "grpc.http2.hpack_table_size.decoder",
          "grpc.http2.hpack_table_size.encoder");

  private OptionNames() {}

  /**
   * Returns the names accepted and ignored by a builder.
   *
   * @param specific the names ignored by this kind of builder only
   * @return those and the names ignored by both kinds
   */
  static Set<String> ignored(String... specific) {
    Set<String> names = new TreeSet<>(IGNORED_BY_BOTH);
    names.addAll(List.of(specific));
    return Set.copyOf(names);
  }

  /**
   * Accepts an ignored name (logging the warning the first time) or throws for an unknown one.
   *
   * @param kind "channel" or "server", for the messages
   * @param name the name given
   * @param known the names mapped onto setters
   * @param ignored the names accepted without effect
   * @throws IllegalArgumentException if {@code name} is in neither set
   */
  static void acceptIgnoredOrRefuse(
      String kind, String name, Set<String> known, Set<String> ignored) {
    if (ignored.contains(name)) {
      if (warned.add(kind + " " + name)) {
        logger.warning(
            "The "
                + kind
                + " option '"
                + name
                + "' has no meaning in grpc-java and is ignored (logged once)");
      }
      return;
    }
    throw new IllegalArgumentException(
        "Unknown "
            + kind
            + " option '"
            + name
            + "'; did you mean '"
            + closest(name, known, ignored)
            + "'? Known options: "
            + known
            + "; accepted and ignored: "
            + ignored);
  }

  /** The name of {@code a} and {@code b} nearest to {@code name} by edit distance. */
  private static String closest(String name, Collection<String> a, Collection<String> b) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Collection<String> names : List.of(a, b)) {
      for (String candidate : names) {
        int d = distance(name, candidate);
        if (d < bestDistance || (d == bestDistance && candidate.compareTo(best) < 0)) {
          best = candidate;
          bestDistance = d;
        }
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  private static int distance(String s, String t) {
    int[] previous = new int[t.length() + 1];
    int[] current = new int[t.length() + 1];
    for (int j = 0; j <= t.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= s.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= t.length(); j++) {
        int substitution = previous[j - 1] + (s.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[t.length()];
  }
}
