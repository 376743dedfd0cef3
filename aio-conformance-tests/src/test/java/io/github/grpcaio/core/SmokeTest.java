package io.github.grpcaio.core;

import static io.github.grpcaio.testkit.AioAssertions.assertThatRpc;
import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Channel;
import io.github.grpcaio.GenericRpcHandler;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.testkit.AioTestServer;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.TestPublisher;
import io.github.grpcaio.testkit.TestSubscriber;
import io.github.grpcaio.testkit.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SmokeTest {

  @ParameterizedTest
  @EnumSource(Transport.class)
  void allFourKinds(Transport transport) throws Exception {
    GenericRpcHandler echo =
        ServiceRpcHandler.of(
            "test.Echo",
            Map.of(
                "Unary",
                RpcMethodHandler.<String, String>unaryUnary(
                    (req, ctx) -> CompletableFuture.completedFuture("echo:" + req),
                    DESERIALIZER,
                    SERIALIZER),
                "ServerStream",
                RpcMethodHandler.<String, String>unaryStream(
                    (req, ctx) -> TestPublisher.generate(Integer.parseInt(req), i -> "m" + i),
                    DESERIALIZER,
                    SERIALIZER),
                "ClientStream",
                RpcMethodHandler.<String, String>streamUnary(
                    (reqs, ctx) -> {
                      TestSubscriber<String> all = TestSubscriber.unbounded();
                      reqs.subscribe(all);
                      return all.completion().thenApply(items -> String.join("", items));
                    },
                    DESERIALIZER,
                    SERIALIZER),
                "Bidi",
                RpcMethodHandler.<String, String>streamStreamWriter(
                    (reqs, ctx) -> {
                      CompletableFuture<Void> done = new CompletableFuture<>();
                      readAll(ctx, done);
                      return done;
                    },
                    DESERIALIZER,
                    SERIALIZER)));
    try (AioTestServer server = transport.start(echo)) {
      Channel channel = server.channel();
      assertThatRpc(channel.unaryUnary("/test.Echo/Unary", SERIALIZER, DESERIALIZER).call("hi"))
          .succeedsWith("echo:hi");

      var us = channel.unaryStream("/test.Echo/ServerStream", SERIALIZER, DESERIALIZER).call("5");
      List<String> got = new ArrayList<>();
      while (true) {
        var m = Await.result(us.read());
        if (m.isEmpty()) break;
        got.add(m.get());
      }
      assertThat(got).containsExactly("m0", "m1", "m2", "m3", "m4");

      var su = channel.streamUnary("/test.Echo/ClientStream", SERIALIZER, DESERIALIZER).call();
      Await.result(su.write("a"));
      Await.result(su.write("b"));
      Await.result(su.doneWriting());
      assertThat(Await.result(su.response())).isEqualTo("ab");

      var ss = channel.streamStream("/test.Echo/Bidi", SERIALIZER, DESERIALIZER).call();
      ss.write("x");
      assertThat(Await.result(ss.read())).contains("x!");
      ss.write("y");
      ss.doneWriting();
      assertThat(Await.result(ss.read())).contains("y!");
      assertThat(Await.result(ss.read())).isEmpty();
      assertThatRpc(ss).succeedsWith(null);
    }
  }

  static void readAll(
      io.github.grpcaio.ServicerContext<String, String> ctx, CompletableFuture<Void> done) {
    ctx.read()
        .whenComplete(
            (m, e) -> {
              if (e != null) {
                done.completeExceptionally(e);
              } else if (m.isEmpty()) {
                done.complete(null);
              } else {
                ctx.write(m.get() + "!");
                readAll(ctx, done);
              }
            });
  }
}
