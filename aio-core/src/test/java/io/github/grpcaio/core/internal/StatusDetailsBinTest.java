package io.github.grpcaio.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.rpc.ErrorInfo;
import io.github.grpcaio.Metadata;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StatusDetailsBinTest {

  private static final com.google.rpc.Status RICH =
      com.google.rpc.Status.newBuilder()
          .setCode(5)
          .setMessage("no such book: \u00e9t\u00e9")
          .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("MISSING").build()))
          .build();

  @Test
  void decode_readsCodeAndMessageAsProtobufDoes() {
    StatusDetailsBin.Decoded decoded = StatusDetailsBin.decode(RICH.toByteArray());

    assertThat(decoded).isEqualTo(new StatusDetailsBin.Decoded(5, "no such book: \u00e9t\u00e9"));
  }

  @Test
  void decode_ofEmptyBytes_isCodeZeroWithoutMessage() {
    assertThat(StatusDetailsBin.decode(new byte[0])).isEqualTo(new StatusDetailsBin.Decoded(0, ""));
  }

  @Test
  void decode_skipsUnknownFieldsOfEveryWireType_andNegativeCodes() {
    com.google.rpc.Status withUnknown =
        RICH.toBuilder()
            .setCode(-3)
            .setUnknownFields(
                UnknownFieldSet.newBuilder()
                    .addField(
                        9,
                        UnknownFieldSet.Field.newBuilder()
                            .addVarint(300)
                            .addFixed32(7)
                            .addFixed64(8)
                            .addLengthDelimited(ByteString.copyFromUtf8("x"))
                            .addGroup(
                                UnknownFieldSet.newBuilder()
                                    .addField(
                                        1, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                                    .build())
                            .build())
                    .build())
            .build();

    StatusDetailsBin.Decoded decoded = StatusDetailsBin.decode(withUnknown.toByteArray());

    assertThat(decoded.code()).isEqualTo(-3);
    assertThat(decoded.message()).isEqualTo(RICH.getMessage());
  }

  @Test
  void decode_refusesWhatProtobufRefuses() throws Exception {
    byte[] whole = RICH.toByteArray();
    byte[][] bad = {
      Arrays.copyOf(whole, whole.length - 1), // truncated in a detail
      {0x08}, // truncated varint
      {0x12, 5, 'a'}, // length beyond the end
      {0x00, 0x01}, // field number 0
      {0x0F}, // wire type 7
      {0x0C}, // end of a group never started
      {0x0B}, // group never ended
      {0x12, 2, (byte) 0xC3, 0x28}, // message not UTF-8
      {0x08, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x01}, // 11-byte varint
      {0x1A, 2, 0x0F, 0x00}, // a detail that is no message
    };
    for (byte[] bytes : bad) {
      assertThatThrownBy(() -> com.google.rpc.Status.parseFrom(bytes))
          .as("protobuf refuses %s", Arrays.toString(bytes))
          .isInstanceOf(InvalidProtocolBufferException.class);
      assertThatThrownBy(() -> StatusDetailsBin.decode(bytes))
          .as("refuses %s", Arrays.toString(bytes))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Undecodable grpc-status-details-bin: ");
    }
  }

  @Test
  void find_isNullWithoutTheKey_andRefusesTwoValues() {
    Metadata twice =
        new Metadata()
            .add(StatusDetailsBin.KEY, RICH.toByteArray())
            .add(StatusDetailsBin.KEY, RICH.toByteArray());

    assertThat(StatusDetailsBin.find(new Metadata().add("k", "v"))).isNull();
    assertThat(StatusDetailsBin.find(new Metadata().add(StatusDetailsBin.KEY, RICH.toByteArray())))
        .isEqualTo(new StatusDetailsBin.Decoded(5, RICH.getMessage()));
    assertThatThrownBy(() -> StatusDetailsBin.find(twice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 values");
  }
}
