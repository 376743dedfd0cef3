package io.github.grpcaio.core.options;

import io.github.grpcaio.core.internal.MessageEncodings;
import io.github.grpcaio.testkit.Await;
import io.github.grpcaio.testkit.Transport;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Plain grpc-java on the other side of an aio channel or server, with interceptors that record what
 * grpc-java's own API shows and aio hides: the {@code grpc-encoding} of messages, the {@code
 * :authority} and {@code user-agent}.
 */
final class RawGrpc {

  static final Metadata.Key<String> ENCODING =
      Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> USER_AGENT =
      Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER);

  static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  /** {@code /raw.Echo/Echo}: answers each request with itself. */
  static final MethodDescriptor<byte[], byte[]> ECHO =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("raw.Echo/Echo")
          .setRequestMarshaller(BYTES)
          .setResponseMarshaller(BYTES)
          .build();

  private RawGrpc() {}

  /** What the raw server saw of one call. */
  record Seen(String encoding, String authority, String userAgent) {}

  /** A grpc-java server serving {@link #ECHO}, recording each call's headers. */
  static final class EchoServer implements AutoCloseable {
    final LinkedBlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    final Server server;
    final String address; // in-process name or "127.0.0.1:port"
    final Transport transport;

    EchoServer(Transport transport) throws IOException {
      this.transport = transport;
      ServerInterceptor recorder =
          new ServerInterceptor() {
            @Override
            public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
                ServerCall<ReqT, RespT> call,
                Metadata headers,
                ServerCallHandler<ReqT, RespT> next) {
              seen.add(
                  new Seen(headers.get(ENCODING), call.getAuthority(), headers.get(USER_AGENT)));
              return next.startCall(call, headers);
            }
          };
      ServerServiceDefinition service =
          ServerServiceDefinition.builder("raw.Echo")
              .addMethod(
                  ECHO,
                  ServerCalls.asyncUnaryCall(
                      (request, observer) -> {
                        observer.onNext(request);
                        observer.onCompleted();
                      }))
              .build();
      ServerServiceDefinition intercepted = ServerInterceptors.intercept(service, recorder);
      if (transport == Transport.IN_PROCESS) {
        String name = "raw-" + UUID.randomUUID();
        server =
            InProcessServerBuilder.forName(name)
                .decompressorRegistry(MessageEncodings.DECOMPRESSORS)
                .addService(intercepted)
                .build()
                .start();
        address = name;
      } else {
        server =
            NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .decompressorRegistry(MessageEncodings.DECOMPRESSORS)
                .addService(intercepted)
                .build()
                .start();
        address = "127.0.0.1:" + ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
      }
    }

    /** The next call's headers, within a bound. */
    Seen next() throws InterruptedException {
      Seen s = seen.poll(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (s == null) {
        throw new AssertionError("The raw server saw no call");
      }
      return s;
    }

    @Override
    public void close() throws InterruptedException {
      server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /**
   * A grpc-java channel to an aio server that records the {@code grpc-encoding} of each response
   * (the literal "absent" when there is none). It accepts identity, gzip and deflate.
   */
  static final class RecordingChannel implements AutoCloseable {
    final LinkedBlockingQueue<String> encodings = new LinkedBlockingQueue<>();
    final ManagedChannel channel;

    RecordingChannel(Transport transport, String address) {
      ClientInterceptor recorder =
          new ClientInterceptor() {
            @Override
            public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
                MethodDescriptor<ReqT, RespT> method, CallOptions options, io.grpc.Channel next) {
              return new ForwardingClientCall.SimpleForwardingClientCall<>(
                  next.newCall(method, options)) {
                @Override
                public void start(Listener<RespT> listener, Metadata headers) {
                  super.start(
                      new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(
                          listener) {
                        @Override
                        public void onHeaders(Metadata responseHeaders) {
                          String e = responseHeaders.get(ENCODING);
                          encodings.add(e == null ? "absent" : e);
                          super.onHeaders(responseHeaders);
                        }
                      },
                      headers);
                }
              };
            }
          };
      channel =
          transport
              .grpcChannelBuilder(address)
              .decompressorRegistry(MessageEncodings.DECOMPRESSORS)
              .intercept(recorder)
              .build();
    }

    /** Calls a unary method of the aio server, blocking within a bound. */
    byte[] call(MethodDescriptor<byte[], byte[]> method, byte[] request) {
      return ClientCalls.blockingUnaryCall(
          channel,
          method,
          CallOptions.DEFAULT.withDeadlineAfter(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
          request);
    }

    /** The encoding of the next response headers, within a bound. */
    String nextEncoding() throws InterruptedException {
      String s = encodings.poll(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (s == null) {
        throw new AssertionError("No response headers arrived");
      }
      return s;
    }

    @Override
    public void close() throws InterruptedException {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** A unary bytes method of the given full name, for {@link RecordingChannel#call}. */
  static MethodDescriptor<byte[], byte[]> unary(String fullMethodName) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(
            fullMethodName.startsWith("/") ? fullMethodName.substring(1) : fullMethodName)
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
  }
}
