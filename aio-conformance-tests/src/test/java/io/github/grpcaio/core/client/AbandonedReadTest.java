package io.github.grpcaio.core.client;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Channel;
import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A {@code read()} the caller gave up on ({@code orTimeout}, {@code cancel(true)}, {@code
 * completeExceptionally}) takes no message: the message it would have got goes to the next read, on
 * the client's response streams and on the server's request stream ({@code ServicerContext.read()})
 * alike.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class AbandonedReadTest {

  private static final String NAME = "test.AbandonedReads";
  private static final String UNARY_STREAM = "/" + NAME + "/UnaryStream";
  private static final String STREAM_STREAM = "/" + NAME + "/StreamStream";
  private static final String READ_ON_SERVER = "/" + NAME + "/ReadOnServer";
  private static final String RANDOM_READS_ON_SERVER = "/" + NAME + "/RandomReadsOnServer";

  /** Messages per RPC of the randomized tests. */
  private static final int MESSAGES = 20;

  /** RPCs of the randomized tests: {@code RPCS * MESSAGES} messages taken per test. */
  private static final int RPCS = 60;

  @Parameter Transport transport;

  @AutoClose private AioTestServer bed;
  private Channel channel;

  /** Completes when the client has abandoned its reads; the server then sends its messages. */
  private volatile CompletableFuture<Void> clientAbandoned = new CompletableFuture<>();

  /** Completes when the server has abandoned its reads; the client then sends its messages. */
  private volatile CompletableFuture<Void> serverAbandoned = new CompletableFuture<>();

  @BeforeEach
  void setUp() {
    bed = transport.start(service());
    channel = bed.channel();
  }

  private ServiceRpcHandler service() {
    return ServiceRpcHandler.of(
        NAME,
        Map.of(
            "UnaryStream",
            RpcMethodHandler.<String, String>unaryStreamWriter(
                (request, context) -> respond(request, context), DESERIALIZER, SERIALIZER),
            "StreamStream",
            RpcMethodHandler.<String, String>streamStreamWriter(
                (requests, context) -> respond(Await.result(context.read()).orElseThrow(), context),
                DESERIALIZER,
                SERIALIZER),
            "ReadOnServer",
            RpcMethodHandler.<String, String>streamUnary(
                (requests, context) -> readOnServer(context), DESERIALIZER, SERIALIZER),
            "RandomReadsOnServer",
            RpcMethodHandler.<String, String>streamUnary(
                (requests, context) ->
                    CompletableFuture.completedFuture(
                        String.join(",", readRandomly(context::read, new SplittableRandom()))),
                DESERIALIZER,
                SERIALIZER)));
  }

  /**
   * "gated": waits until the client abandoned its reads, then sends m1, m2, m3; "N": sends 0..N-1
   * at once.
   */
  private CompletionStage<?> respond(String request, ServicerContext<String, String> context) {
    if (request.equals("gated")) {
      Await.result(clientAbandoned);
      return writeAll(context, List.of("m1", "m2", "m3"));
    }
    return writeAll(context, numbered(Integer.parseInt(request)));
  }

  private static CompletableFuture<Void> writeAll(
      ServicerContext<String, String> context, List<String> messages) {
    CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    for (String message : messages) {
      last = last.thenCompose(ignored -> context.write(message));
    }
    return last;
  }

  private CompletionStage<String> readOnServer(ServicerContext<String, String> context) {
    abandonTwoReads(context::read);
    serverAbandoned.complete(null);
    return CompletableFuture.completedFuture(String.join(",", readAll(context::read)));
  }

  private static List<String> numbered(int count) {
    return IntStream.range(0, count).mapToObj(Integer::toString).toList();
  }

  /** Gives up on one read by timeout and on one by cancel(true), as a caller would. */
  private static void abandonTwoReads(Supplier<CompletableFuture<Optional<String>>> read) {
    CompletableFuture<Optional<String>> timedOut = read.get().orTimeout(100, TimeUnit.MILLISECONDS);
    assertThat(Await.failure(timedOut)).isInstanceOf(TimeoutException.class);
    CompletableFuture<Optional<String>> cancelled = read.get();
    assertThat(cancelled.cancel(true)).isTrue();
  }

  private static List<String> readAll(Supplier<CompletableFuture<Optional<String>>> read) {
    List<String> taken = new ArrayList<>();
    for (Optional<String> next = Await.result(read.get());
        next.isPresent();
        next = Await.result(read.get())) {
      taken.add(next.get());
    }
    return taken;
  }

  /**
   * Reads to the end, giving up on reads at random moments (cancel, complete exceptionally, time
   * out), as a caller would: a read it gave up on too late, which had its message already, is
   * taken.
   */
  private static List<String> readRandomly(
      Supplier<CompletableFuture<Optional<String>>> read, SplittableRandom random) {
    List<String> taken = new ArrayList<>();
    while (true) {
      CompletableFuture<Optional<String>> next = read.get();
      int choice = random.nextInt(4);
      if (choice > 0) {
        LockSupport.parkNanos(random.nextInt(50_000)); // a random moment, possibly none
      }
      Optional<String> value;
      try {
        value =
            switch (choice) {
              case 0 -> next.get(10, TimeUnit.SECONDS);
              case 1 -> next.cancel(true) ? null : next.get();
              case 2 -> next.completeExceptionally(new TimeoutException()) ? null : next.get();
              default -> next.get(random.nextInt(200), TimeUnit.MICROSECONDS);
            };
      } catch (TimeoutException e) {
        if (choice == 0) {
          throw new AssertionError("A read took more than 10 s", e);
        }
        // what orTimeout does; a value completed meanwhile is still taken
        value = next.completeExceptionally(e) ? null : next.join();
      } catch (ExecutionException e) {
        throw new AssertionError("A read failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      if (value == null) {
        continue; // abandoned
      }
      if (value.isEmpty()) {
        return taken;
      }
      taken.add(value.get());
    }
  }

  // ---- client response streams ----

  @Test
  void unaryStream_abandonedReads_leaveTheirMessagesToLaterReads() {
    UnaryStreamCall<String> call =
        channel.unaryStream(UNARY_STREAM, SERIALIZER, DESERIALIZER).call("gated");
    abandonTwoReads(call::read);
    clientAbandoned.complete(null);

    assertThat(readAll(call::read)).containsExactly("m1", "m2", "m3");
    assertThat(Await.result(call.code())).isEqualTo(StatusCode.OK);
  }

  @Test
  void streamStream_abandonedReads_leaveTheirMessagesToLaterReads() {
    StreamStreamCall<String, String> call =
        channel.streamStream(STREAM_STREAM, SERIALIZER, DESERIALIZER).call();
    call.write("gated");
    call.doneWriting();
    abandonTwoReads(call::read);
    clientAbandoned.complete(null);

    assertThat(readAll(call::read)).containsExactly("m1", "m2", "m3");
    assertThat(Await.result(call.code())).isEqualTo(StatusCode.OK);
  }

  @Test
  void abandonedReadsAfterTheEnd_leaveTheEndToLaterReads() {
    UnaryStreamCall<String> call =
        channel.unaryStream(UNARY_STREAM, SERIALIZER, DESERIALIZER).call("1");
    assertThat(readAll(call::read)).containsExactly("0");
    call.read().cancel(true);
    call.read().completeExceptionally(new TimeoutException());

    assertThat(Await.result(call.read())).isEmpty();
    assertThat(Await.result(call.code())).isEqualTo(StatusCode.OK);
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcKind.class,
      names = {"UNARY_STREAM", "STREAM_STREAM"})
  void randomlyAbandonedReads_loseAndDuplicateNothing(RpcKind kind) {
    SplittableRandom random = new SplittableRandom();
    for (int i = 0; i < RPCS; i++) {
      String request = Integer.toString(MESSAGES);
      Supplier<CompletableFuture<Optional<String>>> read;
      if (kind == RpcKind.UNARY_STREAM) {
        read = channel.unaryStream(UNARY_STREAM, SERIALIZER, DESERIALIZER).call(request)::read;
      } else {
        StreamStreamCall<String, String> call =
            channel.streamStream(STREAM_STREAM, SERIALIZER, DESERIALIZER).call();
        call.write(request);
        call.doneWriting();
        read = call::read;
      }
      assertThat(readRandomly(read, random)).as("RPC %d", i).isEqualTo(numbered(MESSAGES));
    }
  }

  // ---- behind a client interceptor ----

  /** A channel whose streaming interceptors pass calls on once {@code release} completes. */
  private Channel heldChannel(CompletableFuture<Void> release) {
    return bed.channel(
        ChannelOptions.builder().interceptors(List.of(new HeldInterceptor(release))).build());
  }

  @Test
  void intercepted_readsAbandonedWhileTheChainRuns_leaveTheirMessagesToLaterReads() {
    CompletableFuture<Void> release = new CompletableFuture<>();
    UnaryStreamCall<String> call =
        heldChannel(release).unaryStream(UNARY_STREAM, SERIALIZER, DESERIALIZER).call("gated");
    abandonTwoReads(call::read);
    release.complete(null);
    clientAbandoned.complete(null);

    assertThat(readAll(call::read)).containsExactly("m1", "m2", "m3");
  }

  @Test
  void intercepted_readsMadeWhileTheChainRanAndAbandonedLater_leaveTheirMessagesToLaterReads() {
    CompletableFuture<Void> release = new CompletableFuture<>();
    UnaryStreamCall<String> call =
        heldChannel(release).unaryStream(UNARY_STREAM, SERIALIZER, DESERIALIZER).call("gated");
    CompletableFuture<Optional<String>> timedOut =
        call.read().orTimeout(200, TimeUnit.MILLISECONDS);
    CompletableFuture<Optional<String>> cancelled = call.read();
    release.complete(null); // the reads reach the real call, then are given up on
    Await.until("the chain's call started", () -> call.toString().contains("call="));
    assertThat(Await.failure(timedOut)).isInstanceOf(TimeoutException.class);
    assertThat(cancelled.cancel(true)).isTrue();
    clientAbandoned.complete(null);

    assertThat(readAll(call::read)).containsExactly("m1", "m2", "m3");
  }

  @Test
  void intercepted_randomlyAbandonedReads_loseAndDuplicateNothing() {
    CompletableFuture<Void> released = CompletableFuture.completedFuture(null);
    Channel intercepted = heldChannel(released); // passes on at once: reads race the chain
    SplittableRandom random = new SplittableRandom();
    for (int i = 0; i < RPCS; i++) {
      UnaryStreamCall<String> call =
          intercepted
              .unaryStream(UNARY_STREAM, SERIALIZER, DESERIALIZER)
              .call(Integer.toString(MESSAGES));
      assertThat(readRandomly(call::read, random)).as("RPC %d", i).isEqualTo(numbered(MESSAGES));
    }
  }

  @Test
  void intercepted_streamStream_readsAbandonedWhileTheChainRuns_leaveTheirMessagesToLaterReads() {
    CompletableFuture<Void> release = new CompletableFuture<>();
    StreamStreamCall<String, String> call =
        heldChannel(release).streamStream(STREAM_STREAM, SERIALIZER, DESERIALIZER).call();
    call.write("gated");
    call.doneWriting();
    abandonTwoReads(call::read);
    release.complete(null);
    clientAbandoned.complete(null);

    assertThat(readAll(call::read)).containsExactly("m1", "m2", "m3");
  }

  @Test
  void intercepted_streamStream_randomlyAbandonedReads_loseAndDuplicateNothing() {
    Channel intercepted = heldChannel(CompletableFuture.completedFuture(null));
    SplittableRandom random = new SplittableRandom();
    for (int i = 0; i < RPCS; i++) {
      StreamStreamCall<String, String> call =
          intercepted.streamStream(STREAM_STREAM, SERIALIZER, DESERIALIZER).call();
      call.write(Integer.toString(MESSAGES));
      call.doneWriting();
      assertThat(readRandomly(call::read, random)).as("RPC %d", i).isEqualTo(numbered(MESSAGES));
    }
  }

  // ---- the server's request stream ----

  @Test
  void servicerContextRead_abandonedReads_leaveTheirMessagesToLaterReads() {
    StreamUnaryCall<String, String> call =
        channel.streamUnary(READ_ON_SERVER, SERIALIZER, DESERIALIZER).call();
    Await.result(serverAbandoned);
    call.write("m1");
    call.write("m2");
    call.write("m3");
    call.doneWriting();

    assertThat(Await.result(call.response())).isEqualTo("m1,m2,m3");
  }

  @Test
  void servicerContextRead_randomlyAbandonedReads_loseAndDuplicateNothing() {
    for (int i = 0; i < RPCS; i++) {
      StreamUnaryCall<String, String> call =
          channel.streamUnary(RANDOM_READS_ON_SERVER, SERIALIZER, DESERIALIZER).call();
      for (String message : numbered(MESSAGES)) {
        call.write(message);
      }
      call.doneWriting();
      assertThat(Await.result(call.response()))
          .as("RPC %d", i)
          .isEqualTo(String.join(",", numbered(MESSAGES)));
    }
  }
}
