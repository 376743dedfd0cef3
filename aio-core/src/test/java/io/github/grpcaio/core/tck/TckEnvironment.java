package io.github.grpcaio.core.tck;

import org.reactivestreams.tck.TestEnvironment;

/** The TCK timeouts shared by the verifications here. */
public final class TckEnvironment {

  /**
   * How long the TCK waits for an expected signal. Generous: the build runs on two loaded cores,
   * and a real RPC has a few thread hops per signal.
   */
  public static final long DEFAULT_TIMEOUT_MILLIS = 1000;

  /**
   * How long the TCK watches for a signal that must not come. Each such wait is paid in full by a
   * passing test, so it is kept short enough for the whole TCK to run in well under a minute.
   */
  public static final long NO_SIGNALS_TIMEOUT_MILLIS = 300;

  /**
   * The largest stream a verification asks for (the TCK's rule 3.17 test wants {@code
   * Long.MAX_VALUE}, which a real RPC cannot stream within a test's time). 1024 covers every other
   * required test, which asks for at most a few dozen elements.
   */
  public static final long MAX_ELEMENTS = 1024;

  private TckEnvironment() {}

  /**
   * Returns a new environment with these timeouts.
   *
   * @return the environment
   */
  public static TestEnvironment create() {
    return new TestEnvironment(DEFAULT_TIMEOUT_MILLIS, NO_SIGNALS_TIMEOUT_MILLIS);
  }
}
