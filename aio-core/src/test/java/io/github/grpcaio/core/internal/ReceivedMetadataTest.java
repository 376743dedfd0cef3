package io.github.grpcaio.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.Metadata;
import org.junit.jupiter.api.Test;

class ReceivedMetadataTest {

  private static final io.grpc.Metadata.Key<String> USER =
      io.grpc.Metadata.Key.of("user-key", io.grpc.Metadata.ASCII_STRING_MARSHALLER);
  private static final io.grpc.Metadata.Key<byte[]> USER_BIN =
      io.grpc.Metadata.Key.of("user-key-bin", io.grpc.Metadata.BINARY_BYTE_MARSHALLER);
  private static final io.grpc.Metadata.Key<String> CONTENT_TYPE =
      io.grpc.Metadata.Key.of("content-type", io.grpc.Metadata.ASCII_STRING_MARSHALLER);
  private static final io.grpc.Metadata.Key<String> ENCODING =
      io.grpc.Metadata.Key.of("grpc-accept-encoding", io.grpc.Metadata.ASCII_STRING_MARSHALLER);

  @Test
  void get_showsUserEntriesInOrder_withoutReservedHeaders() {
    io.grpc.Metadata delivered = new io.grpc.Metadata();
    delivered.put(CONTENT_TYPE, "application/grpc");
    delivered.put(USER, "a");
    delivered.put(ENCODING, "gzip");
    delivered.put(USER, "b");
    delivered.put(USER_BIN, new byte[] {1, 2});

    Metadata shown = new ReceivedMetadata(delivered).get();

    assertThat(shown.getAll("user-key")).containsExactly("a", "b");
    assertThat(shown.getBinary("user-key-bin")).containsExactly(1, 2);
    assertThat(shown.keys()).containsExactlyInAnyOrder("user-key", "user-key-bin");
    assertThat(shown.isReadOnly()).isTrue();
  }

  @Test
  void get_calledTwice_convertsOnce() {
    io.grpc.Metadata delivered = new io.grpc.Metadata();
    delivered.put(USER, "a");
    ReceivedMetadata received = new ReceivedMetadata(delivered);

    Metadata first = received.get();
    Metadata second = received.get();

    assertThat(second).isSameAs(first);
  }

  @Test
  void get_ofOnlyReservedHeaders_orNone_isEmptyAndReadOnly() {
    io.grpc.Metadata delivered = new io.grpc.Metadata();
    delivered.put(CONTENT_TYPE, "application/grpc");
    delivered.put(ENCODING, "gzip");

    Metadata reservedOnly = new ReceivedMetadata(delivered).get();
    Metadata none = ReceivedMetadata.NONE.get();

    assertThat(reservedOnly.isEmpty()).isTrue();
    assertThat(reservedOnly.isReadOnly()).isTrue();
    assertThat(none.isEmpty()).isTrue();
    assertThat(none.isReadOnly()).isTrue();
  }

  @Test
  void get_keepsStatusDetails_theOneReservedHeaderThatIsTheApplications() {
    io.grpc.Metadata delivered = new io.grpc.Metadata();
    delivered.put(ENCODING, "gzip");
    delivered.put(
        io.grpc.Metadata.Key.of("grpc-status-details-bin", io.grpc.Metadata.BINARY_BYTE_MARSHALLER),
        new byte[] {8, 5});

    Metadata shown = new ReceivedMetadata(delivered).get();

    assertThat(shown.keys()).containsExactly("grpc-status-details-bin");
    assertThat(shown.getBinary("grpc-status-details-bin")).containsExactly(8, 5);
  }
}
