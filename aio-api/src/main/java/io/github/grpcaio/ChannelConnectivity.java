package io.github.grpcaio;

/** The connectivity states of a channel, as {@code grpc.ChannelConnectivity} in Python. */
public enum ChannelConnectivity {
  /** The channel has not tried to connect yet, or has been idle for a while. */
  IDLE,
  /** The channel is connecting. */
  CONNECTING,
  /** The channel is connected and ready to carry RPCs. */
  READY,
  /** The channel saw a failure and will try again. */
  TRANSIENT_FAILURE,
  /** The channel was closed; it will never carry RPCs again. */
  SHUTDOWN
}
