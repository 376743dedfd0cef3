package io.github.grpcaio.core.tck;

import org.reactivestreams.tck.TestEnvironment;

/** The TCK timeouts shared by the verifications here. */
public final class TckEnvironment {

  /**
   * How long the TCK waits for an expected signal; a passing test pays only until the signal comes.
   * Generous: the build runs on two loaded cores, a real RPC has a few thread hops per signal, and
   * Netty's PARANOID leak detection records a stack trace at every buffer access (at 1 s, rule
   * 3.17's test over Netty starved after a test that flooded and cancelled a stream).
   */
  public static final long DEFAULT_TIMEOUT_MILLIS = 5000;

  /**
   * How long the TCK watches for a signal that must not come. Each such wait is paid in full by a
   * passing test, so it is kept short enough for the whole TCK to run in well under a minute.
   */
  public static final long NO_SIGNALS_TIMEOUT_MILLIS = 300;

  /**
   * The largest stream asked of a publisher whose messages are written up front ({@code
   * WriteQueue}): every message is held in memory, and the required tests ask for at most a few
   * dozen. It skips rule 3.17's test, which wants {@link Integer#MAX_VALUE} elements.
   */
  public static final long MAX_ELEMENTS = 1024;

  /**
   * The largest stream asked of an RPC: its messages come from a publisher that produces on demand,
   * so the bound costs nothing until requested, and every test that asks for many cancels after a
   * few. {@link Integer#MAX_VALUE} lets rule 3.17's test run (demand above {@code Long.MAX_VALUE}
   * must not be an error).
   */
  public static final long MAX_RPC_ELEMENTS = Integer.MAX_VALUE;

  /**
   * How long the TCK waits for an expected signal from a publisher that signals on the thread that
   * subscribes or requests (no RPC, no thread hop): the signal is there at once, and a passing run
   * still pays this wait in full in the rule 3.9 tests.
   */
  public static final long IN_MEMORY_TIMEOUT_MILLIS = 1000;

  /** How long the TCK watches for a signal that must not come from such a publisher. */
  public static final long IN_MEMORY_NO_SIGNALS_TIMEOUT_MILLIS = 100;

  /**
   * How often the TCK looks for an expected signal while it waits. Without it the TCK's
   * two-argument environment polls once per {@code DEFAULT_TIMEOUT_MILLIS}, so every test that
   * expects an error (the rule 3.9 ones) paid the whole timeout even when the error was already
   * there.
   */
  public static final long POLL_MILLIS = 20;

  private TckEnvironment() {}

  /**
   * Returns a new environment for a publisher that signals on the calling thread, with the shorter
   * {@code IN_MEMORY_*} timeouts.
   *
   * @return the environment
   */
  public static TestEnvironment inMemory() {
    return new TestEnvironment(
        IN_MEMORY_TIMEOUT_MILLIS, IN_MEMORY_NO_SIGNALS_TIMEOUT_MILLIS, POLL_MILLIS);
  }

  /**
   * Returns a new environment with these timeouts.
   *
   * @return the environment
   */
  public static TestEnvironment create() {
    return new TestEnvironment(DEFAULT_TIMEOUT_MILLIS, NO_SIGNALS_TIMEOUT_MILLIS, POLL_MILLIS);
  }
}
