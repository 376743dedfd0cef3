package io.github.grpcaio.core.internal.security;

import io.github.grpcaio.CallCredentials;
import io.github.grpcaio.ChannelCredentials;
import java.util.ArrayList;
import java.util.List;

/**
 * What a channel's credentials mean for its calls: whether the channel counts as secure (TLS and
 * local credentials do, as in gRPC; plaintext and in-process channels do not), and the call
 * credentials of a composite, applied to every call before the call's own.
 *
 * @param secure whether call credentials are allowed
 * @param callCredentials the channel's call credentials, in order; empty for none
 */
public record ChannelSecurity(boolean secure, List<CallCredentials> callCredentials) {

  /** A plaintext or in-process channel: call credentials are refused. */
  public static final ChannelSecurity INSECURE = new ChannelSecurity(false, List.of());

  /**
   * Copies the parts.
   *
   * @param secure whether call credentials are allowed
   * @param callCredentials the channel's call credentials
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
    return new ChannelSecurity(true, calls);
  }

  /**
   * The transport credentials under any composite.
   *
   * @param credentials the channel credentials
   * @return an {@link ChannelCredentials.Ssl} or {@link ChannelCredentials.Local}
   */
  public static ChannelCredentials transport(ChannelCredentials credentials) {
    ChannelCredentials c = credentials;
    while (c instanceof ChannelCredentials.Composite composite) {
      c = composite.channelCredentials();
    }
    return c;
  }
}
