package io.github.grpcaio.testkit;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throwaway certificates for TLS tests, made in memory (EC P-256, SHA-256, nothing written to
 * disk): a self-signed certificate authority and the server and client certificates it issues, each
 * with its key pair and both as PEM, ready for {@code ServerCredentials.ssl} and {@code
 * ChannelCredentials.ssl}:
 *
 * <pre>{@code
 * TestCertificates ca = TestCertificates.authority("test CA");
 * TestCertificates server = ca.issue("server", "localhost", "127.0.0.1");
 * TestCertificates client = ca.issue("client");
 * ServerCredentials.ssl(
 *     List.of(new KeyCertificatePair(server.privateKeyPem(), server.certificatePem())),
 *     ca.certificatePem(), true);
 * ChannelCredentials.ssl(ca.certificatePem(), client.privateKeyPem(), client.certificatePem());
 * }</pre>
 *
 * <p>Certificates are valid from an hour ago for a day unless a validity window is given (to make
 * an expired or not yet valid one). Leaves may serve as server and as client certificates. Never
 * use them for anything real. Immutable and thread-safe; making one takes a few milliseconds on the
 * calling thread.
 */
public final class TestCertificates {

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final X509Certificate certificate;
  private final KeyPair keys;

  private TestCertificates(X509Certificate certificate, KeyPair keys) {
    this.certificate = certificate;
    this.keys = keys;
  }

  /**
   * Makes a new self-signed certificate authority, valid now.
   *
   * @param commonName the CN of its subject
   * @return the authority, which can {@link #issue} certificates
   * @throws NullPointerException if {@code commonName} is null
   */
  public static TestCertificates authority(String commonName) {
    Instant now = Instant.now();
    return make(null, commonName, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
  }

  /**
   * Issues a certificate valid now, signed by this one, usable by servers and clients.
   *
   * @param commonName the CN of its subject
   * @param alternativeNames DNS names and IP addresses (such as {@code "localhost"}, {@code
   *     "127.0.0.1"}, {@code "::1"}) for its subject alternative names; none for a client
   * @return the certificate and its key
   * @throws NullPointerException if an argument is null
   */
  public TestCertificates issue(String commonName, String... alternativeNames) {
    Instant now = Instant.now();
    return issue(
        commonName, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), alternativeNames);
  }

  /**
   * Issues a certificate valid in the given window, for example an expired one.
   *
   * @param commonName the CN of its subject
   * @param notBefore the start of its validity
   * @param notAfter the end of its validity
   * @param alternativeNames DNS names and IP addresses for its subject alternative names
   * @return the certificate and its key
   * @throws NullPointerException if an argument is null
   */
  public TestCertificates issue(
      String commonName, Instant notBefore, Instant notAfter, String... alternativeNames) {
    return make(this, commonName, notBefore, notAfter, alternativeNames);
  }

  /**
   * Returns the certificate.
   *
   * @return the X.509 certificate
   */
  public X509Certificate certificate() {
    return certificate;
  }

  /** Returns the certificate's key pair. */
  public KeyPair keys() {
    return keys;
  }

  /**
   * Returns the certificate as PEM ({@code BEGIN CERTIFICATE}).
   *
   * @return new PEM bytes (US-ASCII)
   */
  public byte[] certificatePem() {
    try {
      return pem("CERTIFICATE", certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot encode the certificate", e);
    }
  }

  /**
   * Returns the private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}).
   *
   * @return new PEM bytes (US-ASCII)
   */
  public byte[] privateKeyPem() {
    return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
  }

  /**
   * Encodes DER bytes as PEM, 64 characters a line.
   *
   * @param type the label, for example {@code "CERTIFICATE"} or {@code "PRIVATE KEY"}
   * @param der the DER bytes
   * @return new PEM bytes (US-ASCII)
   */
  public static byte[] pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "TestCertificates[" + certificate.getSubjectX500Principal().getName() + "]";
  }

  private static TestCertificates make(
      TestCertificates issuer,
      String commonName,
      Instant notBefore,
      Instant notAfter,
      String... alternativeNames) {
    Objects.requireNonNull(commonName, "commonName");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    boolean ca = issuer == null;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      KeyPair keys = generator.generateKeyPair();
      // Built by attribute, so that a common name with ',' or '=' stays one value.
      X500Name subject =
          new X500NameBuilder(BCStyle.INSTANCE)
              .addRDN(BCStyle.O, "grpc-aio testkit")
              .addRDN(BCStyle.CN, commonName)
              .build();
      X500Name issuerName =
          ca
              ? subject
              : X500Name.getInstance(issuer.certificate.getSubjectX500Principal().getEncoded());
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuerName,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ca) {
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(
            Extension.extendedKeyUsage,
            false,
            new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        List<GeneralName> names = new ArrayList<>();
        for (String name : alternativeNames) {
          Objects.requireNonNull(name, "alternative name");
          boolean ip = name.matches("[0-9.]+") || name.contains(":");
          names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        if (!names.isEmpty()) {
          builder.addExtension(
              Extension.subjectAlternativeName,
              false,
              new GeneralNames(names.toArray(GeneralName[]::new)));
        }
      }
      KeyPair signer = ca ? keys : issuer.keys;
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
      return new TestCertificates(certificate, keys);
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("Cannot make a test certificate", e);
    }
  }
}
