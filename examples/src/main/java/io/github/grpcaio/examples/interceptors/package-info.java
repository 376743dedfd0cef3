/**
 * Interceptors on both sides: a request-id pair. The client interceptor gives every call a {@code
 * request_id} (a UUID) unless the caller set one; the server interceptor reads it and puts it into
 * the logging of the RPC, so that client and server logs of one request can be matched.
 */
package io.github.grpcaio.examples.interceptors;
