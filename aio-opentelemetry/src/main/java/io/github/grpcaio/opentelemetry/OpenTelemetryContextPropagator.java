package io.github.grpcaio.opentelemetry;

import io.github.grpcaio.ContextPropagator;
import io.opentelemetry.context.Context;

/**
 * Carries OpenTelemetry's {@link Context} (the current span, baggage) where the library runs code
 * for an RPC: {@link Context#current()} is captured, and made current again with {@link
 * Context#makeCurrent()} until the scope closes. Stateless; one instance.
 */
enum OpenTelemetryContextPropagator implements ContextPropagator<Context> {
  INSTANCE;

  @Override
  public Context capture() {
    return Context.current();
  }

  /** Null, never captured here, stands for the root context: nothing current. */
  @Override
  // The returned scope closes the OpenTelemetry one: the library closes it, on this thread, when
  // the work it attached the value for ends.
  @SuppressWarnings("MustBeClosedChecker")
  public Scope attach(Context value) {
    io.opentelemetry.context.Scope scope = (value == null ? Context.root() : value).makeCurrent();
    return scope::close;
  }

  @Override
  public String toString() {
    return "AioOpenTelemetry.contextPropagator()";
  }
}
