package io.github.grpcaio.core.internal.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM material of credentials with the JDK alone, failing with an {@link
 * IllegalArgumentException} that names which PEM was wrong ({@code "rootCertificates"}, {@code
 * "privateKey"}, ...), so that a bad file is reported where the channel or port is created.
 *
 * <p>Keys: PKCS#8 ({@code BEGIN PRIVATE KEY}; RSA, EC, Ed25519, Ed448) and PKCS#1 ({@code BEGIN RSA
 * PRIVATE KEY}). Encrypted keys and SEC1 EC keys ({@code BEGIN EC PRIVATE KEY}) are refused with a
 * hint to convert them ({@code openssl pkcs8 -topk8 -nocrypt}).
 */
final class Pem {

  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----", Pattern.DOTALL);

  private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448"};

  private Pem() {}

  /**
   * Reads one or more X.509 certificates.
   *
   * @param pem the PEM bytes
   * @param what the name of the PEM, for the error message
   * @throws IllegalArgumentException if there is no certificate or one is malformed
   */
  static List<X509Certificate> certificates(byte[] pem, String what) {
    if (pem == null || pem.length == 0) {
      throw new IllegalArgumentException(what + " is empty: expected PEM certificates");
    }
    if (!new String(pem, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException(
          what + " is not PEM: no '-----BEGIN CERTIFICATE-----' block found");
    }
    Collection<? extends java.security.cert.Certificate> parsed;
    try {
      parsed = CertificateFactory.getInstance("X.509").generateCertificates(stream(pem));
    } catch (CertificateException | RuntimeException e) {
      throw new IllegalArgumentException(
          what + " holds a malformed PEM certificate: " + e.getMessage(), e);
    }
    List<X509Certificate> certificates = new ArrayList<>();
    for (java.security.cert.Certificate c : parsed) {
      certificates.add((X509Certificate) c);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(what + " holds no PEM certificate");
    }
    return certificates;
  }

  /**
   * Reads one private key.
   *
   * @param pem the PEM bytes
   * @param what the name of the PEM, for the error message
   * @throws IllegalArgumentException if there is no usable key
   */
  static PrivateKey privateKey(byte[] pem, String what) {
    if (pem == null || pem.length == 0) {
      throw new IllegalArgumentException(what + " is empty: expected a PEM private key");
    }
    Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
    while (m.find()) {
      String type = m.group(1);
      if (!type.endsWith("PRIVATE KEY")) {
        continue;
      }
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(2));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(what + " holds malformed base64: " + e.getMessage(), e);
      }
      switch (type) {
        case "PRIVATE KEY":
          return pkcs8(der, what);
        case "RSA PRIVATE KEY":
          return pkcs8(wrapPkcs1(der), what);
        default:
          throw new IllegalArgumentException(
              what
                  + " holds a '"
                  + type
                  + "', which is not supported: convert it to an unencrypted PKCS#8 'PRIVATE KEY'"
                  + " (openssl pkcs8 -topk8 -nocrypt)");
      }
    }
    throw new IllegalArgumentException(
        what + " is not PEM: no '-----BEGIN PRIVATE KEY-----' block found");
  }

  /**
   * Checks that {@code key} belongs to the first certificate of {@code chain}, by signing a test
   * message with it and verifying the signature with the certificate's public key.
   *
   * @param keyName the name of the key PEM, for the error message
   * @param chainName the name of the chain PEM, for the error message
   * @throws IllegalArgumentException if they do not match
   */
  static void checkPair(
      PrivateKey key, List<X509Certificate> chain, String keyName, String chainName) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm(); // Ed25519, Ed448
        };
    boolean matches;
    try {
      byte[] message = "grpc-aio key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(message);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(chain.get(0).getPublicKey());
      verifier.update(message);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false; // e.g. an RSA key with an EC certificate
    }
    if (!matches) {
      throw new IllegalArgumentException(
          keyName + " does not match the first certificate of " + chainName);
    }
  }

  private static PrivateKey pkcs8(byte[] der, String what) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new IllegalArgumentException(
        what + " holds a malformed or unsupported private key (RSA, EC, Ed25519 and Ed448 work)",
        last);
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo, so the JDK can read it. */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    byte[] version = {0x02, 0x01, 0x00};
    // SEQUENCE { OID 1.2.840.113549.1.1.1 (rsaEncryption), NULL }
    byte[] algorithm = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };
    byte[] octets = der(0x04, pkcs1);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(version);
    body.writeBytes(algorithm);
    body.writeBytes(octets);
    return der(0x30, body.toByteArray());
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write((n >>> (8 * i)) & 0xff);
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static ByteArrayInputStream stream(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }
}
