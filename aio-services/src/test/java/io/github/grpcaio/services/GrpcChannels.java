package io.github.grpcaio.services;

import io.github.grpcaio.testkit.Transport;
import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;

/** grpc-java channels to an aio server, for the standard clients ({@code HealthGrpc}, ...). */
public final class GrpcChannels {

  private GrpcChannels() {}

  /**
   * Opens a plain grpc-java channel of {@code transport} to {@code target}, as {@link
   * Transport#bind} returned it.
   */
  public static ManagedChannel open(Transport transport, String target) {
    return transport.grpcChannelBuilder(target).build();
  }

  /** Shuts {@code channel} down now and waits (bounded) for it to terminate. */
  public static void close(ManagedChannel channel) throws InterruptedException {
    channel.shutdownNow();
    if (!channel.awaitTermination(10, TimeUnit.SECONDS)) {
      throw new AssertionError("The channel did not terminate within 10 s");
    }
  }
}
