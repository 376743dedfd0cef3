package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.ClientInterceptor;
import io.github.grpcaio.StreamStreamClientInterceptor;
import io.github.grpcaio.StreamUnaryClientInterceptor;
import io.github.grpcaio.UnaryStreamClientInterceptor;
import io.github.grpcaio.UnaryUnaryClientInterceptor;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel's client interceptors sorted by the kind of call they intercept, each list outermost
 * first. An interceptor that implements several kinds is in each of their lists: unlike Python,
 * whose if/elif chain uses such an object only for the first kind it matches.
 *
 * @param unaryUnary the UnaryUnary interceptors
 * @param unaryStream the UnaryStream interceptors
 * @param streamUnary the StreamUnary interceptors
 * @param streamStream the StreamStream interceptors
 */
public record ClientInterceptors(
    List<UnaryUnaryClientInterceptor> unaryUnary,
    List<UnaryStreamClientInterceptor> unaryStream,
    List<StreamUnaryClientInterceptor> streamUnary,
    List<StreamStreamClientInterceptor> streamStream) {

  /** No interceptors. */
  public static final ClientInterceptors NONE =
      new ClientInterceptors(List.of(), List.of(), List.of(), List.of());

  /**
   * Copies the lists.
   *
   * @param unaryUnary the UnaryUnary interceptors
   * @param unaryStream the UnaryStream interceptors
   * @param streamUnary the StreamUnary interceptors
   * @param streamStream the StreamStream interceptors
   */
  public ClientInterceptors {
    unaryUnary = List.copyOf(unaryUnary);
    unaryStream = List.copyOf(unaryStream);
    streamUnary = List.copyOf(streamUnary);
    streamStream = List.copyOf(streamStream);
  }

  /**
   * Sorts interceptors by kind, keeping their order.
   *
   * @param interceptors the channel's interceptors, outermost first
   * @return the interceptors by kind
   * @throws IllegalArgumentException if one implements none of the four kinds (as Python's {@code
   *     ValueError})
   */
  public static ClientInterceptors of(List<? extends ClientInterceptor> interceptors) {
    if (interceptors.isEmpty()) {
      return NONE;
    }
    List<UnaryUnaryClientInterceptor> uu = new ArrayList<>();
    List<UnaryStreamClientInterceptor> us = new ArrayList<>();
    List<StreamUnaryClientInterceptor> su = new ArrayList<>();
    List<StreamStreamClientInterceptor> ss = new ArrayList<>();
    for (ClientInterceptor interceptor : interceptors) {
      boolean known = false;
      if (interceptor instanceof UnaryUnaryClientInterceptor i) {
        uu.add(i);
        known = true;
      }
      if (interceptor instanceof UnaryStreamClientInterceptor i) {
        us.add(i);
        known = true;
      }
      if (interceptor instanceof StreamUnaryClientInterceptor i) {
        su.add(i);
        known = true;
      }
      if (interceptor instanceof StreamStreamClientInterceptor i) {
        ss.add(i);
        known = true;
      }
      if (!known) {
        throw new IllegalArgumentException(
            "Interceptor "
                + interceptor.getClass().getName()
                + " must implement UnaryUnaryClientInterceptor, UnaryStreamClientInterceptor,"
                + " StreamUnaryClientInterceptor or StreamStreamClientInterceptor");
      }
    }
    return new ClientInterceptors(uu, us, su, ss);
  }
}
