package io.github.grpcaio.core.client;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;

import io.github.grpcaio.Call;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.Deserializer;
import io.github.grpcaio.Serializer;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.UnaryStreamCall;
import io.github.grpcaio.UnaryUnaryCall;
import io.github.grpcaio.testkit.TestSubscriber;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.function.Supplier;

/** The four kinds of RPC, each able to make a call of {@link TestService} with one request. */
enum RpcKind {
  UNARY_UNARY("UnaryUnary", false, false),
  UNARY_STREAM("UnaryStream", false, true),
  STREAM_UNARY("StreamUnary", true, false),
  STREAM_STREAM("StreamStream", true, true);

  private final String methodName;
  private final boolean streamingRequest;
  private final boolean streamingResponse;

  RpcKind(String methodName, boolean streamingRequest, boolean streamingResponse) {
    this.methodName = methodName;
    this.streamingRequest = streamingRequest;
    this.streamingResponse = streamingResponse;
  }

  String methodName() {
    return methodName;
  }

  /** The full method name at which {@link TestService} serves this kind. */
  String method() {
    return "/" + TestService.NAME + "/" + methodName;
  }

  boolean streamingRequest() {
    return streamingRequest;
  }

  boolean streamingResponse() {
    return streamingResponse;
  }

  /** Calls {@link #method()} with default options. */
  TestCall call(Channel channel, String request) {
    return call(channel, request, CallOptions.DEFAULT);
  }

  /**
   * Calls {@link #method()} with one request: a request stream gets it written, then half-closed. A
   * response stream is consumed at once by a {@link TestSubscriber} with unbounded demand.
   */
  TestCall call(Channel channel, String request, CallOptions options) {
    return call(channel, request, options, SERIALIZER, DESERIALIZER);
  }

  /** Like {@link #call(Channel, String, CallOptions)}, with the given (de)serializers. */
  TestCall call(
      Channel channel,
      String request,
      CallOptions options,
      Serializer<String> serializer,
      Deserializer<String> deserializer) {
    return switch (this) {
      case UNARY_UNARY -> {
        UnaryUnaryCall<String> call =
            channel.unaryUnary(method(), serializer, deserializer).call(request, options);
        yield TestCall.unaryResponse(this, call, call.response());
      }
      case UNARY_STREAM -> {
        UnaryStreamCall<String> call =
            channel.unaryStream(method(), serializer, deserializer).call(request, options);
        yield TestCall.streamingResponse(this, call, call);
      }
      case STREAM_UNARY -> {
        StreamUnaryCall<String, String> call =
            channel.streamUnary(method(), serializer, deserializer).call(options);
        call.write(request);
        call.doneWriting();
        yield TestCall.unaryResponse(this, call, call.response());
      }
      case STREAM_STREAM -> {
        StreamStreamCall<String, String> call =
            channel.streamStream(method(), serializer, deserializer).call(options);
        call.write(request);
        call.doneWriting();
        yield TestCall.streamingResponse(this, call, call);
      }
    };
  }

  /**
   * Calls {@link #method()} of a request-streaming kind with requests taken from {@code requests}.
   * A response stream is consumed at once by a {@link TestSubscriber} with unbounded demand.
   */
  TestCall callWithPublisher(
      Channel channel, Flow.Publisher<String> requests, CallOptions options) {
    return switch (this) {
      case STREAM_UNARY -> {
        StreamUnaryCall<String, String> call =
            channel.streamUnary(method(), SERIALIZER, DESERIALIZER).call(requests, options);
        yield TestCall.unaryResponse(this, call, call.response());
      }
      case STREAM_STREAM -> {
        StreamStreamCall<String, String> call =
            channel.streamStream(method(), SERIALIZER, DESERIALIZER).call(requests, options);
        yield TestCall.streamingResponse(this, call, call);
      }
      default -> throw new IllegalArgumentException(this + " has no request stream");
    };
  }

  /**
   * Calls {@link #method()} of a request-streaming kind without a request publisher, for the test
   * to {@code write()}. A response stream is consumed at once by an unbounded {@link
   * TestSubscriber}.
   */
  WritableCall callForWriting(Channel channel, CallOptions options) {
    return switch (this) {
      case STREAM_UNARY -> {
        StreamUnaryCall<String, String> call =
            channel.streamUnary(method(), SERIALIZER, DESERIALIZER).call(options);
        yield new WritableCall(
            TestCall.unaryResponse(this, call, call.response()), call::write, call::doneWriting);
      }
      case STREAM_STREAM -> {
        StreamStreamCall<String, String> call =
            channel.streamStream(method(), SERIALIZER, DESERIALIZER).call(options);
        yield new WritableCall(
            TestCall.streamingResponse(this, call, call), call::write, call::doneWriting);
      }
      default -> throw new IllegalArgumentException(this + " has no request stream");
    };
  }

  /**
   * Calls {@link #method()} of a response-streaming kind with one request (written and half-closed
   * for a request stream), leaving the responses for the test to consume.
   */
  ResponseStream callForReading(Channel channel, String request, CallOptions options) {
    return switch (this) {
      case UNARY_STREAM -> {
        UnaryStreamCall<String> call =
            channel.unaryStream(method(), SERIALIZER, DESERIALIZER).call(request, options);
        yield new ResponseStream(call, call, call::read);
      }
      case STREAM_STREAM -> {
        StreamStreamCall<String, String> call =
            channel.streamStream(method(), SERIALIZER, DESERIALIZER).call(options);
        call.write(request);
        call.doneWriting();
        yield new ResponseStream(call, call, call::read);
      }
      default -> throw new IllegalArgumentException(this + " has no response stream");
    };
  }

  /** A request-streaming call written by the test. */
  static final class WritableCall {
    private final TestCall result;
    private final Function<String, CompletableFuture<Void>> writer;
    private final Supplier<CompletableFuture<Void>> closer;

    WritableCall(
        TestCall result,
        Function<String, CompletableFuture<Void>> writer,
        Supplier<CompletableFuture<Void>> closer) {
      this.result = result;
      this.writer = writer;
      this.closer = closer;
    }

    /** The call's {@code write(message)}. */
    CompletableFuture<Void> write(String message) {
      return writer.apply(message);
    }

    /** The call's {@code doneWriting()}. */
    CompletableFuture<Void> doneWriting() {
      return closer.get();
    }

    /** The call with its response side. */
    TestCall result() {
      return result;
    }
  }

  /** The response stream of a response-streaming call, consumed by the test. */
  static final class ResponseStream implements Flow.Publisher<String> {
    private final Call call;
    private final Flow.Publisher<String> publisher;
    private final Supplier<CompletableFuture<Optional<String>>> reader;

    ResponseStream(
        Call call,
        Flow.Publisher<String> publisher,
        Supplier<CompletableFuture<Optional<String>>> reader) {
      this.call = call;
      this.publisher = publisher;
      this.reader = reader;
    }

    Call call() {
      return call;
    }

    /** The call's {@code read()}. */
    CompletableFuture<Optional<String>> read() {
      return reader.get();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super String> subscriber) {
      publisher.subscribe(subscriber);
    }
  }
}
