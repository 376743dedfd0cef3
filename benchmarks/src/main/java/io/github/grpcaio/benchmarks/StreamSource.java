package io.github.grpcaio.benchmarks;

import io.github.grpcaio.benchmarks.proto.Payload;
import io.github.grpcaio.benchmarks.proto.StreamRequest;

/** The payloads a {@code ServerStream} request asks for, the same for both variants. */
final class StreamSource {

  private StreamSource() {}

  /**
   * Returns the responses to {@code request}: {@code count} payloads of {@code size} bytes, one
   * shared instance unless they are numbered.
   */
  static RepeatingPublisher<Payload> of(StreamRequest request) {
    Payload payload = Rig.payload(request.getSize());
    if (request.getNumbered()) {
      return new RepeatingPublisher<>(
          i -> payload.toBuilder().setSeq(i).build(), request.getCount());
    }
    return RepeatingPublisher.of(payload, request.getCount());
  }
}
