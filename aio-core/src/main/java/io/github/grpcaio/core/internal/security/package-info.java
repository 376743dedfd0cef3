/**
 * Transport security: reading PEM keys and certificates, building Netty's TLS contexts for channels
 * and servers, choosing a server certificate by SNI, local (loopback and Unix socket) credentials,
 * the authentication context a handler reads, and the adapter that runs a user's call credentials
 * for grpc-java.
 *
 * <p>This package depends only on the common base {@code io.github.grpcaio.core.internal}; the
 * channel ({@code client}) and the server ({@code server}) call into it when they build their
 * transports.
 */
package io.github.grpcaio.core.internal.security;
