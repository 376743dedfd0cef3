package io.github.grpcaio.core.internal.security;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Chooses among a server's key/certificate pairs, as gRPC does with several pairs: the first pair
 * whose key fits the handshake and whose certificate names the host the client asked for (SNI);
 * failing that, the first pair whose key fits. (The JDK's own PKIX key manager also rates
 * certificates by key usage bits, and with common EC certificates falls back to the first pair.)
 *
 * <p>The engine must record the requested name, which the JDK only does when it has an SNI matcher:
 * see {@code TlsContexts}.
 */
final class ServerNameKeyManager extends X509ExtendedKeyManager {

  /** One pair, under the alias {@code String.valueOf(index)}. */
  @SuppressWarnings("ArrayRecordComponent") // never compared; the array is what the API returns
  record Entry(PrivateKey key, X509Certificate[] chain) {}

  private final List<Entry> entries;

  ServerNameKeyManager(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return choose(keyType, engine == null ? null : engine.getHandshakeSession());
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return choose(keyType, null);
  }

  private String choose(String keyType, SSLSession session) {
    List<String> names = new ArrayList<>();
    if (session instanceof ExtendedSSLSession extended) {
      for (SNIServerName name : extended.getRequestedServerNames()) {
        if (name instanceof SNIHostName host) {
          names.add(host.getAsciiName().toLowerCase(Locale.ROOT));
        }
      }
    }
    String fallback = null;
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      if (!fits(entry.key(), keyType)) {
        continue;
      }
      if (fallback == null) {
        fallback = String.valueOf(i);
      }
      for (String name : names) {
        if (names(entry.chain()[0], name)) {
          return String.valueOf(i);
        }
      }
    }
    return fallback;
  }

  /** Key types as JSSE passes them: "RSA", "EC", "EdDSA", "RSASSA-PSS", or TLS 1.2's "EC_EC"... */
  private static boolean fits(PrivateKey key, String keyType) {
    String type = keyType.contains("_") ? keyType.substring(0, keyType.indexOf('_')) : keyType;
    String algorithm = key.getAlgorithm();
    return type.equalsIgnoreCase(algorithm)
        || (type.equals("EdDSA") && algorithm.startsWith("Ed"))
        || (type.equals("RSASSA-PSS") && algorithm.equals("RSA"));
  }

  /** Whether a DNS alternative name (or, without any, the common name) matches {@code host}. */
  private static boolean names(X509Certificate certificate, String host) {
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> alternative : alternatives) {
          if (Integer.valueOf(2).equals(alternative.get(0))
              && matches(String.valueOf(alternative.get(1)), host)) {
            return true;
          }
        }
      }
    } catch (CertificateParsingException e) {
      return false;
    }
    return false;
  }

  private static boolean matches(String pattern, String host) {
    String p = pattern.toLowerCase(Locale.ROOT);
    if (p.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot).equals(p.substring(1));
    }
    return p.equals(host);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Entry entry = entry(alias);
    return entry == null ? null : entry.chain().clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Entry entry = entry(alias);
    return entry == null ? null : entry.key();
  }

  private Entry entry(String alias) {
    try {
      int i = Integer.parseInt(alias);
      return i >= 0 && i < entries.size() ? entries.get(i) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    List<String> aliases = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (fits(entries.get(i).key(), keyType)) {
        aliases.add(String.valueOf(i));
      }
    }
    return aliases.isEmpty() ? null : aliases.toArray(String[]::new);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null; // server side only
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
