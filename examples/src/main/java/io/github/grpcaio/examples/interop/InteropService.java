package io.github.grpcaio.examples.interop;

import static java.util.concurrent.TimeUnit.MICROSECONDS;

import com.google.protobuf.ByteString;
import io.github.grpcaio.Compression;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.examples.interop.proto.EmptyProtos.Empty;
import io.github.grpcaio.examples.interop.proto.Messages.EchoStatus;
import io.github.grpcaio.examples.interop.proto.Messages.Payload;
import io.github.grpcaio.examples.interop.proto.Messages.PayloadType;
import io.github.grpcaio.examples.interop.proto.Messages.ResponseParameters;
import io.github.grpcaio.examples.interop.proto.Messages.SimpleRequest;
import io.github.grpcaio.examples.interop.proto.Messages.SimpleResponse;
import io.github.grpcaio.examples.interop.proto.Messages.StreamingInputCallRequest;
import io.github.grpcaio.examples.interop.proto.Messages.StreamingInputCallResponse;
import io.github.grpcaio.examples.interop.proto.Messages.StreamingOutputCallRequest;
import io.github.grpcaio.examples.interop.proto.Messages.StreamingOutputCallResponse;
import io.github.grpcaio.examples.interop.proto.TestServiceAio;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * {@code grpc.testing.TestService} on the aio server API, as grpc's interop test descriptions ask
 * of a test server. {@code UnimplementedCall} keeps the generated default ({@code UNIMPLEMENTED}).
 *
 * <p>{@code expect_compressed: true} is checked against {@link ServicerContext#requestCompression}:
 * a request expecting compression on a call the client did not compress fails with {@code
 * INVALID_ARGUMENT}, which is what the {@code client_compressed_*} feature probes look for. The
 * check is per call, not per message (gRPC libraries do not report a single message's compression
 * flag to handlers), so {@code expect_compressed: false} on a compressed call is accepted.
 */
public class InteropService implements TestServiceAio.Servicer {

  static final String ECHO_INITIAL = "x-grpc-test-echo-initial";
  static final String ECHO_TRAILING = "x-grpc-test-echo-trailing-bin";

  @Override
  public CompletionStage<Empty> emptyCall(Empty request, ServicerContext<Empty, Empty> context) {
    return CompletableFuture.completedFuture(Empty.getDefaultInstance());
  }

  @Override
  public CompletionStage<SimpleResponse> unaryCall(
      SimpleRequest request, ServicerContext<SimpleRequest, SimpleResponse> context) {
    checkCompression(
        request.hasExpectCompressed() && request.getExpectCompressed().getValue(), context);
    return echoMetadata(context)
        .thenApply(
            sent -> {
              echoStatus(request.hasResponseStatus(), request.getResponseStatus(), context);
              if (request.hasResponseCompressed() && request.getResponseCompressed().getValue()) {
                context.setCompression(Compression.GZIP);
              }
              SimpleResponse.Builder response = SimpleResponse.newBuilder();
              if (request.getResponseSize() > 0) {
                response.setPayload(payload(request.getResponseSize()));
              }
              return response.build();
            });
  }

  @Override
  public CompletionStage<?> streamingOutputCall(
      StreamingOutputCallRequest request,
      ServicerContext<StreamingOutputCallRequest, StreamingOutputCallResponse> context) {
    useCompressionIfAsked(request.getResponseParametersList(), context);
    return echoMetadata(context)
        .thenCompose(
            sent -> {
              echoStatus(request.hasResponseStatus(), request.getResponseStatus(), context);
              return respond(request.getResponseParametersList(), context);
            });
  }

  @Override
  public CompletionStage<StreamingInputCallResponse> streamingInputCall(
      Flow.Publisher<StreamingInputCallRequest> requests,
      ServicerContext<StreamingInputCallRequest, StreamingInputCallResponse> context) {
    int[] aggregated = {0}; // touched by one action at a time: the next request waits for it
    return context
        .forEachRequest(
            request -> {
              checkCompression(
                  request.hasExpectCompressed() && request.getExpectCompressed().getValue(),
                  context);
              aggregated[0] += request.getPayload().getBody().size();
            })
        .thenApply(
            done ->
                StreamingInputCallResponse.newBuilder()
                    .setAggregatedPayloadSize(aggregated[0])
                    .build());
  }

  @Override
  public CompletionStage<?> fullDuplexCall(
      Flow.Publisher<StreamingOutputCallRequest> requests,
      ServicerContext<StreamingOutputCallRequest, StreamingOutputCallResponse> context) {
    return echoMetadata(context)
        .thenCompose(
            sent ->
                context.forEachRequestAsync(
                    request -> {
                      echoStatus(request.hasResponseStatus(), request.getResponseStatus(), context);
                      return respond(request.getResponseParametersList(), context);
                    }));
  }

  @Override
  public CompletionStage<?> halfDuplexCall(
      Flow.Publisher<StreamingOutputCallRequest> requests,
      ServicerContext<StreamingOutputCallRequest, StreamingOutputCallResponse> context) {
    List<StreamingOutputCallRequest> all = new ArrayList<>(); // one action at a time
    return context
        .forEachRequest(all::add)
        .thenCompose(
            done -> {
              CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
              for (StreamingOutputCallRequest request : all) {
                written =
                    written.thenCompose(
                        previous -> respond(request.getResponseParametersList(), context));
              }
              return written;
            });
  }

  /** Sends the responses one after the other, each after its interval. */
  private static CompletableFuture<Void> respond(
      List<ResponseParameters> parameters,
      ServicerContext<?, StreamingOutputCallResponse> context) {
    CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
    for (ResponseParameters p : parameters) {
      written =
          written
              .thenCompose(
                  previous ->
                      p.getIntervalUs() <= 0
                          ? CompletableFuture.<Void>completedFuture(null)
                          : CompletableFuture.runAsync(
                              () -> {},
                              CompletableFuture.delayedExecutor(p.getIntervalUs(), MICROSECONDS)))
              .thenCompose(
                  waited -> {
                    if (p.hasCompressed() && !p.getCompressed().getValue()) {
                      context.disableNextMessageCompression();
                    }
                    return context.write(
                        StreamingOutputCallResponse.newBuilder()
                            .setPayload(payload(p.getSize()))
                            .build());
                  });
    }
    return written;
  }

  /** Fails the call if the request expects compression and the call is not compressed. */
  private static void checkCompression(boolean expectCompressed, ServicerContext<?, ?> context) {
    if (expectCompressed && context.requestCompression() == Compression.NO_COMPRESSION) {
      throw context.abort(
          StatusCode.INVALID_ARGUMENT, "expect_compressed is set but the request is uncompressed");
    }
  }

  /** Compresses the stream's responses if one of them asks for it (the others opt out). */
  private static void useCompressionIfAsked(
      List<ResponseParameters> parameters, ServicerContext<?, ?> context) {
    if (parameters.stream().anyMatch(p -> p.hasCompressed() && p.getCompressed().getValue())) {
      context.setCompression(Compression.GZIP);
    }
  }

  /** Echoes the test headers: the initial one at once, the trailing one with the status. */
  private static CompletableFuture<Void> echoMetadata(ServicerContext<?, ?> context) {
    Metadata invocation = context.invocationMetadata();
    byte[] trailing = invocation.getBinary(ECHO_TRAILING);
    if (trailing != null) {
      context.setTrailingMetadata(new Metadata().add(ECHO_TRAILING, trailing));
    }
    String initial = invocation.get(ECHO_INITIAL);
    if (initial != null) {
      return context.sendInitialMetadata(Metadata.of(ECHO_INITIAL, initial));
    }
    return CompletableFuture.completedFuture(null);
  }

  /** Ends the RPC with the requested status, if one was requested. */
  private static void echoStatus(boolean has, EchoStatus status, ServicerContext<?, ?> context) {
    if (has && status.getCode() != 0) {
      throw context.abort(StatusCode.fromValue(status.getCode()), status.getMessage());
    }
  }

  private static Payload payload(int size) {
    return Payload.newBuilder()
        .setType(PayloadType.COMPRESSABLE)
        .setBody(ByteString.copyFrom(new byte[size]))
        .build();
  }
}
