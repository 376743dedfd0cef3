package io.github.grpcaio.core.server;

import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * A grpc-java service made with grpc-stub's {@link ServerCalls}, as generated code makes one: the
 * four kinds under {@code test.Hosted/<Kind.methodName>}, with UTF-8 string messages. Each answers
 * {@code "hosted:" + request}; the client-streaming kinds join their requests with commas.
 */
final class HostedEcho {

  static final String SERVICE = "test.Hosted";

  private HostedEcho() {}

  /** The full method name of a kind, with its leading slash, as aio clients call it. */
  static String method(Kind kind) {
    return "/" + SERVICE + "/" + kind.methodName;
  }

  /** grpc-java's descriptor of a kind's method, for grpc-java clients. */
  static MethodDescriptor<String, String> descriptor(Kind kind) {
    return Strings.descriptor(type(kind), method(kind));
  }

  static MethodType type(Kind kind) {
    return switch (kind) {
      case UNARY_UNARY -> MethodType.UNARY;
      case UNARY_STREAM -> MethodType.SERVER_STREAMING;
      case STREAM_UNARY -> MethodType.CLIENT_STREAMING;
      case STREAM_STREAM -> MethodType.BIDI_STREAMING;
    };
  }

  /** The service. */
  static ServerServiceDefinition definition() {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(
            descriptor(Kind.UNARY_UNARY),
            ServerCalls.asyncUnaryCall(
                (String request, StreamObserver<String> out) -> {
                  out.onNext("hosted:" + request);
                  out.onCompleted();
                }))
        .addMethod(
            descriptor(Kind.UNARY_STREAM),
            ServerCalls.asyncServerStreamingCall(
                (String request, StreamObserver<String> out) -> {
                  out.onNext("hosted:" + request);
                  out.onCompleted();
                }))
        .addMethod(
            descriptor(Kind.STREAM_UNARY),
            ServerCalls.asyncClientStreamingCall(
                out -> {
                  List<String> all = new ArrayList<>();
                  return new StreamObserver<String>() {
                    @Override
                    public void onNext(String request) {
                      all.add(request);
                    }

                    @Override
                    public void onError(Throwable t) {}

                    @Override
                    public void onCompleted() {
                      out.onNext("hosted:" + String.join(",", all));
                      out.onCompleted();
                    }
                  };
                }))
        .addMethod(
            descriptor(Kind.STREAM_STREAM),
            ServerCalls.asyncBidiStreamingCall(
                out ->
                    new StreamObserver<String>() {
                      @Override
                      public void onNext(String request) {
                        out.onNext("hosted:" + request);
                      }

                      @Override
                      public void onError(Throwable t) {}

                      @Override
                      public void onCompleted() {
                        out.onCompleted();
                      }
                    }))
        .build();
  }
}
