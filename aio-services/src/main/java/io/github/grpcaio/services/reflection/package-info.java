/**
 * gRPC server reflection for aio servers, as Python's {@code grpc_reflection.v1alpha.reflection}:
 * {@link io.github.grpcaio.services.reflection.Reflection#enableServerReflection} hosts grpc-java's
 * reflection services (v1 and v1alpha) on the server, so tools such as {@code grpcurl} list its
 * services and describe them with their proto files.
 */
package io.github.grpcaio.services.reflection;
