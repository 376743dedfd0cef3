package io.github.grpcaio.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Metadata on the wire: the call's metadata (ASCII and {@code -bin}, several values per key)
 * reaches the server's {@code invocationMetadata()}, and the server's initial and trailing metadata
 * reach the call's {@code initialMetadata()} and {@code trailingMetadata()}, read-only and without
 * gRPC's reserved headers.
 */
@ParameterizedClass
@EnumSource(Transport.class)
class CallMetadataTest {

  static final byte[] BYTES = {0, 1, (byte) 0x80, (byte) 0xFF, '\n'};

  @Parameter Transport transport;

  @AutoClose private AioTestServer bed;

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void callMetadata_asciiAndBinary_reachesServerInvocationMetadata(RpcKind kind) {
    CompletableFuture<Metadata> serverSaw = new CompletableFuture<>();
    bed =
        transport.start(
            TestService.serving(
                rpc -> {
                  serverSaw.complete(rpc.context().invocationMetadata());
                  return rpc.reply("done");
                }));
    Metadata sent =
        new Metadata()
            .add("x-ascii", "first")
            .add("x-data-bin", BYTES)
            .add("x-ascii", "second")
            .add("X-Upper", "folded")
            .add(".leading-dot", "legal");

    kind.call(bed.channel(), "request", CallOptions.DEFAULT.withMetadata(sent)).awaitResult();

    Metadata received = Await.result(serverSaw);
    assertThat(received.getAll("x-ascii")).containsExactly("first", "second");
    assertThat(received.getBinary("x-data-bin")).isEqualTo(BYTES);
    assertThat(received.get("x-upper")).isEqualTo("folded");
    assertThat(received.get(".leading-dot")).isEqualTo("legal");
    assertThat(received.get("user-agent")).startsWith("grpc-aio-java");
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void callMetadata_changedAfterTheCallIsMade_isSentAsItWas(RpcKind kind) {
    CompletableFuture<Metadata> serverSaw = new CompletableFuture<>();
    CompletableFuture<Void> release = new CompletableFuture<>();
    bed =
        transport.start(
            TestService.serving(
                rpc -> {
                  serverSaw.complete(rpc.context().invocationMetadata());
                  return release.thenCompose(ignored -> rpc.reply("done"));
                }));
    Metadata sent = Metadata.of("x-key", "before");

    TestCall call = kind.call(bed.channel(), "request", CallOptions.DEFAULT.withMetadata(sent));
    sent.set("x-key", "after");
    release.complete(null);
    call.awaitResult();

    assertThat(Await.result(serverSaw).getAll("x-key")).containsExactly("before");
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void serverInitialAndTrailingMetadata_reachTheCall(RpcKind kind) {
    bed =
        transport.start(
            TestService.serving(
                rpc -> {
                  rpc.context()
                      .setTrailingMetadata(
                          new Metadata()
                              .add("x-trailing", "t1")
                              .add("x-trailing", "t2")
                              .add("x-trailing-bin", BYTES));
                  return rpc.context()
                      .sendInitialMetadata(
                          new Metadata().add("x-initial", "i").add("x-initial-bin", BYTES))
                      .thenCompose(ignored -> rpc.reply("done"));
                }));

    TestCall call = kind.call(bed.channel(), "request");
    call.awaitResult();

    Metadata initial = Await.result(call.call().initialMetadata());
    Metadata trailing = Await.result(call.call().trailingMetadata());
    assertThat(initial.get("x-initial")).isEqualTo("i");
    assertThat(initial.getBinary("x-initial-bin")).isEqualTo(BYTES);
    assertThat(trailing.getAll("x-trailing")).containsExactly("t1", "t2");
    assertThat(trailing.getBinary("x-trailing-bin")).isEqualTo(BYTES);
    assertThat(trailing.keys())
        .as("reserved headers are not user metadata")
        .noneMatch(key -> key.startsWith("grpc-") || key.equals("content-type"));
    assertThat(initial.keys()).noneMatch(key -> key.equals("content-type"));
  }

  /** Keys whose order a hash set would not keep (checked to fail when it does not). */
  private static final List<String> ORDERED_KEYS =
      List.of(
          "k-zulu",
          "k-alpha",
          "k-mike",
          "k-bravo",
          "k-yankee",
          "k-charlie",
          "k-x",
          "k-delta",
          "k-whiskey",
          "k-echo",
          "k-victor",
          "k-foxtrot");

  private static Metadata ordered(String value) {
    Metadata metadata = new Metadata();
    for (String key : ORDERED_KEYS) {
      metadata.add(key, value);
    }
    return metadata.add(ORDERED_KEYS.get(0), value + "-again"); // a later value of the first key
  }

  private static List<String> orderedKeysOf(Metadata metadata) {
    return metadata.keys().stream().filter(key -> key.startsWith("k-")).toList();
  }

  @Test
  void receivedMetadata_keepsTheSendersKeyOrder() {
    CompletableFuture<Metadata> serverSaw = new CompletableFuture<>();
    bed =
        transport.start(
            TestService.serving(
                rpc -> {
                  serverSaw.complete(rpc.context().invocationMetadata());
                  rpc.context().setTrailingMetadata(ordered("t"));
                  return rpc.context()
                      .sendInitialMetadata(ordered("i"))
                      .thenCompose(ignored -> rpc.reply("done"));
                }));

    TestCall call =
        RpcKind.UNARY_UNARY.call(
            bed.channel(), "request", CallOptions.DEFAULT.withMetadata(ordered("c")));
    call.awaitResult();

    Metadata invocation = Await.result(serverSaw);
    Metadata initial = Await.result(call.call().initialMetadata());
    Metadata trailing = Await.result(call.call().trailingMetadata());
    assertThat(orderedKeysOf(invocation)).containsExactlyElementsOf(ORDERED_KEYS);
    assertThat(orderedKeysOf(initial)).containsExactlyElementsOf(ORDERED_KEYS);
    assertThat(orderedKeysOf(trailing)).containsExactlyElementsOf(ORDERED_KEYS);
    assertThat(invocation.getAll(ORDERED_KEYS.get(0))).containsExactly("c", "c-again");
    assertThat(trailing.getAll(ORDERED_KEYS.get(0))).containsExactly("t", "t-again");
  }

  @ParameterizedTest
  @EnumSource(RpcKind.class)
  void receivedMetadata_isReadOnly(RpcKind kind) {
    bed =
        transport.start(
            TestService.serving(
                rpc -> {
                  rpc.context().setTrailingMetadata(Metadata.of("x-trailing", "t"));
                  return rpc.reply("done");
                }));

    TestCall call = kind.call(bed.channel(), "request");
    call.awaitResult();

    Metadata initial = Await.result(call.call().initialMetadata());
    Metadata trailing = Await.result(call.call().trailingMetadata());
    assertThatThrownBy(() -> initial.add("x", "y")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> trailing.add("x", "y")).isInstanceOf(IllegalStateException.class);
    assertThat(trailing.copy().add("x", "y").get("x-trailing")).isEqualTo("t");
  }
}
