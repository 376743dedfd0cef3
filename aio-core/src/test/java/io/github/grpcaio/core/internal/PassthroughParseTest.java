package io.github.grpcaio.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.StringValue;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.ProtoUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class PassthroughParseTest {

  private static final MethodDescriptor.Marshaller<StringValue> PROTO =
      ProtoUtils.marshaller(StringValue.getDefaultInstance());

  @Test
  void parse_inProcessProtobufStream_handsTheMessageOverWithoutCopying() throws Exception {
    StringValue sent = StringValue.of("hello");
    InputStream handedOver = PROTO.stream(sent); // what the in-process transport passes on

    InputStream taken = MessageCodec.PASSTHROUGH.parse(handedOver);
    handedOver.close(); // as grpc-java does once parse returns
    StringValue received = new MessageCodec<>(PROTO, "request", -1, 1024).decode(taken);

    assertThat(received).isSameAs(sent);
  }

  @Test
  void isProtoStream_tellsProtobufStreamsFromOthers_beforeAndAfterItHasSeenOne() {
    InputStream other = new Known(bytes(3), 3);
    boolean otherFirst = MessageCodec.isProtoStream(other);

    boolean first = MessageCodec.isProtoStream(PROTO.stream(StringValue.of("a")));
    boolean second = MessageCodec.isProtoStream(PROTO.stream(StringValue.of("b")));
    boolean otherAfter = MessageCodec.isProtoStream(other);

    assertThat(otherFirst).isFalse();
    assertThat(first).isTrue();
    assertThat(second).isTrue();
    assertThat(otherAfter).isFalse();
  }

  @Test
  void parse_otherStreamAfterProtobufOnes_isStillCopied() throws IOException {
    MessageCodec.PASSTHROUGH.parse(PROTO.stream(StringValue.of("seen")));
    byte[] message = bytes(10);
    Known transportBuffer = new Known(message, message.length);

    InputStream taken = MessageCodec.PASSTHROUGH.parse(transportBuffer);
    transportBuffer.close();

    assertThat(taken).isNotSameAs(transportBuffer);
    assertThat(taken.readAllBytes()).containsExactly(message);
  }

  @Test
  void decode_inProcessProtobufStreamOverTheLimit_isResourceExhausted() {
    StringValue sent = StringValue.of("x".repeat(100));
    InputStream taken = MessageCodec.PASSTHROUGH.parse(PROTO.stream(sent));

    Throwable thrown =
        catchThrowable(() -> new MessageCodec<>(PROTO, "request", -1, 50).decode(taken));

    assertThat(thrown).isInstanceOf(StatusException.class);
    assertThat(((StatusException) thrown).getStatus().getCode())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
  }

  @Test
  void readAll_knownLength_readsExactlyThoseBytes() throws IOException {
    byte[] message = bytes(100);

    byte[] read = MessageCodec.readAll(new Known(message, message.length));

    assertThat(read).containsExactly(message);
  }

  @Test
  void readAll_knownLengthShorterThanTheStream_keepsTheRest() throws IOException {
    byte[] message = bytes(100);

    byte[] read = MessageCodec.readAll(new Known(message, 40));

    assertThat(read).containsExactly(message);
  }

  @Test
  void readAll_knownLengthLongerThanTheStream_returnsWhatThereIs() throws IOException {
    byte[] message = bytes(10);

    byte[] read = MessageCodec.readAll(new Known(message, 25));

    assertThat(read).containsExactly(message);
  }

  @Test
  void readAll_unknownLength_readsToTheEnd() throws IOException {
    byte[] message = bytes(20_000);

    byte[] read = MessageCodec.readAll(new ByteArrayInputStream(message));

    assertThat(read).containsExactly(message);
  }

  @Test
  void parse_emptyKnownLengthStream_isEmpty() throws IOException {
    InputStream parsed = MessageCodec.PASSTHROUGH.parse(new Known(new byte[0], 0));

    assertThat(parsed.readAllBytes()).isEmpty();
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7);
    }
    return b;
  }

  /** A stream that announces {@code announced} bytes, as a KnownLength stream may. */
  private static final class Known extends ByteArrayInputStream implements KnownLength {
    private final int announced;

    Known(byte[] bytes, int announced) {
      super(bytes);
      this.announced = announced;
    }

    @Override
    public int available() {
      return pos == 0 ? announced : count - pos; // the announcement, until reading starts
    }
  }
}
