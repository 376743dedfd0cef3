package io.github.grpcaio.opentelemetry;

import java.util.function.Consumer;

/**
 * Runs the configurer an options value already had, then one more, on the grpc-java builder; and
 * tells whether a configurer is already among those chained, so that configuring the same options
 * twice installs the instrumentation once.
 *
 * @param <B> the grpc-java builder type
 * @param first what the options had, or null
 * @param then what is added
 */
record BuilderConfigurers<B>(Consumer<? super B> first, Consumer<? super B> then)
    implements Consumer<B> {

  /**
   * Chains {@code added} after {@code existing}, unless {@code existing} already runs it.
   *
   * @return the configurer to set on the options
   */
  static <B> Consumer<? super B> chain(Consumer<? super B> existing, Consumer<? super B> added) {
    if (existing == null) {
      return added;
    }
    if (runs(existing, added)) {
      return existing;
    }
    return new BuilderConfigurers<B>(existing, added);
  }

  private static boolean runs(Consumer<?> configurer, Consumer<?> wanted) {
    if (configurer == wanted) {
      return true;
    }
    return configurer instanceof BuilderConfigurers<?> chained
        && ((chained.first != null && runs(chained.first, wanted)) || runs(chained.then, wanted));
  }

  @Override
  public void accept(B builder) {
    if (first != null) {
      first.accept(builder);
    }
    then.accept(builder);
  }
}
