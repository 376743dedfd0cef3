package io.github.grpcaio;

/**
 * Chooses the handler of an incoming RPC, as Python's {@code grpc.GenericRpcHandler}. Called on the
 * server's executor once per RPC, in the order handlers were added; the first non-null answer wins,
 * and no answer at all gives {@code UNIMPLEMENTED "Method not found!"}.
 */
@FunctionalInterface
public interface GenericRpcHandler {

  /**
   * Returns the handler for an RPC, or null if this object does not serve it.
   *
   * @param details the method name and invocation metadata
   * @return the handler, or null
   */
  RpcMethodHandler<?, ?> service(HandlerCallDetails details);
}
