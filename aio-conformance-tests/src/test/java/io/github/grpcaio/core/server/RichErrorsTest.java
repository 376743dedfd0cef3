package io.github.grpcaio.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.ByteArrayMarshaller;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.Status;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.UsageError;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.github.grpcaio.testkit.Utf8;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rich error statuses without protobuf: a handler's {@code grpc-status-details-bin} (a serialized
 * {@code google.rpc.Status}) reaches the client's {@link AioRpcError#trailingMetadata()} and {@code
 * call.trailingMetadata()} as sent, and grpc-java clients; {@code abort} refuses one that cannot be
 * decoded or names another code (the javadoc of {@code ServicerContext.abort}).
 */
@ParameterizedClass
@EnumSource(Transport.class)
class RichErrorsTest {

  private static final String KEY = "grpc-status-details-bin";
  private static final byte[] NOT_FOUND_DETAILS = statusBytes(5, "no such book");

  private final Transport transport;
  @AutoClose private AioTestServer harness;

  RichErrorsTest(Transport transport) {
    this.transport = transport;
  }

  /** A {@code google.rpc.Status} with fields 1 (code) and 2 (message), encoded by hand. */
  private static byte[] statusBytes(int code, String message) {
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x08); // field 1, varint
    out.write(code);
    out.write(0x12); // field 2, length-delimited
    out.write(text.length);
    out.write(text, 0, text.length);
    return out.toByteArray();
  }

  private static Metadata details(byte[] bytes) {
    return new Metadata().add(KEY, bytes).add("x-other", "kept");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void abortWithStatus_detailsReachErrorAndCallTrailers(Kind kind) {
    harness =
        transport.start(
            kind.service(
                ctx -> {
                  throw ctx.abortWithStatus(
                      new Status(StatusCode.NOT_FOUND, "no such book", details(NOT_FOUND_DETAILS)));
                }));

    Kind.Rpc rpc = kind.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(error.details()).isEqualTo("no such book");
    assertThat(error.trailingMetadata().getBinary(KEY)).isEqualTo(NOT_FOUND_DETAILS);
    assertThat(error.trailingMetadata().get("x-other")).isEqualTo("kept");
    Metadata trailers = Await.result(rpc.call().trailingMetadata());
    assertThat(trailers.getBinary(KEY)).isEqualTo(NOT_FOUND_DETAILS);
  }

  @Test
  void setTrailingMetadataAndCode_withoutAbort_sendDetailsToo() {
    harness =
        transport.start(
            Kind.UNARY_UNARY.service(
                ctx -> {
                  ctx.setTrailingMetadata(details(NOT_FOUND_DETAILS));
                  ctx.setCode(StatusCode.NOT_FOUND);
                  ctx.setDetails("no such book");
                  return CompletableFuture.completedFuture(null);
                }));

    Kind.Rpc rpc = Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT);

    AioRpcError error = Await.rpcError(rpc.responses());
    assertThat(error.code()).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(error.trailingMetadata().getBinary(KEY)).isEqualTo(NOT_FOUND_DETAILS);
  }

  @Test
  void abort_withUndecodableOrDisagreeingDetails_throwsUsageError_andAbortsNothing() {
    CompletableFuture<Throwable> undecodable = new CompletableFuture<>();
    CompletableFuture<Throwable> disagreeing = new CompletableFuture<>();
    harness =
        transport.start(
            Kind.UNARY_UNARY.service(
                ctx -> {
                  undecodable.complete(
                      catchThrowable(
                          () ->
                              ctx.abort(
                                  StatusCode.NOT_FOUND, "x", details(new byte[] {0x12, 9, 'a'}))));
                  disagreeing.complete(
                      catchThrowable(
                          () ->
                              ctx.abortWithStatus(
                                  new Status(
                                      StatusCode.INVALID_ARGUMENT,
                                      "x",
                                      details(NOT_FOUND_DETAILS)))));
                  // Neither abort happened: the handler still decides how the RPC ends.
                  return CompletableFuture.completedFuture("still mine");
                }));

    Kind.Rpc rpc = Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.result(rpc.responses())).containsExactly("still mine");
    assertThat(Await.result(undecodable))
        .isInstanceOf(UsageError.class)
        .hasMessage("Undecodable grpc-status-details-bin: truncated");
    assertThat(Await.result(disagreeing))
        .isInstanceOf(UsageError.class)
        .hasMessage(
            "google.rpc.Status code 5 disagrees with the abort's code INVALID_ARGUMENT (3)");
  }

  @Test
  void secondAbort_withUndecodableDetails_isRefusedAsASecondAbort() {
    CompletableFuture<Throwable> second = new CompletableFuture<>();
    harness =
        transport.start(
            Kind.UNARY_UNARY.service(
                ctx -> {
                  catchThrowable(() -> ctx.abort(StatusCode.NOT_FOUND, "first"));
                  second.complete(
                      catchThrowable(
                          () -> ctx.abort(StatusCode.NOT_FOUND, "x", details(new byte[] {0x0B}))));
                  return CompletableFuture.completedFuture("ignored");
                }));

    Kind.Rpc rpc = Kind.UNARY_UNARY.invoke(harness.channel(), CallOptions.DEFAULT);

    assertThat(Await.rpcError(rpc.responses()).details()).isEqualTo("first");
    assertThat(Await.result(second))
        .isInstanceOf(UsageError.class)
        .hasMessage("Abort already called!");
  }

  @Test
  void abort_grpcJavaClientReadsTheDetails() throws InterruptedException {
    harness =
        transport.start(
            Kind.UNARY_UNARY.service(
                ctx -> {
                  throw ctx.abort(StatusCode.NOT_FOUND, "no such book", details(NOT_FOUND_DETAILS));
                }));
    MethodDescriptor<String, String> method =
        MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(Kind.UNARY_UNARY.method().substring(1))
            .setRequestMarshaller(ByteArrayMarshaller.of(Utf8.SERIALIZER, Utf8.DESERIALIZER))
            .setResponseMarshaller(ByteArrayMarshaller.of(Utf8.SERIALIZER, Utf8.DESERIALIZER))
            .build();
    ManagedChannel channel = transport.grpcChannelBuilder(harness.target()).build();
    try {
      assertThatThrownBy(
              () ->
                  ClientCalls.blockingUnaryCall(
                      channel,
                      method,
                      io.grpc.CallOptions.DEFAULT.withDeadlineAfter(
                          Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                      "request"))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.NOT_FOUND);
                assertThat(
                        e.getTrailers()
                            .get(
                                io.grpc.Metadata.Key.of(
                                    KEY, io.grpc.Metadata.BINARY_BYTE_MARSHALLER)))
                    .isEqualTo(NOT_FOUND_DETAILS);
              });
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
