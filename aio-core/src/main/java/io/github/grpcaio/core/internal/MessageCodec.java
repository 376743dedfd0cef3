package io.github.grpcaio.core.internal;

import io.grpc.Detachable;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Encodes and decodes the messages of one direction of an RPC, with the user's marshaller, on the
 * RPC's context rather than inside grpc-java, so that a failing (de)serializer ends the RPC with
 * {@code INTERNAL} and a message over the send or receive limit with {@code RESOURCE_EXHAUSTED}, on
 * both sides alike and on every transport (grpc-java's in-process transport enforces no size limit
 * at all; Netty checks received sizes itself first, with the same outcome).
 *
 * @param <T> the message type
 */
public final class MessageCodec<T> {

  /** grpc's default limit of received messages, 4 MiB, used when none is configured. */
  public static final int DEFAULT_MAX_RECEIVE_LENGTH = 4 * 1024 * 1024;

  private final MethodDescriptor.Marshaller<T> marshaller;
  private final String noun;
  private final int maxSendLength;
  private final int maxReceiveLength;
  // grpc-java's protobuf marshaller with no send limit: a request is streamed by each attempt
  // alone (nothing serializes before the transport drains it, nothing to check before sending).
  private final boolean streamedPerAttempt;

  /**
   * Creates a codec.
   *
   * @param marshaller the user's marshaller
   * @param noun "request" or "response", for status details
   * @param maxSendLength the send limit in bytes, or -1 for none
   * @param maxReceiveLength the receive limit in bytes, or -1 for none
   */
  public MessageCodec(
      MethodDescriptor.Marshaller<T> marshaller,
      String noun,
      int maxSendLength,
      int maxReceiveLength) {
    this.marshaller = marshaller;
    this.noun = noun;
    this.maxSendLength = maxSendLength;
    this.maxReceiveLength = maxReceiveLength;
    this.streamedPerAttempt =
        maxSendLength < 0 && marshaller.getClass().getName().equals(PROTO_MARSHALLER);
  }

  /**
   * Turns a configured receive limit into the one a codec enforces.
   *
   * @param configured the option: empty for grpc's default, -1 for unlimited
   * @return the limit in bytes, or -1 for none
   */
  public static int receiveLimit(java.util.Optional<Integer> configured) {
    return configured.orElse(DEFAULT_MAX_RECEIVE_LENGTH);
  }

  /**
   * Serializes a message to hand to grpc-java.
   *
   * @param message the message
   * @return its stream
   * @throws StatusException {@code INTERNAL} if serialization failed, {@code RESOURCE_EXHAUSTED} if
   *     the message is over the send limit
   */
  public InputStream encode(T message) throws StatusException {
    InputStream stream;
    try {
      stream = marshaller.stream(message);
    } catch (RuntimeException e) {
      throw failed("serialize", e);
    }
    if (maxSendLength >= 0 && stream instanceof KnownLength) {
      int size;
      try {
        size = stream.available();
      } catch (IOException e) {
        throw failed("serialize", e);
      }
      if (size > maxSendLength) {
        throw Status.RESOURCE_EXHAUSTED
            .withDescription(
                "Sent message larger than max (" + size + " vs. " + maxSendLength + ")")
            .asException();
      }
    }
    return stream;
  }

  /**
   * Serializes a request to hand to grpc-java, which may send it more than once: retries and
   * hedging by service config, and transparent retries, ask {@link #PASSTHROUGH} for the message
   * again for each attempt, and each attempt must get a fresh stream (reading the first one's again
   * sent an empty message). A protobuf message is streamed anew by grpc-java's own marshaller;
   * other messages are serialized once and their bytes kept. No user code runs for the later
   * attempts.
   *
   * @param message the message
   * @return a token that {@link #PASSTHROUGH} turns into a fresh stream per attempt
   * @throws StatusException as {@link #encode}; also {@code INTERNAL} if the serialized stream
   *     cannot be read
   */
  public InputStream encodeReplayable(T message) throws StatusException {
    if (streamedPerAttempt) {
      return new Replayable<>(null, marshaller, message, null);
    }
    InputStream stream = encode(message);
    if (isProtoStream(stream)) {
      // grpc-java's own protobuf marshaller made it (nobody else can): asking it again for each
      // attempt runs no user code and serializes nothing until the transport drains the stream,
      // and in-process the receiver still gets the message object back, as with raw grpc-java.
      return new Replayable<>(stream, marshaller, message, null);
    }
    byte[] bytes;
    try {
      // readAll, not readAllBytes: a stream that knows its length is read into one exact array.
      bytes = readAll(stream);
    } catch (IOException | RuntimeException e) {
      throw failed("serialize", e);
    } finally {
      closeQuietly(stream);
    }
    return new Replayable<>(new DrainableBytes(bytes), null, null, bytes);
  }

  /**
   * Parses a message grpc-java received.
   *
   * @param stream the message's bytes
   * @return the message
   * @throws StatusException {@code INTERNAL} if it cannot be parsed, {@code RESOURCE_EXHAUSTED} if
   *     it is over the receive limit
   */
  public T decode(InputStream stream) throws StatusException {
    if (maxReceiveLength >= 0 && stream instanceof KnownLength) {
      int size;
      try {
        size = stream.available();
      } catch (IOException e) {
        closeQuietly(stream);
        throw failed("deserialize", e);
      }
      if (size > maxReceiveLength) {
        closeQuietly(stream);
        throw Status.RESOURCE_EXHAUSTED
            .withDescription("gRPC message exceeds maximum size " + maxReceiveLength + ": " + size)
            .asException();
      }
    }
    try {
      T message = marshaller.parse(stream);
      if (message == null) {
        throw new NullPointerException("deserializer returned null");
      }
      return message;
    } catch (RuntimeException e) {
      throw failed("deserialize", e);
    } finally {
      closeQuietly(stream);
    }
  }

  /** {@code INTERNAL}, naming what failed: how grpc reports a (de)serializer's failure. */
  private StatusException failed(String verb, Throwable e) {
    return Status.INTERNAL
        .withDescription("Failed to " + verb + " " + noun + ": " + Statuses.describe(e))
        .withCause(e)
        .asException();
  }

  private static void closeQuietly(InputStream stream) {
    try {
      stream.close();
    } catch (IOException ignored) {
      // The bytes were consumed; nothing to do.
    }
  }

  /**
   * A marshaller that hands grpc-java's streams to {@link MessageCodec}. grpc-java closes a
   * received stream as soon as {@code parse} returns, and the message is decoded later on the RPC's
   * context, so {@code parse} takes the bytes over: it detaches the transport buffer (no copy) when
   * the stream allows it, keeps an in-process protobuf stream as it is (no copy either), and copies
   * otherwise.
   */
  public static final MethodDescriptor.Marshaller<InputStream> PASSTHROUGH =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InputStream value) {
          // grpc-java calls this once per attempt of a call: a retry must not get a read stream.
          return value instanceof Replayable<?> replayable ? replayable.next() : value;
        }

        @Override
        public InputStream parse(InputStream stream) {
          // The class first: a failed check of an interface (Detachable) scans the interfaces of
          // the stream's class, for every in-process message.
          if (isProtoStream(stream)) {
            // In-process: the sender's own stream of an immutable message. Its close() does
            // nothing, and grpc-java's protobuf marshaller takes the message back out of it
            // without serializing, as it does for raw grpc-java.
            return stream;
          }
          if (stream instanceof Detachable detachable) {
            return detachable.detach();
          }
          try {
            return new OwnedBytes(readAll(stream));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  /**
   * A request that grpc-java may send more than once: {@link #PASSTHROUGH} asks it for a fresh
   * stream for each attempt. It is only a token; grpc-java never reads it.
   */
  @SuppressWarnings("InputStreamSlowMultibyteRead") // nobody reads it, one byte or many
  private static final class Replayable<T> extends InputStream {
    private static final VarHandle FIRST =
        FieldHandles.of(MethodHandles.lookup(), "first", InputStream.class);

    // One object per sent request (it is on the path of every message): the first attempt's
    // stream (null if attempts stream the message alone), then what later attempts are streamed
    // from, a protobuf message or serialized bytes. Taken through FIRST: attempts may run on
    // several threads.
    private volatile InputStream first;

    private final MethodDescriptor.Marshaller<T> marshaller; // with message; null for bytes
    private final T message;
    private final byte[] bytes;

    Replayable(
        InputStream first, MethodDescriptor.Marshaller<T> marshaller, T message, byte[] bytes) {
      this.first = first;
      this.marshaller = marshaller;
      this.message = message;
      this.bytes = bytes;
    }

    /**
     * The first attempt gets the stream made when the request was sent, if one was; later ones, or
     * all, new ones.
     */
    InputStream next() {
      // Read before it is taken: a request made without a first stream costs no atomic per send.
      InputStream stream = first == null ? null : (InputStream) FIRST.getAndSet(this, null);
      if (stream != null) {
        return stream;
      }
      return bytes != null ? new DrainableBytes(bytes) : marshaller.stream(message);
    }

    @Override
    public int read() {
      throw new IllegalStateException("A token for PASSTHROUGH: read the stream of next()");
    }
  }

  /**
   * Serialized bytes, drained straight into the transport's buffer: without {@link Drainable},
   * grpc-java copies a stream through a new 8 KiB array per message.
   */
  private static final class DrainableBytes extends ByteArrayInputStream
      implements KnownLength, Drainable {
    DrainableBytes(byte[] bytes) {
      super(bytes); // shared by the attempts; nobody writes it
    }

    @Override
    public synchronized int drainTo(OutputStream target) throws IOException {
      int length = count - pos;
      target.write(buf, pos, length);
      pos = count;
      return length;
    }
  }

  /** grpc-java's protobuf marshaller, whose streams are all {@link #PROTO_INPUT_STREAM}s. */
  private static final String PROTO_MARSHALLER =
      "io.grpc.protobuf.lite.ProtoLiteUtils$MessageMarshaller";

  /** grpc-java's stream of a protobuf message (package-private, so named). */
  private static final String PROTO_INPUT_STREAM = "io.grpc.protobuf.lite.ProtoInputStream";

  // The class named PROTO_INPUT_STREAM, once a stream of it was seen: later checks, one or two per
  // message, compare the class instead of its name. A thread that does not see it yet compares
  // names; a second copy of grpc-java in another class loader only makes the names compared again.
  @SuppressWarnings("NonFinalStaticField") // a cache: any value read is right, as is null
  private static Class<?> protoStreamClass;

  /** Whether grpc-java's protobuf marshaller made this stream: nobody else can. */
  static boolean isProtoStream(InputStream stream) {
    Class<?> type = stream.getClass();
    if (type == protoStreamClass) {
      return true;
    }
    if (!type.getName().equals(PROTO_INPUT_STREAM)) {
      return false;
    }
    protoStreamClass = type;
    return true;
  }

  /**
   * Reads a stream to its end. A stream that knows its length (the in-process transport hands over
   * the sender's {@code ProtoInputStream}, which serializes straight into the array) is read into
   * one array of that length: {@code readAllBytes()} would allocate 8 KiB chunks and copy, about 16
   * KiB of garbage per small message, which made an in-process unary call allocate 8x what
   * grpc-java does.
   */
  static byte[] readAll(InputStream stream) throws IOException {
    if (!(stream instanceof KnownLength)) {
      return stream.readAllBytes();
    }
    byte[] bytes = new byte[stream.available()];
    int read = stream.readNBytes(bytes, 0, bytes.length);
    int next = stream.read();
    if (read == bytes.length && next == -1) {
      return bytes;
    }
    // The length was not the whole story: keep what was read, then the rest.
    byte[] rest = next == -1 ? new byte[0] : stream.readAllBytes();
    int head = next == -1 ? read : read + 1;
    byte[] all = new byte[head + rest.length];
    System.arraycopy(bytes, 0, all, 0, read);
    if (next != -1) {
      all[read] = (byte) next;
    }
    System.arraycopy(rest, 0, all, head, rest.length);
    return all;
  }

  /** Received bytes copied out of a stream that could not be detached. */
  private static final class OwnedBytes extends ByteArrayInputStream implements KnownLength {
    OwnedBytes(byte[] bytes) {
      super(bytes);
    }
  }

  /**
   * Releases a received message that will not be decoded.
   *
   * @param stream the message
   */
  public static void discard(InputStream stream) {
    closeQuietly(stream);
  }
}
