package io.github.grpcaio.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Deserializer;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.Serializer;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HandlerShapeTest {

  private static final Deserializer<byte[]> IN = bytes -> bytes;
  private static final Serializer<byte[]> OUT = value -> value;

  @Test
  void of_eachFactory_givesItsShape() {
    assertThat(
            HandlerShape.of(
                RpcMethodHandler.unaryUnary(
                    (request, context) -> CompletableFuture.completedFuture(request), IN, OUT)))
        .isEqualTo(HandlerShape.UNARY_UNARY);
    assertThat(
            HandlerShape.of(
                RpcMethodHandler.unaryStream((request, context) -> subscriber -> {}, IN, OUT)))
        .isEqualTo(HandlerShape.UNARY_STREAM);
    assertThat(
            HandlerShape.of(
                RpcMethodHandler.unaryStreamWriter(
                    (request, context) -> CompletableFuture.completedFuture(null), IN, OUT)))
        .isEqualTo(HandlerShape.UNARY_STREAM_WRITER);
    assertThat(
            HandlerShape.of(
                RpcMethodHandler.streamUnary(
                    (requests, context) -> CompletableFuture.completedFuture(new byte[0]),
                    IN,
                    OUT)))
        .isEqualTo(HandlerShape.STREAM_UNARY);
    assertThat(
            HandlerShape.of(
                RpcMethodHandler.streamStream((requests, context) -> requests, IN, OUT)))
        .isEqualTo(HandlerShape.STREAM_STREAM);
    assertThat(
            HandlerShape.of(
                RpcMethodHandler.streamStreamWriter(
                    (requests, context) -> CompletableFuture.completedFuture(null), IN, OUT)))
        .isEqualTo(HandlerShape.STREAM_STREAM_WRITER);
  }

  @Test
  void streamingFlags_matchTheHandlersMethodType() {
    for (HandlerShape shape : HandlerShape.values()) {
      assertThat(shape.writer).as(shape.toString()).isEqualTo(shape.name().endsWith("_WRITER"));
      assertThat(shape.requestStreaming)
          .as(shape.toString())
          .isEqualTo(shape.name().startsWith("STREAM_"));
      assertThat(shape.responseStreaming)
          .as(shape.toString())
          .isEqualTo(!shape.name().endsWith("_UNARY"));
    }
  }
}
