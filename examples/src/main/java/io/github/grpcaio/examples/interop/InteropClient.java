package io.github.grpcaio.examples.interop;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.google.protobuf.ByteString;
import io.github.grpcaio.Call;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Compression;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.examples.interop.proto.EmptyProtos.Empty;
import io.github.grpcaio.examples.interop.proto.Messages.BoolValue;
import io.github.grpcaio.examples.interop.proto.Messages.EchoStatus;
import io.github.grpcaio.examples.interop.proto.Messages.Payload;
import io.github.grpcaio.examples.interop.proto.Messages.ResponseParameters;
import io.github.grpcaio.examples.interop.proto.Messages.SimpleRequest;
import io.github.grpcaio.examples.interop.proto.Messages.SimpleResponse;
import io.github.grpcaio.examples.interop.proto.Messages.StreamingInputCallRequest;
import io.github.grpcaio.examples.interop.proto.Messages.StreamingInputCallResponse;
import io.github.grpcaio.examples.interop.proto.Messages.StreamingOutputCallRequest;
import io.github.grpcaio.examples.interop.proto.Messages.StreamingOutputCallResponse;
import io.github.grpcaio.examples.interop.proto.TestServiceAio;
import io.github.grpcaio.examples.interop.proto.UnimplementedServiceAio;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * The gRPC interop test client on the aio client API, following grpc's {@code
 * doc/interop-test-descriptions.md}: {@code InteropClient --server_host=HOST --server_port=PORT
 * --test_case=CASE[,CASE...]|all}. Each case prints {@code PASS <case>} or {@code FAIL <case>:
 * reason}; the run ends with {@code N passed, M failed} and exits non-zero if a case failed.
 *
 * <p>{@code client_compressed_unary} and {@code client_compressed_streaming} start with the feature
 * probe (an uncompressed request that expects compression must fail with {@code INVALID_ARGUMENT}).
 * The aio interop server supports it; grpc-java's {@code TestServiceServer} does not check {@code
 * expect_compressed}, and the {@code ..._noprobe} variants, named as in grpc-java's client, skip
 * the probe for such servers. The aio client API has no per-message compression switch (nor has
 * Python's {@code grpc.aio}): for {@code client_compressed_streaming}, whose second request must go
 * out uncompressed on its compressed call, the channel {@link #run(String, int, List, PrintStream)}
 * opens has a grpc-java interceptor ({@code SecondRequestUncompressed}) that turns grpc-java's
 * per-message switch off for it. On a channel the caller opens, both go out compressed.
 */
public final class InteropClient {

  /** The standard cases, in the order {@code all} runs them. */
  public static final List<String> ALL_CASES =
      List.of(
          "empty_unary",
          "large_unary",
          "client_streaming",
          "server_streaming",
          "ping_pong",
          "empty_stream",
          "cancel_after_begin",
          "cancel_after_first_response",
          "timeout_on_sleeping_server",
          "custom_metadata",
          "status_code_and_message",
          "special_status_message",
          "unimplemented_method",
          "unimplemented_service",
          "client_compressed_unary",
          "server_compressed_unary",
          "client_compressed_streaming",
          "server_compressed_streaming");

  private static final long WAIT_SECONDS = 10;

  private final Channel channel;
  private final TestServiceAio.Stub stub;

  private InteropClient(Channel channel) {
    this.channel = channel;
    this.stub = TestServiceAio.newStub(channel);
  }

  /**
   * Runs the cases named on the command line.
   *
   * @param args {@code --server_host}, {@code --server_port}, {@code --test_case}
   */
  public static void main(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("server_host", "127.0.0.1");
    flags.put("server_port", "8080");
    flags.put("test_case", "all");
    flags.put("use_tls", "false");
    for (String arg : args) {
      String[] kv = arg.startsWith("--") ? arg.substring(2).split("=", 2) : new String[0];
      if (kv.length != 2 || !flags.containsKey(kv[0])) {
        System.err.println(
            "Usage: InteropClient --server_host=HOST --server_port=PORT"
                + " --test_case=CASE[,CASE...]|all");
        System.exit(2);
      }
      flags.put(kv[0], kv[1]);
    }
    if (Boolean.parseBoolean(flags.get("use_tls"))) {
      System.err.println("Only --use_tls=false is supported");
      System.exit(2);
    }
    int failed;
    try {
      failed =
          run(
              flags.get("server_host"),
              Integer.parseInt(flags.get("server_port")),
              cases(flags.get("test_case")),
              System.out);
    } finally {
      GrpcAio.shutdown();
    }
    System.exit(failed == 0 ? 0 : 1);
  }

  /**
   * Expands a {@code --test_case} value.
   *
   * @param testCase {@code all} or comma-separated case names
   * @return the case names
   */
  public static List<String> cases(String testCase) {
    return testCase.equals("all") ? ALL_CASES : Arrays.asList(testCase.split(","));
  }

  /**
   * Runs cases one after the other on one plaintext channel.
   *
   * @param host the server's host
   * @param port the server's port
   * @param cases the case names
   * @param out where {@code PASS}/{@code FAIL} lines and the summary go
   * @return how many cases failed
   */
  public static int run(String host, int port, List<String> cases, PrintStream out) {
    ChannelOptions options =
        ChannelOptions.builder().grpcInterceptors(List.of(new SecondRequestUncompressed())).build();
    try (Channel channel = GrpcAio.insecureChannel(host + ":" + port, options)) {
      return run(channel, cases, out);
    }
  }

  /**
   * Runs cases one after the other on a channel the caller opened and closes, for example one
   * wrapping a grpc-java channel ({@code GrpcAio.wrapChannel}).
   *
   * @param channel the channel to the interop server
   * @param cases the case names
   * @param out where {@code PASS}/{@code FAIL} lines and the summary go
   * @return how many cases failed
   */
  public static int run(Channel channel, List<String> cases, PrintStream out) {
    int passed = 0;
    int failed = 0;
    InteropClient client = new InteropClient(channel);
    for (String testCase : cases) {
      try {
        client.runCase(testCase);
        out.println("PASS " + testCase);
        passed++;
      } catch (Throwable e) {
        out.println("FAIL " + testCase + ": " + e);
        failed++;
      }
    }
    out.println(passed + " passed, " + failed + " failed");
    return failed;
  }

  private void runCase(String testCase) throws Exception {
    switch (testCase) {
      case "empty_unary" -> emptyUnary();
      case "large_unary" -> largeUnary();
      case "client_streaming" -> clientStreaming();
      case "server_streaming" -> serverStreaming();
      case "ping_pong" -> pingPong();
      case "empty_stream" -> emptyStream();
      case "cancel_after_begin" -> cancelAfterBegin();
      case "cancel_after_first_response" -> cancelAfterFirstResponse();
      case "timeout_on_sleeping_server" -> timeoutOnSleepingServer();
      case "custom_metadata" -> customMetadata();
      case "status_code_and_message" -> statusCodeAndMessage();
      case "special_status_message" -> specialStatusMessage();
      case "unimplemented_method" -> unimplementedMethod();
      case "unimplemented_service" -> unimplementedService();
      case "client_compressed_unary" -> clientCompressedUnary(true);
      case "client_compressed_unary_noprobe" -> clientCompressedUnary(false);
      case "server_compressed_unary" -> serverCompressedUnary();
      case "client_compressed_streaming" -> clientCompressedStreaming(true);
      case "client_compressed_streaming_noprobe" -> clientCompressedStreaming(false);
      case "server_compressed_streaming" -> serverCompressedStreaming();
      default -> throw new IllegalArgumentException("unknown test case");
    }
  }

  // ---- the cases ----

  private void emptyUnary() throws Exception {
    Empty response = await(stub.emptyCall(Empty.getDefaultInstance()).response());
    check(response.equals(Empty.getDefaultInstance()), "response is not empty: " + response);
  }

  private void largeUnary() throws Exception {
    SimpleResponse response = await(stub.unaryCall(largeRequest().build()).response());
    checkPayload(response.getPayload(), 314159);
  }

  private void clientStreaming() throws Exception {
    StreamUnaryCall<StreamingInputCallRequest, StreamingInputCallResponse> call =
        stub.streamingInputCall();
    for (int size : new int[] {27182, 8, 1828, 45904}) {
      await(call.write(inputRequest(size).build()));
    }
    await(call.doneWriting());
    int aggregated = await(call.response()).getAggregatedPayloadSize();
    check(aggregated == 74922, "aggregated_payload_size " + aggregated + " != 74922");
  }

  private void serverStreaming() throws Exception {
    int[] sizes = {31415, 9, 2653, 58979};
    StreamingOutputCallRequest.Builder request = StreamingOutputCallRequest.newBuilder();
    for (int size : sizes) {
      request.addResponseParameters(ResponseParameters.newBuilder().setSize(size));
    }
    UnaryStreamCall<StreamingOutputCallResponse> call = stub.streamingOutputCall(request.build());
    checkSizes(readAll(call), sizes);
    checkOk(call);
  }

  private void pingPong() throws Exception {
    int[] responseSizes = {31415, 9, 2653, 58979};
    int[] payloadSizes = {27182, 8, 1828, 45904};
    StreamStreamCall<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        stub.fullDuplexCall();
    for (int i = 0; i < responseSizes.length; i++) {
      await(call.write(outputRequest(responseSizes[i], payloadSizes[i]).build()));
      Optional<StreamingOutputCallResponse> response = await(call.read());
      check(response.isPresent(), "the stream ended after " + i + " responses");
      checkPayload(response.get().getPayload(), responseSizes[i]);
    }
    await(call.doneWriting());
    check(await(call.read()).isEmpty(), "more responses than requests");
    checkOk(call);
  }

  private void emptyStream() throws Exception {
    StreamStreamCall<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        stub.fullDuplexCall();
    await(call.doneWriting());
    check(await(call.read()).isEmpty(), "got a response");
    checkOk(call);
  }

  private void cancelAfterBegin() throws Exception {
    StreamUnaryCall<StreamingInputCallRequest, ?> call = stub.streamingInputCall();
    call.cancel();
    checkCode(call, StatusCode.CANCELLED);
  }

  private void cancelAfterFirstResponse() throws Exception {
    StreamStreamCall<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        stub.fullDuplexCall();
    await(call.write(outputRequest(31415, 27182).build()));
    Optional<StreamingOutputCallResponse> response = await(call.read());
    check(response.isPresent(), "no first response");
    checkPayload(response.get().getPayload(), 31415);
    call.cancel();
    checkCode(call, StatusCode.CANCELLED);
  }

  private void timeoutOnSleepingServer() throws Exception {
    StreamStreamCall<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        stub.fullDuplexCall(CallOptions.DEFAULT.withTimeout(Duration.ofMillis(1)));
    StreamingOutputCallRequest request =
        StreamingOutputCallRequest.newBuilder().setPayload(payload(27182)).build();
    // The write may already fail: the deadline is 1 ms away.
    call.write(request).exceptionally(e -> null);
    checkCode(call, StatusCode.DEADLINE_EXCEEDED);
  }

  private void customMetadata() throws Exception {
    String initialValue = "test_initial_metadata_value";
    byte[] trailingValue = {(byte) 0xab, (byte) 0xab, (byte) 0xab};
    Metadata metadata =
        new Metadata()
            .add(InteropService.ECHO_INITIAL, initialValue)
            .add(InteropService.ECHO_TRAILING, trailingValue);
    CallOptions options = CallOptions.DEFAULT.withMetadata(metadata);

    UnaryUnaryCall<SimpleResponse> unary = stub.unaryCall(largeRequest().build(), options);
    checkPayload(await(unary.response()).getPayload(), 314159);
    checkEchoed(unary, initialValue, trailingValue);

    StreamStreamCall<StreamingOutputCallRequest, StreamingOutputCallResponse> stream =
        stub.fullDuplexCall(options);
    await(stream.write(outputRequest(314159, 271828).build()));
    await(stream.doneWriting());
    Optional<StreamingOutputCallResponse> response = await(stream.read());
    check(response.isPresent(), "no response");
    checkPayload(response.get().getPayload(), 314159);
    check(await(stream.read()).isEmpty(), "more than one response");
    checkEchoed(stream, initialValue, trailingValue);
  }

  private void statusCodeAndMessage() throws Exception {
    echoStatus("test status message");
  }

  private void specialStatusMessage() throws Exception {
    echoStatus("\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \uD83D\uDE08\t\n");
  }

  private void echoStatus(String message) throws Exception {
    EchoStatus status = EchoStatus.newBuilder().setCode(2).setMessage(message).build();
    UnaryUnaryCall<SimpleResponse> unary =
        stub.unaryCall(SimpleRequest.newBuilder().setResponseStatus(status).build());
    checkCode(unary, StatusCode.UNKNOWN);
    checkDetails(unary, message);

    StreamStreamCall<StreamingOutputCallRequest, StreamingOutputCallResponse> stream =
        stub.fullDuplexCall();
    await(stream.write(StreamingOutputCallRequest.newBuilder().setResponseStatus(status).build()));
    stream.doneWriting().exceptionally(e -> null);
    checkCode(stream, StatusCode.UNKNOWN);
    checkDetails(stream, message);
  }

  private void unimplementedMethod() throws Exception {
    checkCode(stub.unimplementedCall(Empty.getDefaultInstance()), StatusCode.UNIMPLEMENTED);
  }

  private void unimplementedService() throws Exception {
    checkCode(
        UnimplementedServiceAio.newStub(channel).unimplementedCall(Empty.getDefaultInstance()),
        StatusCode.UNIMPLEMENTED);
  }

  private void clientCompressedUnary(boolean probe) throws Exception {
    SimpleRequest expectCompressed = largeRequest().setExpectCompressed(bool(true)).build();
    if (probe) {
      // The feature probe: uncompressed, but expecting compression.
      checkCode(stub.unaryCall(expectCompressed), StatusCode.INVALID_ARGUMENT);
    }
    CallOptions gzip = CallOptions.DEFAULT.withCompression(Compression.GZIP);
    checkPayload(await(stub.unaryCall(expectCompressed, gzip).response()).getPayload(), 314159);
    SimpleRequest expectUncompressed = largeRequest().setExpectCompressed(bool(false)).build();
    checkPayload(await(stub.unaryCall(expectUncompressed).response()).getPayload(), 314159);
  }

  private void serverCompressedUnary() throws Exception {
    for (boolean compressed : new boolean[] {true, false}) {
      SimpleRequest request = largeRequest().setResponseCompressed(bool(compressed)).build();
      checkPayload(await(stub.unaryCall(request).response()).getPayload(), 314159);
    }
  }

  private void clientCompressedStreaming(boolean probe) throws Exception {
    if (probe) {
      StreamUnaryCall<StreamingInputCallRequest, ?> call = stub.streamingInputCall();
      // No half-close, as in grpc-java's client: a server that supports the probe rejects the
      // message itself. The write may fail once it has; the status is what the probe checks.
      call.write(inputRequest(27182).setExpectCompressed(bool(true)).build());
      checkCode(call, StatusCode.INVALID_ARGUMENT);
    }
    StreamUnaryCall<StreamingInputCallRequest, StreamingInputCallResponse> call =
        stub.streamingInputCall(CallOptions.DEFAULT.withCompression(Compression.GZIP));
    await(call.write(inputRequest(27182).setExpectCompressed(bool(true)).build()));
    // Uncompressed on the channel run() opens (SecondRequestUncompressed); see the class doc.
    await(call.write(inputRequest(45904).setExpectCompressed(bool(false)).build()));
    await(call.doneWriting());
    int aggregated = await(call.response()).getAggregatedPayloadSize();
    check(aggregated == 73086, "aggregated_payload_size " + aggregated + " != 73086");
  }

  private void serverCompressedStreaming() throws Exception {
    StreamingOutputCallRequest request =
        StreamingOutputCallRequest.newBuilder()
            .addResponseParameters(
                ResponseParameters.newBuilder().setCompressed(bool(true)).setSize(31415))
            .addResponseParameters(
                ResponseParameters.newBuilder().setCompressed(bool(false)).setSize(92653))
            .build();
    UnaryStreamCall<StreamingOutputCallResponse> call = stub.streamingOutputCall(request);
    checkSizes(readAll(call), new int[] {31415, 92653});
    checkOk(call);
  }

  // ---- helpers ----

  private static SimpleRequest.Builder largeRequest() {
    return SimpleRequest.newBuilder().setResponseSize(314159).setPayload(payload(271828));
  }

  private static StreamingInputCallRequest.Builder inputRequest(int size) {
    return StreamingInputCallRequest.newBuilder().setPayload(payload(size));
  }

  private static StreamingOutputCallRequest.Builder outputRequest(int responseSize, int size) {
    return StreamingOutputCallRequest.newBuilder()
        .addResponseParameters(ResponseParameters.newBuilder().setSize(responseSize))
        .setPayload(payload(size));
  }

  private static Payload payload(int size) {
    return Payload.newBuilder().setBody(ByteString.copyFrom(new byte[size])).build();
  }

  private static BoolValue bool(boolean value) {
    return BoolValue.newBuilder().setValue(value).build();
  }

  private static List<StreamingOutputCallResponse> readAll(
      UnaryStreamCall<StreamingOutputCallResponse> call) throws Exception {
    List<StreamingOutputCallResponse> responses = new ArrayList<>(); // one action at a time
    await(call.forEach(responses::add));
    return responses;
  }

  private static void checkSizes(List<StreamingOutputCallResponse> responses, int[] sizes) {
    check(
        responses.size() == sizes.length,
        responses.size() + " responses instead of " + sizes.length);
    for (int i = 0; i < sizes.length; i++) {
      checkPayload(responses.get(i).getPayload(), sizes[i]);
    }
  }

  private static void checkPayload(Payload payload, int size) {
    check(
        payload.getBody().size() == size,
        "payload of " + payload.getBody().size() + " bytes instead of " + size);
    check(payload.getBody().equals(ByteString.copyFrom(new byte[size])), "payload is not zeros");
  }

  private static void checkEchoed(Call call, String initialValue, byte[] trailingValue)
      throws Exception {
    String initial = await(call.initialMetadata()).get(InteropService.ECHO_INITIAL);
    check(initialValue.equals(initial), "initial metadata echoed " + initial);
    byte[] trailing = await(call.trailingMetadata()).getBinary(InteropService.ECHO_TRAILING);
    check(
        Arrays.equals(trailingValue, trailing),
        "trailing metadata echoed " + Arrays.toString(trailing));
  }

  private static void checkOk(Call call) throws Exception {
    checkCode(call, StatusCode.OK);
  }

  private static void checkCode(Call call, StatusCode expected) throws Exception {
    StatusCode code = await(call.code());
    check(
        code == expected,
        "status " + code + " (" + await(call.details()) + ") instead of " + expected);
  }

  private static void checkDetails(Call call, String expected) throws Exception {
    String details = await(call.details());
    check(expected.equals(details), "details " + quote(details) + " instead of " + quote(expected));
  }

  private static String quote(String s) {
    return s == null
        ? "null"
        : '"' + s.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r") + '"';
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }

  private static <T> T await(java.util.concurrent.Future<T> future) throws Exception {
    try {
      return future.get(WAIT_SECONDS, SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
