package io.github.grpcaio.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.ByteArrayMarshaller;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A {@code google.rpc.Status} with an {@code ErrorInfo} detail passes between aio and grpc-java
 * both ways, and what cannot be read back is refused clearly (the javadoc of {@link RpcStatus}).
 */
@ParameterizedClass
@EnumSource(Transport.class)
class RpcStatusTest {

  private static final MethodDescriptor<String, String> FAIL =
      MethodDescriptor.<String, String>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("test.Rich/Fail")
          .setRequestMarshaller(ByteArrayMarshaller.of(Utf8.SERIALIZER, Utf8.DESERIALIZER))
          .setResponseMarshaller(ByteArrayMarshaller.of(Utf8.SERIALIZER, Utf8.DESERIALIZER))
          .build();

  private static final com.google.rpc.Status RICH =
      com.google.rpc.Status.newBuilder()
          .setCode(StatusCode.FAILED_PRECONDITION.value())
          .setMessage("the shelf is locked")
          .addDetails(
              Any.pack(
                  ErrorInfo.newBuilder()
                      .setReason("SHELF_LOCKED")
                      .setDomain("library.example.com")
                      .putMetadata("shelf", "7")
                      .build()))
          .build();

  /** An aio service whose {@link #FAIL} aborts with {@link #RICH} through {@link RpcStatus}. */
  private static final ServiceRpcHandler ABORTING =
      ServiceRpcHandler.of(
          "test.Rich",
          Map.of(
              "Fail",
              RpcMethodHandler.unaryUnary(
                  FAIL,
                  (request, context) -> {
                    throw RpcStatus.abort(context, RICH);
                  })));

  private static final Metadata.Key<byte[]> DETAILS_KEY =
      Metadata.Key.of(RpcStatus.GRPC_DETAILS_METADATA_KEY, Metadata.BINARY_BYTE_MARSHALLER);

  private final Transport transport;
  @AutoClose private AioTestServer aioServer;
  @AutoClose private GrpcJavaPeer.Hosted grpcServer;
  @AutoClose private Channel aioChannel;
  private volatile Throwable failWith; // what the grpc-java service answers the next call with

  RpcStatusTest(Transport transport) {
    this.transport = transport;
  }

  @Test
  void aioAbort_grpcJavaStubReadsStatusAndErrorInfo() throws Exception {
    aioServer = transport.start(ABORTING);
    ManagedChannel channel = GrpcJavaPeer.channel(transport, aioServer.target());
    try {
      Throwable thrown = failureOfGrpcJavaCall(channel);

      assertThat(thrown).isInstanceOf(StatusRuntimeException.class);
      assertThat(StatusProto.fromThrowable(thrown)).isEqualTo(RICH);
      assertThat(
              StatusProto.fromThrowable(thrown).getDetails(0).unpack(ErrorInfo.class).getReason())
          .isEqualTo("SHELF_LOCKED");
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void grpcJavaStatusProto_aioClientReadsItFromErrorAndCall() throws Exception {
    UnaryUnaryCall<String> call =
        callGrpcJavaFailingWith(StatusProto.toStatusRuntimeException(RICH));

    AioRpcError error = Await.rpcError(call.response());
    Optional<com.google.rpc.Status> fromError = RpcStatus.fromError(error);
    Optional<com.google.rpc.Status> fromCall = Await.result(RpcStatus.fromCall(call));

    assertThat(error.code()).isEqualTo(StatusCode.FAILED_PRECONDITION);
    assertThat(fromError).contains(RICH);
    assertThat(fromError.get().getDetails(0).unpack(ErrorInfo.class).getMetadataMap())
        .containsEntry("shelf", "7");
    assertThat(fromCall).contains(RICH);
  }

  @Test
  void grpcJavaServiceHostedOnAioServer_aioClientReadsErrorInfo() {
    aioServer = transport.start();
    aioServer
        .server()
        .addService(
            ServerServiceDefinition.builder("test.Rich")
                .addMethod(
                    FAIL,
                    ServerCalls.asyncUnaryCall(
                        (request, observer) ->
                            observer.onError(StatusProto.toStatusRuntimeException(RICH))))
                .build());

    AioRpcError error = Await.rpcError(aioServer.channel().unaryUnary(FAIL).call("r").response());

    assertThat(RpcStatus.fromError(error)).contains(RICH);
  }

  @Test
  void aioServiceExportedIntoGrpcJavaServer_grpcJavaStubReadsErrorInfo() throws Exception {
    grpcServer = GrpcJavaPeer.serve(transport, GrpcAio.bindService(ABORTING));
    ManagedChannel channel = GrpcJavaPeer.channel(transport, grpcServer.target());
    try {
      Throwable thrown = failureOfGrpcJavaCall(channel);

      assertThat(StatusProto.fromThrowable(thrown)).isEqualTo(RICH);
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void plainError_hasNoRichStatus() throws Exception {
    UnaryUnaryCall<String> call =
        callGrpcJavaFailingWith(io.grpc.Status.NOT_FOUND.withDescription("gone").asException());

    assertThat(RpcStatus.fromError(Await.rpcError(call.response()))).isEmpty();
    assertThat(Await.result(RpcStatus.fromCall(call))).isEmpty();
  }

  @Test
  void undecodableDetails_keptRaw_butRefusedByFromErrorAndFromCall() throws Exception {
    byte[] garbage = {0x12, 9, 'a'};
    Metadata trailers = new Metadata();
    trailers.put(DETAILS_KEY, garbage);
    UnaryUnaryCall<String> call =
        callGrpcJavaFailingWith(io.grpc.Status.NOT_FOUND.asRuntimeException(trailers));

    AioRpcError error = Await.rpcError(call.response());

    assertThat(error.trailingMetadata().getBinary(RpcStatus.GRPC_DETAILS_METADATA_KEY))
        .isEqualTo(garbage);
    assertThatThrownBy(() -> RpcStatus.fromError(error))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Undecodable grpc-status-details-bin");
    assertThat(Await.failure(RpcStatus.fromCall(call)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Undecodable grpc-status-details-bin");
  }

  @Test
  void detailsDisagreeingWithTheRpcStatus_refusedByFromError() throws Exception {
    // grpc-java sends whatever trailers it is given: here a status proto of another code.
    Metadata trailers = new Metadata();
    trailers.put(DETAILS_KEY, RICH.toByteArray());
    AioRpcError otherCode =
        Await.rpcError(
            callGrpcJavaFailingWith(
                    io.grpc.Status.NOT_FOUND
                        .withDescription(RICH.getMessage())
                        .asRuntimeException(trailers))
                .response());
    AioRpcError otherMessage =
        Await.rpcError(
            callGrpcJavaFailingWith(
                    io.grpc.Status.FAILED_PRECONDITION
                        .withDescription("another text")
                        .asRuntimeException(trailers))
                .response());

    assertThatThrownBy(() -> RpcStatus.fromError(otherCode))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Code in Status proto (9) doesn't match status code (NOT_FOUND)");
    assertThatThrownBy(() -> RpcStatus.fromError(otherMessage))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Message in Status proto (the shelf is locked) doesn't match status details"
                + " (another text)");
  }

  /** What a grpc-java blocking stub throws when it calls {@link #FAIL} on {@code channel}. */
  private static Throwable failureOfGrpcJavaCall(ManagedChannel channel) {
    return org.assertj.core.api.Assertions.catchThrowable(
        () ->
            ClientCalls.blockingUnaryCall(
                channel,
                FAIL,
                io.grpc.CallOptions.DEFAULT.withDeadlineAfter(
                    Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                "request"));
  }

  /**
   * Calls, from an aio client, a grpc-java service whose {@link #FAIL} ends with {@code error}; the
   * service and the channel are made by the first call of a test.
   */
  private UnaryUnaryCall<String> callGrpcJavaFailingWith(Throwable error) throws Exception {
    failWith = error;
    if (grpcServer == null) {
      grpcServer =
          GrpcJavaPeer.serve(
              transport,
              ServerServiceDefinition.builder("test.Rich")
                  .addMethod(
                      FAIL,
                      ServerCalls.asyncUnaryCall((request, observer) -> observer.onError(failWith)))
                  .build());
      aioChannel = transport.open(grpcServer.target(), ChannelOptions.DEFAULT);
    }
    return aioChannel.unaryUnary(FAIL).call("request");
  }
}
