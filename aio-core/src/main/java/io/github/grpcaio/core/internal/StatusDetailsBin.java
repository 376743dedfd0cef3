package io.github.grpcaio.core.internal;

import io.github.grpcaio.Metadata;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the code and message of a {@code grpc-status-details-bin} trailer, a serialized {@code
 * google.rpc.Status}, from the protobuf wire format: aio-core takes no protobuf dependency, and
 * checking what a handler aborts with needs only fields 1 ({@code int32 code}) and 2 ({@code string
 * message}). Every other field, the {@code details} included, is skipped after checking that it is
 * well formed. Stateless.
 */
public final class StatusDetailsBin {

  /** The trailer key gRPC carries a serialized {@code google.rpc.Status} under. */
  public static final String KEY = "grpc-status-details-bin";

  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;
  private static final int START_GROUP = 3;
  private static final int END_GROUP = 4;
  private static final int FIXED32 = 5;
  private static final long MAX_FIELD = (1 << 29) - 1;

  /**
   * The fields of a {@code google.rpc.Status} that aio-core reads.
   *
   * @param code the status code as sent, not checked against the known codes
   * @param message the message, empty if absent
   */
  public record Decoded(int code, String message) {}

  private StatusDetailsBin() {}

  /**
   * Returns the one {@code grpc-status-details-bin} value of {@code metadata}, decoded.
   *
   * @param metadata the trailing metadata
   * @return null if the key is absent, else the decoded value
   * @throws IllegalArgumentException if the key has more than one value, or its value is not a
   *     well-formed {@code google.rpc.Status}
   */
  public static Decoded find(Metadata metadata) {
    List<byte[]> values = metadata.getAllBinary(KEY);
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new IllegalArgumentException(
          "Undecodable " + KEY + ": " + values.size() + " values, a status has one");
    }
    return decode(values.get(0));
  }

  /**
   * Decodes a serialized {@code google.rpc.Status}. As protobuf does, the last occurrence of a
   * field wins and a field with an unexpected wire type counts as unknown.
   *
   * @param bytes the serialized message
   * @return its code and message
   * @throws IllegalArgumentException if {@code bytes} is not a well-formed message, or the message
   *     is not UTF-8
   */
  public static Decoded decode(byte[] bytes) {
    return read(ByteBuffer.wrap(bytes), true);
  }

  /**
   * Reads one message to its end. With {@code status}, keeps fields 1 and 2 and reads the entries
   * of field 3 (each a {@code google.protobuf.Any}) as nested messages; else only checks the
   * fields.
   */
  private static Decoded read(ByteBuffer in, boolean status) {
    int code = 0;
    String message = "";
    int groups = 0; // open unknown groups, skipped field by field
    while (in.hasRemaining()) {
      long tag = varint(in);
      long field = tag >>> 3;
      int wireType = (int) (tag & 7);
      if (field == 0 || field > MAX_FIELD) {
        throw undecodable("invalid field number");
      }
      boolean top = status && groups == 0;
      if (top && field == 1 && wireType == VARINT) {
        code = (int) varint(in);
      } else if (top && field == 2 && wireType == LENGTH_DELIMITED) {
        message = utf8(slice(in));
      } else if (top && field == 3 && wireType == LENGTH_DELIMITED) {
        read(slice(in), false);
      } else {
        groups += skip(in, wireType);
        if (groups < 0) {
          throw undecodable("end of a group that was not started");
        }
      }
    }
    if (groups != 0) {
      throw undecodable("unterminated group");
    }
    return new Decoded(code, message);
  }

  /** Skips one field's value; returns +1 on a group start, -1 on a group end, else 0. */
  private static int skip(ByteBuffer in, int wireType) {
    switch (wireType) {
      case VARINT -> varint(in);
      case FIXED64 -> in.position(checkedPosition(in, 8));
      case LENGTH_DELIMITED -> slice(in);
      case START_GROUP -> {
        return 1;
      }
      case END_GROUP -> {
        return -1;
      }
      case FIXED32 -> in.position(checkedPosition(in, 4));
      default -> throw undecodable("invalid wire type " + wireType);
    }
    return 0;
  }

  private static ByteBuffer slice(ByteBuffer in) {
    long length = varint(in);
    if (length < 0 || length > in.remaining()) {
      throw undecodable("truncated");
    }
    ByteBuffer value = in.slice(in.position(), (int) length);
    in.position(in.position() + (int) length);
    return value;
  }

  private static int checkedPosition(ByteBuffer in, int length) {
    if (in.remaining() < length) {
      throw undecodable("truncated");
    }
    return in.position() + length;
  }

  private static long varint(ByteBuffer in) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!in.hasRemaining()) {
        throw undecodable("truncated");
      }
      byte b = in.get();
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw undecodable("malformed varint");
  }

  private static String utf8(ByteBuffer bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw undecodable("message is not UTF-8");
    }
  }

  private static IllegalArgumentException undecodable(String why) {
    return new IllegalArgumentException("Undecodable " + KEY + ": " + why);
  }
}
