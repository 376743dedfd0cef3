/**
 * Test fixtures for grpc-aio services and clients: {@link io.github.grpcaio.testkit.AioTestServer}
 * (a real server on a {@link io.github.grpcaio.testkit.Transport} that fails on leaked RPCs when
 * closed), {@link io.github.grpcaio.testkit.AioServerExtension} (the same as a JUnit 5 extension),
 * {@link io.github.grpcaio.testkit.AioAssertions#assertThatRpc} (bounded AssertJ assertions on an
 * RPC's outcome), {@link io.github.grpcaio.testkit.TestSubscriber} (a bounded subscriber with
 * explicit demand that records Reactive Streams violations), {@link
 * io.github.grpcaio.testkit.Await} (bounded waits on futures, queues, latches and conditions),
 * {@link io.github.grpcaio.testkit.Utf8} (strings as UTF-8 messages); for faults and leaks, {@link
 * io.github.grpcaio.testkit.LoopbackProxy} (a TCP proxy that stalls or drops connections), {@link
 * io.github.grpcaio.testkit.NettyLeakDetection} and {@link
 * io.github.grpcaio.testkit.ThreadLeakCheck} (JUnit extensions failing a class that leaked a Netty
 * buffer or a gRPC thread).
 *
 * <p>Every wait is bounded: 5 seconds by default on an RPC or a stream, {@link
 * io.github.grpcaio.testkit.Await#TIMEOUT} in {@code Await}. Nothing here mocks gRPC: the servers
 * are real grpc-java servers behind the grpc-aio API.
 */
package io.github.grpcaio.testkit;
