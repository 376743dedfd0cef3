package io.github.grpcaio.examples.tls;

import io.github.grpcaio.testkit.TestCertificates;
import java.security.cert.X509Certificate;

/**
 * Throwaway certificates for the examples, made in memory at start-up: a certificate authority and
 * the server and client certificates it issues (EC P-256, valid for a day). They come from
 * aio-testkit's {@link TestCertificates}, the same factory the library's TLS tests use, so that
 * this example shows TLS rather than certificate generation. Never use them, or keys checked into a
 * repository, for anything real: a real server loads its PEM files.
 *
 * <pre>{@code
 * Certificates ca = Certificates.authority("example CA");
 * Certificates server = ca.issue("greeter", "localhost", "127.0.0.1");
 * ChannelCredentials.ssl(ca.certificatePem(), null, null);
 * }</pre>
 */
public final class Certificates {

  private final TestCertificates certificates;

  private Certificates(TestCertificates certificates) {
    this.certificates = certificates;
  }

  /**
   * Makes a new self-signed certificate authority.
   *
   * @param commonName its name
   * @return the authority
   */
  public static Certificates authority(String commonName) {
    return new Certificates(TestCertificates.authority(commonName));
  }

  /**
   * Issues a certificate usable by servers and clients, signed by this authority.
   *
   * @param commonName the subject's common name
   * @param alternativeNames DNS names and IP addresses (subject alternative names)
   * @return the certificate and its key
   */
  public Certificates issue(String commonName, String... alternativeNames) {
    return new Certificates(certificates.issue(commonName, alternativeNames));
  }

  /**
   * Returns the certificate.
   *
   * @return the certificate
   */
  public X509Certificate certificate() {
    return certificates.certificate();
  }

  /**
   * Returns the certificate as PEM.
   *
   * @return PEM bytes
   */
  public byte[] certificatePem() {
    return certificates.certificatePem();
  }

  /**
   * Returns the private key as unencrypted PKCS#8 PEM.
   *
   * @return PEM bytes
   */
  public byte[] privateKeyPem() {
    return certificates.privateKeyPem();
  }
}
