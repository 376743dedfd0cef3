package io.github.grpcaio.core.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;

class PemTest {

  private static byte[] pem(String type, byte[] der) {
    return ("-----BEGIN "
            + type
            + "-----\n"
            + Base64.getMimeEncoder().encodeToString(der)
            + "\n-----END "
            + type
            + "-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void privateKey_pkcs1Rsa_isReadAsTheSameKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    byte[] pkcs1 =
        PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded())
            .parsePrivateKey()
            .toASN1Primitive()
            .getEncoded();

    PrivateKey read = Pem.privateKey(pem("RSA PRIVATE KEY", pkcs1), "privateKey");

    assertThat(read.getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
  }

  @Test
  void privateKey_pkcs8Ec_isRead() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("EC").generateKeyPair();

    PrivateKey read =
        Pem.privateKey(pem("PRIVATE KEY", keys.getPrivate().getEncoded()), "privateKey");

    assertThat(read.getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void privateKey_encrypted_isRefusedWithHint() {
    assertThatThrownBy(
            () -> Pem.privateKey(pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2}), "privateKey"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("privateKey holds a 'ENCRYPTED PRIVATE KEY'")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void certificates_empty_isRefused() {
    assertThatThrownBy(() -> Pem.certificates(new byte[0], "rootCertificates"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rootCertificates is empty: expected PEM certificates");
  }
}
