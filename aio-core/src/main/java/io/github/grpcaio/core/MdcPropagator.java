package io.github.grpcaio.core;

import io.github.grpcaio.ContextPropagator;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Carries SLF4J's {@link MDC} with each call and RPC, so that the log lines of interceptors,
 * handlers, callbacks and the stages they chain carry the entries of the code that made the call
 * (or that an interceptor put for the RPC), whatever thread runs them. Install it with {@code
 * ChannelOptions.Builder.contextPropagators(List.of(MdcPropagator.INSTANCE))}, the same on {@code
 * ServerOptions}, or for everything with {@code ContextPropagator.registerGlobal(
 * MdcPropagator.INSTANCE)}.
 *
 * <p>The whole map is carried, as a copy taken where the context is captured; after each piece of
 * work the thread gets its own map back. Needs {@code org.slf4j:slf4j-api} on the class path (an
 * optional dependency of this library).
 */
public final class MdcPropagator implements ContextPropagator<Map<String, String>> {

  /** The propagator; it holds no state. */
  public static final MdcPropagator INSTANCE = new MdcPropagator();

  private MdcPropagator() {}

  @Override
  public Map<String, String> capture() {
    return MDC.getCopyOfContextMap();
  }

  @Override
  public Scope attach(Map<String, String> value) {
    Map<String, String> previous = MDC.getCopyOfContextMap();
    set(value);
    return () -> set(previous);
  }

  private static void set(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      MDC.clear();
    } else {
      MDC.setContextMap(map);
    }
  }

  @Override
  public String toString() {
    return "MdcPropagator";
  }
}
