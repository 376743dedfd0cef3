package io.github.grpcaio.vthreads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingStream;

/**
 * Records JFR's {@code jdk.VirtualThreadPinned} events (threshold 0: every park of a virtual thread
 * that could not unmount from its carrier) while open, and says which of them this library ({@code
 * io.github.grpcaio}, the testkit included, these tests' own code not) caused.
 *
 * <p>A pin is the library's when the innermost frame outside the JDK is the library's (its own
 * native call or critical section parked), or when a class initializer of the library is on the
 * stack (the JDK pins a carrier for the whole of a {@code <clinit>}). A pin whose innermost non-JDK
 * frame is a dependency's is the dependency's, even with the library further down the stack:
 * Netty's leak detector, for one, can park while it initializes a class of its own the first time
 * thousands of virtual threads allocate a buffer at once. Since JDK 24 a {@code synchronized} block
 * no longer pins, so a library frame lower on the stack cannot be the cause.
 *
 * <p>Events arrive on the stream's own thread; the list is guarded by itself.
 */
final class PinnedCarriers implements AutoCloseable {

  private static final String EVENT = "jdk.VirtualThreadPinned";
  private static final String LIBRARY = "io.github.grpcaio.";
  private static final String THESE_TESTS = "io.github.grpcaio.vthreads.";

  private final RecordingStream stream = new RecordingStream();
  private final List<RecordedEvent> events = new ArrayList<>();
  private final AtomicInteger flushes = new AtomicInteger();

  PinnedCarriers() {
    stream.enable(EVENT).withThreshold(Duration.ZERO).withStackTrace();
    stream.onEvent(
        EVENT,
        event -> {
          synchronized (events) {
            events.add(event);
          }
        });
    stream.onFlush(
        () -> {
          synchronized (flushes) {
            flushes.incrementAndGet();
            flushes.notifyAll();
          }
        });
    stream.startAsync();
  }

  /**
   * Waits until everything recorded so far was delivered (two flushes from now: JFR flushes about
   * once a second), then returns the events with a frame of the library on their stack, each as its
   * stack trace.
   */
  List<String> attributableToLibrary() throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    synchronized (flushes) {
      int target = flushes.get() + 2;
      while (flushes.get() < target) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("JFR did not flush within 10 s");
        }
        TimeUnit.NANOSECONDS.timedWait(flushes, left);
      }
    }
    List<String> found = new ArrayList<>();
    synchronized (events) {
      for (RecordedEvent event : events) {
        if (event.getStackTrace() == null) {
          continue;
        }
        List<RecordedFrame> frames = event.getStackTrace().getFrames();
        if (causedByLibrary(frames)) {
          StringBuilder trace =
              new StringBuilder(EVENT)
                  .append(" (")
                  .append(event.getString("pinnedReason"))
                  .append(", ")
                  .append(event.getString("blockingOperation"))
                  .append(')');
          frames.forEach(
              f ->
                  trace
                      .append("\n  at ")
                      .append(f.getMethod().getType().getName())
                      .append('.')
                      .append(f.getMethod().getName()));
          found.add(trace.toString());
        }
      }
    }
    return found;
  }

  private static boolean causedByLibrary(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      if (isLibrary(type) && frame.getMethod().getName().equals("<clinit>")) {
        return true;
      }
    }
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      if (!isJdk(type)) {
        return isLibrary(type);
      }
    }
    return false;
  }

  private static boolean isLibrary(String type) {
    return type.startsWith(LIBRARY) && !type.startsWith(THESE_TESTS);
  }

  private static boolean isJdk(String type) {
    return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.");
  }

  /** How many pinned events were recorded in all, the library's or not. */
  int total() {
    synchronized (events) {
      return events.size();
    }
  }

  @Override
  public void close() {
    stream.close();
  }
}
