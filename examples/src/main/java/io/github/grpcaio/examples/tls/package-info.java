/**
 * Security: {@link io.github.grpcaio.examples.tls.MutualTlsGreeter} runs the Greeter over mutual
 * TLS with certificates made at start-up by {@link io.github.grpcaio.examples.tls.Certificates}.
 */
package io.github.grpcaio.examples.tls;
