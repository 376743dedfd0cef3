/**
 * The backpressure primitives every RPC is built from, client and server alike: the serializing
 * executor that is an RPC's <em>context</em>, the inbound stream that turns received messages into
 * a {@link java.util.concurrent.Flow.Publisher} and {@code read()}s with exact demand, the outbound
 * stream that pulls a user's publisher only while the transport is ready, and the write queue
 * behind {@code write()}/{@code done_writing()}.
 *
 * <p>Nothing here knows grpc-java's calls: a primitive talks to its transport through a small
 * interface (a {@code Sink}, a {@code Source}) that {@code client} and {@code server} implement.
 * This package depends only on the common base {@code io.github.grpcaio.core.internal}.
 */
package io.github.grpcaio.core.internal.stream;
