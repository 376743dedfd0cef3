package io.github.grpcaio.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What an example printed, captured instead of going to {@code System.out}. */
public final class CapturedOutput {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  /**
   * Returns the stream to hand to an example's {@code run}.
   *
   * @return a print stream writing into this capture
   */
  public PrintStream stream() {
    return stream;
  }

  /**
   * Returns the lines printed so far.
   *
   * @return the lines, without line terminators
   */
  public List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
