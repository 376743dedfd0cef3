package io.github.grpcaio.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.Status;
import io.github.grpcaio.StatusCode;
import org.junit.jupiter.api.Test;

/** {@link RpcStatus#toStatus}: a rich status becomes an aio status carrying it, or is refused. */
class ToStatusTest {

  @Test
  void toStatus_carriesCodeMessageAndTheSerializedStatus() {
    com.google.rpc.Status rich =
        com.google.rpc.Status.newBuilder().setCode(5).setMessage("no such book").build();

    Status status = RpcStatus.toStatus(rich);

    assertThat(status.code()).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(status.details()).isEqualTo("no such book");
    assertThat(status.trailingMetadata().getAllBinary(RpcStatus.GRPC_DETAILS_METADATA_KEY))
        .containsExactly(rich.toByteArray());
  }

  @Test
  void toStatus_ofOkOrAnUnknownCode_throwsIllegalArgument() {
    assertThatThrownBy(() -> RpcStatus.toStatus(com.google.rpc.Status.getDefaultInstance()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("google.rpc.Status code 0 (OK) is not an error status");
    assertThatThrownBy(
            () -> RpcStatus.toStatus(com.google.rpc.Status.newBuilder().setCode(17).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid status code 17");
  }
}
