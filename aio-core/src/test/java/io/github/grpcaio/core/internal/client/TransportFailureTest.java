package io.github.grpcaio.core.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

class TransportFailureTest {

  private final TransportFailure failure = new TransportFailure("127.0.0.1:50051", true);

  @Test
  void unknownChannelClosed_fromAWriteOnAClosedConnection_isUnavailableNamingTheTarget() {
    ClosedChannelException cause = new ClosedChannelException();

    Status explained =
        failure.explain(Status.UNKNOWN.withDescription("channel closed").withCause(cause), false);

    assertThat(explained.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(explained.getDescription())
        .isEqualTo("channel closed; target 127.0.0.1:50051; last error: ClosedChannelException");
    assertThat(explained.getCause()).isSameAs(cause);
  }

  @Test
  void unknownFromTheServer_orWithAnotherCause_staysAsItIs() {
    Status fromServer = Status.UNKNOWN.withDescription("channel closed");
    Status handlerFailed =
        Status.UNKNOWN.withDescription("boom").withCause(new IllegalStateException("boom"));

    assertThat(failure.explain(fromServer, true)).isSameAs(fromServer);
    assertThat(failure.explain(handlerFailed, true)).isSameAs(handlerFailed);
  }

  @Test
  void unavailableWithAnIoCause_namesTheTargetAndTheReason() {
    Status refused =
        Status.UNAVAILABLE
            .withDescription("io exception")
            .withCause(new java.net.ConnectException("Connection refused"));

    Status explained = failure.explain(refused, false);

    assertThat(explained.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(explained.getDescription())
        .isEqualTo(
            "io exception; target 127.0.0.1:50051; last error: ConnectException: Connection"
                + " refused");
  }
}
