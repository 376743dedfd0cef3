package io.github.grpcaio.core.internal;

import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.Metadata;
import io.github.grpcaio.StatusCode;
import io.grpc.Status;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/** Maps between grpc-java's {@link Status} and the aio status values and errors. */
public final class Statuses {

  private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");

  private Statuses() {}

  /**
   * Returns the aio code of a grpc-java status.
   *
   * @param status the status
   * @return the code
   */
  public static StatusCode code(Status status) {
    return StatusCode.fromValue(status.getCode().value());
  }

  /**
   * Returns the grpc-java status of an aio code.
   *
   * @param code the code
   * @return a status without description
   */
  public static Status toStatus(StatusCode code) {
    return Status.fromCodeValue(code.value());
  }

  /** A deadline that passed, worded as gRPC's other clients (Python's too) word it. */
  public static final Status DEADLINE_EXCEEDED =
      Status.DEADLINE_EXCEEDED.withDescription("Deadline Exceeded");

  /**
   * Returns the details of a status, never null.
   *
   * @param status the status
   * @return its description, or an empty string
   */
  public static String details(Status status) {
    String d = status.getDescription();
    return d == null ? "" : d;
  }

  /**
   * Builds the error a non-OK status is reported with.
   *
   * @param status the non-OK status
   * @param initialMetadata the headers received, or empty
   * @param trailingMetadata the trailers received, or empty
   * @return the error
   */
  public static AioRpcError toError(
      Status status, Metadata initialMetadata, Metadata trailingMetadata) {
    return toError(status, status, initialMetadata, trailingMetadata);
  }

  /**
   * Builds the error a non-OK status is reported with, where the library reworded the status
   * grpc-java reported: the error's debug string keeps grpc-java's words.
   *
   * @param status the non-OK status, as reported
   * @param heard the status as grpc-java reported it
   * @param initialMetadata the headers received, or empty
   * @param trailingMetadata the trailers received, or empty
   * @return the error
   */
  public static AioRpcError toError(
      Status status, Status heard, Metadata initialMetadata, Metadata trailingMetadata) {
    return new AioRpcError(
        code(status),
        initialMetadata,
        trailingMetadata,
        details(status),
        debugString(heard),
        status.getCause());
  }

  /**
   * Describes a status for logs on one line: {@code "<CODE>: <description>"}, then {@code "; caused
   * by <class>: <message>"} for each local cause; line breaks inside become spaces.
   *
   * @param status the status
   * @return the description, without a stack trace
   */
  public static String debugString(Status status) {
    StringBuilder s = new StringBuilder(status.getCode().name());
    if (status.getDescription() != null) {
      s.append(": ").append(status.getDescription());
    }
    int depth = 0;
    for (Throwable t = status.getCause(); t != null && depth < 10; t = t.getCause(), depth++) {
      s.append("; caused by ").append(t.getClass().getName());
      if (t.getMessage() != null) {
        s.append(": ").append(t.getMessage());
      }
    }
    return oneLine(s.toString());
  }

  /**
   * Joins the lines of a text with spaces.
   *
   * @param text a text
   * @return the text on one line
   */
  public static String oneLine(String text) {
    return LINE_BREAKS.matcher(text).replaceAll(" ");
  }

  /**
   * Describes an exception the way status details show it: {@code "<class>: <message>"}.
   *
   * @param t the exception
   * @return the description
   */
  public static String describe(Throwable t) {
    if (t instanceof UndeclaredThrowableException u && u.getUndeclaredThrowable() != null) {
      t = u.getUndeclaredThrowable(); // a checked exception of a user (de)serializer
    }
    return t.getClass().getName() + ": " + t.getMessage();
  }

  /**
   * Removes the {@link CompletionException}/{@link ExecutionException} wrappers that futures add.
   *
   * @param t an exception
   * @return the innermost cause that is not such a wrapper
   */
  public static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
