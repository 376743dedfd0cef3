package io.github.grpcaio.core.internal.server;

import static io.github.grpcaio.core.internal.server.HandlerShape.STREAM_STREAM;
import static io.github.grpcaio.core.internal.server.HandlerShape.STREAM_STREAM_BLOCKING;
import static io.github.grpcaio.core.internal.server.HandlerShape.STREAM_STREAM_WRITER;
import static io.github.grpcaio.core.internal.server.HandlerShape.STREAM_UNARY;
import static io.github.grpcaio.core.internal.server.HandlerShape.STREAM_UNARY_BLOCKING;
import static io.github.grpcaio.core.internal.server.HandlerShape.UNARY_STREAM;
import static io.github.grpcaio.core.internal.server.HandlerShape.UNARY_STREAM_BLOCKING;
import static io.github.grpcaio.core.internal.server.HandlerShape.UNARY_STREAM_WRITER;
import static io.github.grpcaio.core.internal.server.HandlerShape.UNARY_UNARY;
import static io.github.grpcaio.core.internal.server.HandlerShape.UNARY_UNARY_BLOCKING;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Deserializer;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Serializer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class HandlerShapeTest {

  private static final Deserializer<byte[]> IN = bytes -> bytes;
  private static final Serializer<byte[]> OUT = value -> value;

  @Test
  void of_eachFactory_givesItsShape() {
    CompletableFuture<byte[]> one = CompletableFuture.completedFuture(new byte[0]);
    Flow.Publisher<byte[]> none = subscriber -> {};
    Map<HandlerShape, RpcMethodHandler<byte[], byte[]>> made = new EnumMap<>(HandlerShape.class);

    made.put(UNARY_UNARY, RpcMethodHandler.unaryUnary((r, c) -> one, IN, OUT));
    made.put(UNARY_STREAM, RpcMethodHandler.unaryStream((r, c) -> none, IN, OUT));
    made.put(UNARY_STREAM_WRITER, RpcMethodHandler.unaryStreamWriter((r, c) -> one, IN, OUT));
    made.put(STREAM_UNARY, RpcMethodHandler.streamUnary((rs, c) -> one, IN, OUT));
    made.put(STREAM_STREAM, RpcMethodHandler.streamStream((rs, c) -> rs, IN, OUT));
    made.put(STREAM_STREAM_WRITER, RpcMethodHandler.streamStreamWriter((rs, c) -> one, IN, OUT));
    made.put(UNARY_UNARY_BLOCKING, RpcMethodHandler.unaryUnaryBlocking((r, c) -> r, IN, OUT));
    made.put(UNARY_STREAM_BLOCKING, RpcMethodHandler.unaryStreamBlocking((r, c) -> {}, IN, OUT));
    made.put(
        STREAM_UNARY_BLOCKING, RpcMethodHandler.streamUnaryBlocking((rs, c) -> rs.next(), IN, OUT));
    made.put(STREAM_STREAM_BLOCKING, RpcMethodHandler.streamStreamBlocking((rs, c) -> {}, IN, OUT));

    assertThat(made).hasSize(HandlerShape.values().length);
    made.forEach(
        (shape, handler) ->
            assertThat(HandlerShape.of(handler)).as(handler.toString()).isEqualTo(shape));
  }

  @Test
  void streamingFlags_matchTheHandlersMethodType() {
    for (HandlerShape shape : HandlerShape.values()) {
      if (shape.blocking) {
        continue; // blockingShapes_writeUntilTheyReturn
      }
      assertThat(shape.writer).as(shape.toString()).isEqualTo(shape.name().endsWith("_WRITER"));
      assertThat(shape.requestStreaming)
          .as(shape.toString())
          .isEqualTo(shape.name().startsWith("STREAM_"));
      assertThat(shape.responseStreaming)
          .as(shape.toString())
          .isEqualTo(!shape.name().endsWith("_UNARY"));
    }
  }

  @Test
  void blockingShapes_writeUntilTheyReturn() {
    for (HandlerShape shape : HandlerShape.values()) {
      String kind = shape.name().replace("_BLOCKING", "");
      assertThat(shape.blocking).as(shape.toString()).isEqualTo(shape.name().endsWith("_BLOCKING"));
      if (shape.blocking) {
        assertThat(shape.requestStreaming)
            .as(shape.toString())
            .isEqualTo(kind.startsWith("STREAM_"));
        assertThat(shape.responseStreaming)
            .as(shape.toString())
            .isEqualTo(kind.endsWith("_STREAM"));
        assertThat(shape.writer).as(shape.toString()).isEqualTo(shape.responseStreaming);
      }
    }
  }
}
