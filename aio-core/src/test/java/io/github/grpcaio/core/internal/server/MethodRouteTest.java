package io.github.grpcaio.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServerOptions;
import io.grpc.Status;
import io.grpc.StatusException;
import java.io.ByteArrayInputStream;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MethodRouteTest {

  private static RpcMethodHandler<byte[], byte[]> echo() {
    return RpcMethodHandler.unaryUnary(
        (request, context) -> CompletableFuture.completedFuture(request), bytes -> bytes, b -> b);
  }

  @Test
  void path_isTheFullMethodNameAfterASlash() {
    assertThat(new MethodRoute(new AioServer(ServerOptions.DEFAULT), "pkg.Service/Method").path())
        .isEqualTo("/pkg.Service/Method");
  }

  @Test
  void codecs_areMadeOncePerHandler_andAgainWhenACallFindsAnotherHandler() {
    AioServer host = new AioServer(ServerOptions.DEFAULT);
    MethodRoute route = new MethodRoute(host, "pkg.Service/Method");
    RpcMethodHandler<byte[], byte[]> first = echo();
    RpcMethodHandler<byte[], byte[]> second = echo();

    MethodRoute.Codecs<byte[], byte[]> a = route.codecs(first);
    MethodRoute.Codecs<byte[], byte[]> again = route.codecs(first);
    MethodRoute.Codecs<byte[], byte[]> other = route.codecs(second);

    assertThat(again).isSameAs(a);
    assertThat(other).isNotSameAs(a);
    assertThat(other.handler()).isSameAs(second);
    assertThat(route.codecs(second)).isSameAs(other);
  }

  @Test
  void codecs_enforceTheHostsMessageLimits() throws Exception {
    AioServer host =
        new AioServer(
            ServerOptions.builder().maxSendMessageLength(4).maxReceiveMessageLength(4).build());
    MethodRoute.Codecs<byte[], byte[]> codecs =
        new MethodRoute(host, "pkg.Service/Method").codecs(echo());

    assertThat(codecs.request().decode(new ByteArrayInputStream(new byte[] {1, 2, 3, 4})))
        .containsExactly(1, 2, 3, 4);
    assertThatThrownBy(() -> codecs.response().encode(new byte[5]))
        .isInstanceOfSatisfying(
            StatusException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    assertThatThrownBy(() -> codecs.request().decode(new KnownLengthBytes(new byte[5])))
        .isInstanceOfSatisfying(
            StatusException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
  }

  /** Received bytes that know their length, as grpc-java's streams do. */
  private static final class KnownLengthBytes extends ByteArrayInputStream
      implements io.grpc.KnownLength {
    KnownLengthBytes(byte[] bytes) {
      super(bytes);
    }
  }
}
