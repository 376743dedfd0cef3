/**
 * grpc-aio for protobuf users: rich error statuses, as Python's {@code grpcio-status}. This module
 * ({@code io.github.grpcaio:aio-protobuf}) is optional: it brings protobuf and the common protos
 * ({@code com.google.rpc}), which the rest of grpc-aio does without.
 *
 * <p>A handler rejects a request with a {@code google.rpc.Status} whose details say why, and any
 * gRPC client reads them: an aio client with {@link io.github.grpcaio.protobuf.RpcStatus#fromError}
 * or {@link io.github.grpcaio.protobuf.RpcStatus#fromCall}, grpc-java with {@code
 * StatusProto.fromThrowable}, Python with {@code rpc_status.from_call}.
 *
 * <pre>{@code
 * // server: reject a bad field
 * com.google.rpc.Status status =
 *     com.google.rpc.Status.newBuilder()
 *         .setCode(StatusCode.INVALID_ARGUMENT.value())
 *         .setMessage("name must not be empty")
 *         .addDetails(Any.pack(BadRequest.newBuilder()
 *             .addFieldViolations(BadRequest.FieldViolation.newBuilder()
 *                 .setField("name").setDescription("empty"))
 *             .build()))
 *         .addDetails(Any.pack(ErrorInfo.newBuilder()
 *             .setReason("EMPTY_NAME").setDomain("names.example.com").build()))
 *         .build();
 * throw RpcStatus.abort(context, status);
 *
 * // client: read it back
 * try {
 *   stub.register(request).response().join();
 * } catch (CompletionException e) {
 *   if (e.getCause() instanceof AioRpcError error) {
 *     Optional<com.google.rpc.Status> rich = RpcStatus.fromError(error);
 *     for (Any detail : rich.map(com.google.rpc.Status::getDetailsList).orElse(List.of())) {
 *       if (detail.is(BadRequest.class)) {
 *         BadRequest bad = detail.unpack(BadRequest.class);
 *       }
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Without this module the raw bytes are there all the same: {@link
 * io.github.grpcaio.AioRpcError#trailingMetadata()} keeps {@code grpc-status-details-bin}, and
 * {@link io.github.grpcaio.ServicerContext#abortWithStatus} sends it, checking that it decodes and
 * carries the abort's code.
 */
package io.github.grpcaio.protobuf;
