package io.github.grpcaio.core.internal.security;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.ServerTransportFilter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The server's view of who is calling, named as gRPC core names it ({@code
 * grpc_security_constants.h}), from the transport attributes of a call.
 *
 * <ul>
 *   <li>Plaintext: {@code transport_security_type=[insecure]}, {@code
 *       security_level=[TSI_SECURITY_NONE]}, no identity.
 *   <li>Local credentials: {@code transport_security_type=[local]}, {@code
 *       security_level=[TSI_PRIVACY_AND_INTEGRITY]}, no identity.
 *   <li>TLS: {@code transport_security_type=[ssl]}, {@code
 *       security_level=[TSI_PRIVACY_AND_INTEGRITY]}; with a client certificate also {@code
 *       x509_common_name}, {@code x509_subject}, {@code x509_subject_alternative_name} (DNS, email,
 *       URI and IP entries, in certificate order), the per-kind {@code peer_dns}, {@code
 *       peer_email}, {@code peer_uri}, {@code peer_ip}, and {@code x509_pem_cert}. The peer
 *       identity is the subject alternative names, or the common name when there are none; its key
 *       names which.
 * </ul>
 */
public final class AuthContexts {

  /** Set by {@link #LOCAL_PORT} on connections accepted by a port with local credentials. */
  static final Attributes.Key<Boolean> LOCAL = Attributes.Key.create("grpc-aio.local-credentials");

  /** Marks the connections of a local-credentials port. */
  static final ServerTransportFilter LOCAL_PORT =
      new ServerTransportFilter() {
        @Override
        public Attributes transportReady(Attributes attributes) {
          return attributes.toBuilder().set(LOCAL, Boolean.TRUE).build();
        }
      };

  static final String COMMON_NAME = "x509_common_name";
  static final String SUBJECT_ALTERNATIVE_NAME = "x509_subject_alternative_name";

  /**
   * What a call's transport says about its peer.
   *
   * @param context the auth context, unmodifiable
   * @param identities the values of {@code identityKey}, empty when unauthenticated
   * @param identityKey the property holding the identities
   */
  public record Info(
      Map<String, List<byte[]>> context, List<byte[]> identities, Optional<String> identityKey) {}

  private AuthContexts() {}

  public static Info of(Attributes attributes) {
    SSLSession session = attributes.get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    Map<String, List<byte[]>> context = new LinkedHashMap<>();
    if (session == null) {
      boolean local = Boolean.TRUE.equals(attributes.get(LOCAL));
      put(context, "transport_security_type", local ? "local" : "insecure");
      put(context, "security_level", local ? "TSI_PRIVACY_AND_INTEGRITY" : "TSI_SECURITY_NONE");
      return new Info(freeze(context), List.of(), Optional.empty());
    }
    put(context, "transport_security_type", "ssl");
    put(context, "security_level", "TSI_PRIVACY_AND_INTEGRITY");
    X509Certificate peer = peerCertificate(session);
    if (peer == null) {
      return new Info(freeze(context), List.of(), Optional.empty());
    }
    String commonName = commonName(peer);
    if (commonName != null) {
      put(context, COMMON_NAME, commonName);
    }
    put(context, "x509_subject", peer.getSubjectX500Principal().getName());
    List<String> sans = new ArrayList<>();
    try {
      Collection<List<?>> names = peer.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          String property = sanProperty((Integer) name.get(0));
          if (property != null) {
            String value = sanValue(name.get(1));
            sans.add(value);
            put(context, property, value);
          }
        }
      }
    } catch (CertificateParsingException e) {
      // an unreadable extension: report no alternative names, as if absent
    }
    for (String san : sans) {
      put(context, SUBJECT_ALTERNATIVE_NAME, san);
    }
    try {
      put(context, "x509_pem_cert", pem(peer));
    } catch (CertificateEncodingException e) {
      // cannot happen for a certificate the handshake accepted
    }
    String key =
        sans.isEmpty() ? (commonName == null ? null : COMMON_NAME) : SUBJECT_ALTERNATIVE_NAME;
    Map<String, List<byte[]>> frozen = freeze(context);
    List<byte[]> identities = key == null ? List.of() : frozen.get(key);
    return new Info(frozen, identities, Optional.ofNullable(key));
  }

  private static X509Certificate peerCertificate(SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
    } catch (SSLPeerUnverifiedException e) {
      return null; // the client presented no certificate
    }
  }

  private static String commonName(X509Certificate certificate) {
    try {
      LdapName name = new LdapName(certificate.getSubjectX500Principal().getName());
      for (Rdn rdn : name.getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return String.valueOf(rdn.getValue());
        }
      }
    } catch (InvalidNameException e) {
      // fall through: no common name
    }
    return null;
  }

  /** The per-kind property of a subject alternative name type, or null for kinds gRPC ignores. */
  private static String sanProperty(int type) {
    return switch (type) {
      case 1 -> "peer_email";
      case 2 -> "peer_dns";
      case 6 -> "peer_uri";
      case 7 -> "peer_ip";
      default -> null;
    };
  }

  private static String sanValue(Object value) {
    if (value instanceof String s) {
      try {
        // IP addresses come as text; normalize IPv6 as the JDK prints it
        return s.contains(":") && s.matches("[0-9A-Fa-f:.]+")
            ? InetAddress.getByName(s).getHostAddress()
            : s;
      } catch (java.net.UnknownHostException e) {
        return s;
      }
    }
    return String.valueOf(value);
  }

  private static String pem(X509Certificate certificate) throws CertificateEncodingException {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  private static Map<String, List<byte[]>> freeze(Map<String, List<byte[]>> context) {
    Map<String, List<byte[]>> frozen = new LinkedHashMap<>();
    context.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(frozen);
  }

  private static void put(Map<String, List<byte[]>> context, String key, String value) {
    context
        .computeIfAbsent(key, k -> new ArrayList<>())
        .add(value.getBytes(StandardCharsets.UTF_8));
  }
}
