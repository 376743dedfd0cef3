package io.github.grpcaio.examples.tls;

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
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
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
 * Throwaway certificates for the examples, made in memory at start-up with BouncyCastle: a
 * certificate authority and the server and client certificates it issues (EC P-256, valid for a
 * day). Never use them, or keys checked into a repository, for anything real.
 *
 * <pre>{@code
 * Certificates ca = Certificates.authority("example CA");
 * Certificates server = ca.issue("greeter", "localhost", "127.0.0.1");
 * ChannelCredentials.ssl(ca.certificatePem(), null, null);
 * }</pre>
 */
public final class Certificates {

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final X509Certificate certificate;
  private final KeyPair keys;

  private Certificates(X509Certificate certificate, KeyPair keys) {
    this.certificate = certificate;
    this.keys = keys;
  }

  /**
   * Makes a new self-signed certificate authority.
   *
   * @param commonName its name
   * @return the authority
   */
  public static Certificates authority(String commonName) {
    return make(null, commonName, true);
  }

  /**
   * Issues a certificate usable by servers and clients, signed by this authority.
   *
   * @param commonName the subject's common name
   * @param alternativeNames DNS names and IP addresses (subject alternative names)
   * @return the certificate and its key
   */
  public Certificates issue(String commonName, String... alternativeNames) {
    return make(this, commonName, false, alternativeNames);
  }

  /**
   * Returns the certificate.
   *
   * @return the certificate
   */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * Returns the certificate as PEM.
   *
   * @return PEM bytes
   */
  public byte[] certificatePem() {
    try {
      return pem("CERTIFICATE", certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Returns the private key as unencrypted PKCS#8 PEM.
   *
   * @return PEM bytes
   */
  public byte[] privateKeyPem() {
    return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
  }

  private static Certificates make(
      Certificates issuer, String commonName, boolean ca, String... alternativeNames) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      KeyPair keys = generator.generateKeyPair();
      X500Name subject = new X500Name("O=grpc-aio examples,CN=" + commonName);
      X500Name issuerName =
          issuer == null
              ? subject
              : X500Name.getInstance(issuer.certificate.getSubjectX500Principal().getEncoded());
      Instant now = Instant.now();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuerName,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(1))),
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
      KeyPair signer = issuer == null ? keys : issuer.keys;
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
      return new Certificates(certificate, keys);
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("Cannot make a certificate", e);
    }
  }

  private static byte[] pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
