package io.github.grpcaio.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.StringValue;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.ProtoUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A request handed to grpc-java gives every attempt (retries, hedging, transparent retries) a fresh
 * stream of the whole message, without copying it through 8 KiB buffers.
 */
class ReplayableRequestTest {

  private static final MethodDescriptor.Marshaller<StringValue> PROTO =
      ProtoUtils.marshaller(StringValue.getDefaultInstance());

  /** A marshaller like the one a user's serializer/deserializer pair becomes. */
  private static final MethodDescriptor.Marshaller<String> UTF8 =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
          return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
          throw new AssertionError("not used");
        }
      };

  @Test
  void protobufRequest_everyAttemptParsesToTheMessage() throws Exception {
    StringValue sent = StringValue.of("hello");
    InputStream token = new MessageCodec<>(PROTO, "request", -1, -1).encodeReplayable(sent);

    for (int attempt = 1; attempt <= 3; attempt++) {
      InputStream stream = MessageCodec.PASSTHROUGH.stream(token);
      assertThat(stream).isInstanceOf(Drainable.class).isInstanceOf(KnownLength.class);
      assertThat(PROTO.parse(stream)).as("attempt %d", attempt).isEqualTo(sent);
    }
  }

  @Test
  void protobufRequestUnderASendLimit_everyAttemptParsesToTheMessage() throws Exception {
    StringValue sent = StringValue.of("hello");
    InputStream token = new MessageCodec<>(PROTO, "request", 100, -1).encodeReplayable(sent);

    StringValue first = PROTO.parse(MessageCodec.PASSTHROUGH.stream(token));
    StringValue second = PROTO.parse(MessageCodec.PASSTHROUGH.stream(token));

    assertThat(first).isEqualTo(sent);
    assertThat(second).isEqualTo(sent);
  }

  @Test
  void protobufRequestOverTheSendLimit_isResourceExhaustedBeforeAnyAttempt() {
    StringValue sent = StringValue.of("x".repeat(100));

    Throwable thrown =
        catchThrowable(() -> new MessageCodec<>(PROTO, "request", 50, -1).encodeReplayable(sent));

    assertThat(thrown).isInstanceOf(StatusException.class);
    assertThat(((StatusException) thrown).getStatus().getCode())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
  }

  @Test
  void serializedRequest_everyAttemptDrainsAllTheBytes() throws Exception {
    InputStream token = new MessageCodec<>(UTF8, "request", -1, -1).encodeReplayable("hello");

    for (int attempt = 1; attempt <= 3; attempt++) {
      InputStream stream = MessageCodec.PASSTHROUGH.stream(token);
      assertThat(stream).isInstanceOf(Drainable.class).isInstanceOf(KnownLength.class);
      assertThat(stream.available()).isEqualTo(5);
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      assertThat(((Drainable) stream).drainTo(wire)).isEqualTo(5);
      assertThat(wire.toString(StandardCharsets.UTF_8))
          .as("attempt %d", attempt)
          .isEqualTo("hello");
      assertThat(stream.available()).isZero();
    }
  }
}
