package io.github.grpcaio.core.server;

import static io.github.grpcaio.testkit.Utf8.DESERIALIZER;
import static io.github.grpcaio.testkit.Utf8.SERIALIZER;

import io.github.grpcaio.ByteArrayMarshaller;
import io.grpc.MethodDescriptor;

/** UTF-8 strings as messages, in both (de)serializer forms. */
final class Strings {

  static final MethodDescriptor.Marshaller<String> MARSHALLER =
      ByteArrayMarshaller.of(SERIALIZER, DESERIALIZER);

  private Strings() {}

  /** A grpc-java descriptor for {@code /service/method} of the given type with UTF-8 strings. */
  static MethodDescriptor<String, String> descriptor(
      MethodDescriptor.MethodType type, String fullMethodName) {
    String name = fullMethodName.startsWith("/") ? fullMethodName.substring(1) : fullMethodName;
    return MethodDescriptor.<String, String>newBuilder()
        .setType(type)
        .setFullMethodName(name)
        .setRequestMarshaller(MARSHALLER)
        .setResponseMarshaller(MARSHALLER)
        .build();
  }

  /** A string of {@code n} ASCII characters, so {@code n} bytes on the wire. */
  static String ofLength(int n) {
    return "x".repeat(n);
  }
}
