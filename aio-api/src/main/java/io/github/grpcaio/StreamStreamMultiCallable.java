package io.github.grpcaio;

import java.util.Iterator;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

/**
 * Makes calls of one method with streams of requests and responses, as Python's {@code
 * grpc.aio.StreamStreamMultiCallable} (returned by {@code channel.stream_stream}). Thread-safe;
 * create it once and reuse it.
 *
 * @param <Req> the request type
 * @param <Resp> the response type
 */
public interface StreamStreamMultiCallable<Req, Resp> {

  /**
   * Starts a call whose requests are written with {@code write()} and {@code doneWriting()}.
   *
   * @return the call, already started
   * @throws UsageError if the channel is closed ("Channel is closed.")
   */
  default StreamStreamCall<Req, Resp> call() {
    return call(CallOptions.DEFAULT);
  }

  /**
   * Starts a call whose requests are written with {@code write()} and {@code doneWriting()}.
   *
   * @param options timeout, metadata, credentials, wait-for-ready and compression
   * @return the call, already started
   * @throws UsageError if the channel is closed, or call credentials are given on an insecure
   *     channel
   */
  StreamStreamCall<Req, Resp> call(CallOptions options);

  /**
   * Starts a call whose requests come from {@code requests}, as Python's {@code request_iterator}.
   *
   * @param requests the request stream
   * @return the call, already started
   * @throws UsageError if the channel is closed
   */
  default StreamStreamCall<Req, Resp> call(Flow.Publisher<? extends Req> requests) {
    return call(requests, CallOptions.DEFAULT);
  }

  /**
   * Starts a call whose requests come from {@code requests}. The publisher is subscribed to on the
   * calling thread before this method returns, so a hot publisher (a {@link
   * java.util.concurrent.SubmissionPublisher}, which drops what it is fed while it has no
   * subscriber) may be fed as soon as it has returned. It is asked for messages only while the
   * transport is ready to send (one at a time; over a network channel, while the transport keeps
   * taking them, up to 32 per request, so it may run at most 31 messages past the moment the
   * transport stops being ready): what it holds meanwhile stays in its own buffer, and a full
   * {@code SubmissionPublisher} blocks {@code submit} (or drops on {@code offer}, as its owner
   * chose). A publisher that throws from {@code subscribe} fails the RPC as one that signals {@code
   * onError} does. When the publisher completes, the request stream is half-closed. If it fails,
   * the RPC is cancelled locally: the code becomes {@code CANCELLED} and the response fails with a
   * {@link java.util.concurrent.CancellationException} whose cause is the publisher's error. When
   * the RPC ends first, its subscription is cancelled.
   *
   * <p>With client interceptors of this kind, the publisher is still subscribed to here, and the
   * interceptors receive a publisher standing for it: the first subscriber to that one (normally
   * the call the chain makes when it reaches its end, however late) takes over the subscription,
   * with everything the publisher kept meanwhile, and nothing is requested before it does. A
   * further subscriber (an interceptor that retries with the same publisher) subscribes to {@code
   * requests} itself, so a hot publisher gives it only what it emits from then on; a call that
   * interceptors may retry needs a cold publisher (one that replays for each subscriber). If no
   * call subscribes by the time this call ends (the chain failed, or an interceptor replaced the
   * publisher), the subscription is cancelled.
   *
   * @param requests the request stream
   * @param options timeout, metadata, credentials, wait-for-ready and compression
   * @return the call, already started
   * @throws UsageError if the channel is closed, or call credentials are given on an insecure
   *     channel
   */
  StreamStreamCall<Req, Resp> call(Flow.Publisher<? extends Req> requests, CallOptions options);

  /**
   * Starts a call whose requests are the items of {@code requests}, as Python's {@code
   * request_iterator}: the same as {@code call(Publishers.fromIterable(requests))}. Each call takes
   * a new iterator, and pulls items only as the transport is ready to send them.
   *
   * <p>An argument that is both an {@code Iterable} and a {@code Flow.Publisher} matches two
   * overloads: cast it to the one meant.
   *
   * @param requests the requests, none null (a null one cancels the call)
   * @return the call, already started
   * @throws NullPointerException if {@code requests} is null
   * @throws UsageError if the channel is closed
   * @see Publishers#fromIterable
   */
  default StreamStreamCall<Req, Resp> call(Iterable<? extends Req> requests) {
    return call(Publishers.fromIterable(requests), CallOptions.DEFAULT);
  }

  /**
   * Starts a call whose requests are the items of {@code requests}, as Python's {@code
   * request_iterator}, with {@code options}: the same as {@code
   * call(Publishers.fromIterable(requests), options)}. Each call takes a new iterator, and pulls
   * one item at a time, as the transport is ready to send it.
   *
   * @param requests the requests, none null (a null one cancels the call)
   * @param options timeout, metadata, credentials, wait-for-ready and compression
   * @return the call, already started
   * @throws NullPointerException if {@code requests} is null
   * @throws UsageError if the channel is closed, or call credentials are given on an insecure
   *     channel
   * @see Publishers#fromIterable
   */
  default StreamStreamCall<Req, Resp> call(Iterable<? extends Req> requests, CallOptions options) {
    return call(Publishers.fromIterable(requests), options);
  }

  /**
   * Starts a call whose requests are the remaining items of {@code requests}, as Python's {@code
   * request_iterator}: the same as {@code call(Publishers.fromIterator(requests))}. The iterator is
   * consumed by this call, one item at a time, as the transport is ready to send it.
   *
   * @param requests the requests, none null (a null one cancels the call)
   * @return the call, already started
   * @throws NullPointerException if {@code requests} is null
   * @throws UsageError if the channel is closed
   * @see Publishers#fromIterator
   */
  default StreamStreamCall<Req, Resp> call(Iterator<? extends Req> requests) {
    return call(Publishers.fromIterator(requests), CallOptions.DEFAULT);
  }

  /**
   * Starts a call whose requests are the remaining items of {@code requests}, as Python's {@code
   * request_iterator}, with {@code options}: the same as {@code
   * call(Publishers.fromIterator(requests), options)}. The iterator is consumed by this call, one
   * item at a time, as the transport is ready to send it.
   *
   * @param requests the requests, none null (a null one cancels the call)
   * @param options timeout, metadata, credentials, wait-for-ready and compression
   * @return the call, already started
   * @throws NullPointerException if {@code requests} is null
   * @throws UsageError if the channel is closed, or call credentials are given on an insecure
   *     channel
   * @see Publishers#fromIterator
   */
  default StreamStreamCall<Req, Resp> call(Iterator<? extends Req> requests, CallOptions options) {
    return call(Publishers.fromIterator(requests), options);
  }

  /**
   * Starts a call whose requests are the elements of {@code requests}: the same as {@code
   * call(Publishers.fromStream(requests))}. The stream is consumed by this call, one element at a
   * time, as the transport is ready to send it, and closed after its last element or when the call
   * ends first.
   *
   * @param requests the requests, none null (a null one cancels the call)
   * @return the call, already started
   * @throws NullPointerException if {@code requests} is null
   * @throws UsageError if the channel is closed
   * @see Publishers#fromStream
   */
  default StreamStreamCall<Req, Resp> call(Stream<? extends Req> requests) {
    return call(Publishers.fromStream(requests), CallOptions.DEFAULT);
  }

  /**
   * Starts a call whose requests are the elements of {@code requests}, with {@code options}: the
   * same as {@code call(Publishers.fromStream(requests), options)}. The stream is consumed by this
   * call, one element at a time, as the transport is ready to send it, and closed after its last
   * element or when the call ends first.
   *
   * @param requests the requests, none null (a null one cancels the call)
   * @param options timeout, metadata, credentials, wait-for-ready and compression
   * @return the call, already started
   * @throws NullPointerException if {@code requests} is null
   * @throws UsageError if the channel is closed, or call credentials are given on an insecure
   *     channel
   * @see Publishers#fromStream
   */
  default StreamStreamCall<Req, Resp> call(Stream<? extends Req> requests, CallOptions options) {
    return call(Publishers.fromStream(requests), options);
  }

  /**
   * Returns the full method name this multi-callable calls.
   *
   * @return for example {@code "/helloworld.Greeter/SayHelloStream"}
   */
  String method();
}
