package io.github.grpcaio.testkit;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Call;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.StatusCode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.ObjectAssert;

/**
 * AssertJ assertions on the outcome of one RPC, created by {@link AioAssertions#assertThatRpc}. The
 * first assertion waits for the RPC to end, at most the timeout (5 seconds by default, {@link
 * #within} to change); later ones reuse the outcome. Failure messages show the status code and
 * details.
 *
 * <p>Not thread-safe: use one instance from one thread. Blocks the calling thread while waiting, so
 * do not call it on a channel's or server's executor.
 *
 * @param <T> the response type
 */
public final class RpcAssert<T> extends AbstractAssert<RpcAssert<T>, Object> {

  /** The default bound of every wait: 5 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final CompletableFuture<T> response;
  private final Call call;
  private Duration timeout = DEFAULT_TIMEOUT;
  private Outcome<T> outcome;

  RpcAssert(Object actual, CompletableFuture<T> response, Call call) {
    super(actual, RpcAssert.class);
    this.response = response;
    this.call = call;
  }

  /**
   * Sets the bound of the wait for the outcome.
   *
   * @param timeout a positive duration
   * @return this assertion
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public RpcAssert<T> within(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  /**
   * Checks that the RPC ends with {@code OK} and the response equals {@code expected}.
   *
   * @param expected the expected response ({@code null} for a call without a response future)
   * @return this assertion
   * @throws AssertionError if the RPC failed, was cancelled, answered otherwise or did not end in
   *     time
   */
  public RpcAssert<T> succeedsWith(T expected) {
    Outcome<T> o = succeeded();
    if (!Objects.equals(o.value, expected)) {
      failWithMessage(
          "Expected the RPC to succeed with <%s> but it answered <%s>", expected, o.value);
    }
    return this;
  }

  /**
   * Checks that the RPC ends with {@code OK} within {@code timeout} and returns an assertion on its
   * response, as AssertJ's {@code succeedsWithin}.
   *
   * @param timeout a positive duration
   * @return an assertion on the response
   * @throws AssertionError if the RPC failed, was cancelled or did not end in time
   */
  public ObjectAssert<T> succeedsWithin(Duration timeout) {
    within(timeout);
    return new ObjectAssert<>(succeeded().value);
  }

  /**
   * Checks that the RPC ends with {@code OK} within the timeout and returns an assertion on its
   * response.
   *
   * @return an assertion on the response
   * @throws AssertionError if the RPC failed, was cancelled or did not end in time
   */
  public ObjectAssert<T> succeeds() {
    return new ObjectAssert<>(succeeded().value);
  }

  /**
   * Checks that the RPC ends with status {@code code} (a local cancel counts as {@code CANCELLED}).
   *
   * @param code the expected code, not {@code OK}
   * @return this assertion, for {@link #hasDetails} and {@link #hasTrailingMetadata}
   * @throws AssertionError if it succeeded, failed otherwise or did not end in time
   */
  public RpcAssert<T> failsWith(StatusCode code) {
    Outcome<T> o = outcome();
    if (o.code == StatusCode.OK && o.error == null) {
      failWithMessage("Expected the RPC to fail with %s but it succeeded with <%s>", code, o.value);
    }
    if (o.code != code) {
      failWithMessage("Expected the RPC to fail with %s but it ended with %s", code, o.describe());
    }
    return this;
  }

  /**
   * Checks that the RPC was cancelled locally (by {@code cancel()}, a cancelled response future or
   * subscription, or the channel's closing), not by a {@code CANCELLED} status from the server.
   *
   * @return this assertion
   * @throws AssertionError if it was not, or did not end in time
   */
  public RpcAssert<T> isCancelled() {
    Outcome<T> o = outcome();
    boolean cancelled = call != null ? call.cancelled() : o.error instanceof CancellationException;
    if (!cancelled) {
      failWithMessage(
          "Expected the RPC to be cancelled locally but it ended with %s", o.describe());
    }
    return this;
  }

  /**
   * Checks the final status details exactly.
   *
   * @param details the expected details ({@code ""} when there are none)
   * @return this assertion
   * @throws AssertionError if they differ or the RPC did not end in time
   */
  public RpcAssert<T> hasDetails(String details) {
    Outcome<T> o = outcome();
    if (!Objects.equals(o.details, details)) {
      failWithMessage(
          "Expected status details <%s> but the RPC ended with %s", details, o.describe());
    }
    return this;
  }

  /**
   * Checks that the final status details contain {@code part}.
   *
   * @param part the expected substring
   * @return this assertion
   * @throws AssertionError if they do not or the RPC did not end in time
   */
  public RpcAssert<T> hasDetailsContaining(String part) {
    Outcome<T> o = outcome();
    if (o.details == null || !o.details.contains(part)) {
      failWithMessage(
          "Expected status details containing <%s> but the RPC ended with %s", part, o.describe());
    }
    return this;
  }

  /**
   * Checks that the trailing metadata has {@code value} among the values of {@code key}. Needs a
   * call, or a future that failed with {@link AioRpcError} (which carries the trailers).
   *
   * @param key an ASCII metadata key
   * @param value the expected value
   * @return this assertion
   * @throws AssertionError if the value is missing, the trailers are unknown or the RPC did not end
   *     in time
   */
  public RpcAssert<T> hasTrailingMetadata(String key, String value) {
    Outcome<T> o = outcome();
    if (o.trailers == null) {
      failWithMessage(
          "Expected trailing metadata %s=%s but they are unknown: pass the call, not its future"
              + " (the RPC ended with %s)",
          key, value, o.describe());
    }
    List<String> values = o.trailers.getAll(key);
    if (!values.contains(value)) {
      failWithMessage(
          "Expected trailing metadata %s=%s but got %s (all trailers: %s; the RPC ended with %s)",
          key, value, values, o.trailers, o.describe());
    }
    return this;
  }

  /**
   * Returns an assertion on the final status code.
   *
   * @return an assertion on the code
   * @throws AssertionError if the RPC did not end in time
   */
  public ObjectAssert<StatusCode> code() {
    return new ObjectAssert<>(outcome().code);
  }

  private Outcome<T> succeeded() {
    Outcome<T> o = outcome();
    if (o.error != null || o.code != StatusCode.OK) {
      AssertionError e =
          new AssertionError("Expected the RPC to succeed but it ended with " + o.describe());
      if (o.error != null) {
        e.initCause(o.error);
      }
      throw e;
    }
    return o;
  }

  private Outcome<T> outcome() {
    isNotNull();
    if (outcome == null) {
      outcome = resolve();
    }
    return outcome;
  }

  private Outcome<T> resolve() {
    long deadline = System.nanoTime() + timeout.toNanos();
    T value = null;
    Throwable error = null;
    if (response != null) {
      try {
        value = response.get(left(deadline), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        error = unwrap(e.getCause());
      } catch (CancellationException e) {
        error = e;
      } catch (TimeoutException e) {
        throw notDone();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted while waiting for the RPC", e);
      }
    }
    if (call != null) {
      StatusCode code = get(call.code(), deadline);
      String details = get(call.details(), deadline);
      Metadata trailers = get(call.trailingMetadata(), deadline);
      return new Outcome<>(value, error, code, details, trailers);
    }
    if (error == null) {
      return new Outcome<>(value, null, StatusCode.OK, "", null);
    }
    if (error instanceof AioRpcError rpc) {
      return new Outcome<>(null, error, rpc.code(), rpc.details(), rpc.trailingMetadata());
    }
    if (error instanceof CancellationException) {
      return new Outcome<>(null, error, StatusCode.CANCELLED, error.getMessage(), null);
    }
    // Not an RPC failure, for example a derived future that failed in user code.
    return new Outcome<>(null, error, StatusCode.UNKNOWN, String.valueOf(error), null);
  }

  private <V> V get(CompletableFuture<V> future, long deadline) {
    try {
      return future.get(left(deadline), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw notDone();
    } catch (ExecutionException e) {
      throw new AssertionError("The call's status failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for the RPC", e);
    }
  }

  private AssertionError notDone() {
    return new AssertionError(
        "Expected the RPC to end within " + timeout + " but it is still open: " + actual);
  }

  private static long left(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** How the RPC ended. */
  private record Outcome<T>(
      T value, Throwable error, StatusCode code, String details, Metadata trailers) {
    String describe() {
      StringBuilder sb = new StringBuilder().append(code);
      if (details != null && !details.isEmpty()) {
        sb.append(" \"").append(details).append('"');
      }
      if (error != null && !(error instanceof AioRpcError)) {
        sb.append(" (").append(error).append(')');
      }
      return sb.toString();
    }
  }
}
