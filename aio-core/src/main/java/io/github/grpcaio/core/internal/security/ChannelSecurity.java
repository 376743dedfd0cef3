package io.github.grpcaio.core.internal.security;

import io.github.grpcaio.CallCredentials;
import io.github.grpcaio.ChannelCredentials;
import java.util.ArrayList;
import java.util.List;

/**
 * What a channel's credentials mean for its calls: whether the channel counts as secure (TLS and
 * local credentials do, as in gRPC; plaintext and in-process channels do not), the call credentials
 * of a composite, applied to every call before the call's own, and whether the aio call credentials
 * must wait for grpc-java to report the connection private (channels whose transport security
 * grpc-java decides: grpc-java credentials and wrapped channels).
 *
 * @param secure whether call credentials are allowed
 * @param callCredentials the channel's call credentials, in order; empty for none
 * @param privateTransportRequired whether aio call credentials fail the call with {@code
 *     UNAUTHENTICATED} unless grpc-java reports the connection {@code PRIVACY_AND_INTEGRITY}
 */
public record ChannelSecurity(
    boolean secure, List<CallCredentials> callCredentials, boolean privateTransportRequired) {

  /** A plaintext or in-process channel: call credentials are refused. */
  public static final ChannelSecurity INSECURE = new ChannelSecurity(false, List.of(), false);

  /**
   * A wrapped grpc-java channel, whose security only grpc-java knows: call credentials are allowed,
   * and applied over private connections only.
   */
  public static final ChannelSecurity WRAPPED = new ChannelSecurity(true, List.of(), true);

  /**
   * Copies the parts.
   *
   * @param secure whether call credentials are allowed
   * @param callCredentials the channel's call credentials
   * @param privateTransportRequired whether aio call credentials need a private connection
   */
  public ChannelSecurity {
    callCredentials = List.copyOf(callCredentials);
  }

  /**
   * The security of a channel made with these credentials.
   *
   * @param credentials the channel credentials
   * @return secure, with the call credentials of every composite level, innermost first
   */
  public static ChannelSecurity of(ChannelCredentials credentials) {
    List<CallCredentials> calls = new ArrayList<>();
    ChannelCredentials c = credentials;
    while (c instanceof ChannelCredentials.Composite composite) {
      calls.addAll(0, composite.callCredentials());
      c = composite.channelCredentials();
    }
    return new ChannelSecurity(true, calls, c instanceof ChannelCredentials.GrpcJava);
  }

  /**
   * The transport credentials under any composite.
   *
   * @param credentials the channel credentials
   * @return an {@link ChannelCredentials.Ssl}, {@link ChannelCredentials.Local} or {@link
   *     ChannelCredentials.GrpcJava}
   */
  public static ChannelCredentials transport(ChannelCredentials credentials) {
    ChannelCredentials c = credentials;
    while (c instanceof ChannelCredentials.Composite composite) {
      c = composite.channelCredentials();
    }
    return c;
  }
}
