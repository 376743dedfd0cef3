package io.github.grpcaio.testkit;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that fails a test class when Netty reports a leaked buffer (a {@code ByteBuf}
 * that was garbage-collected without being released) while the class ran.
 *
 * <p>Netty finds leaks only for the buffers it samples; run the tests with {@code
 * -Dio.netty.leakDetection.level=PARANOID} so that it tracks every buffer. Register the extension
 * on each class ({@code @ExtendWith(NettyLeakDetection.class)}) or, to cover a whole test suite,
 * let JUnit load it: put {@code io.github.grpcaio.testkit.NettyLeakDetection} in {@code
 * src/test/resources/META-INF/services/org.junit.jupiter.api.extension.Extension} and {@code
 * junit.jupiter.extensions.autodetection.enabled=true} in {@code
 * src/test/resources/junit-platform.properties}.
 *
 * <p>How: the first use installs a {@link ResourceLeakDetectorFactory} whose detectors record every
 * leak report (and still log it). That must happen before Netty creates its buffer classes' leak
 * detectors, which it does once per JVM when the first buffer is allocated; autodetection loads the
 * extension before any test runs. If Netty was initialised earlier, {@link #install()} cannot take
 * effect and {@link #beforeAll} fails the class, saying so, rather than checking nothing.
 *
 * <p>After the class, {@link #afterAll} collects garbage, makes Netty look for collected buffers
 * and fails with every report recorded since the class started, each naming where the buffer was
 * last touched. The reports of a class are not carried over to the next one.
 *
 * <p>Thread-safe: Netty reports leaks on whatever thread allocates a buffer. The callbacks run on
 * JUnit's thread.
 */
public final class NettyLeakDetection implements BeforeAllCallback, AfterAllCallback {

  private static final Object lock = new Object();

  @GuardedBy("lock")
  private static final List<String> reports = new ArrayList<>();

  @GuardedBy("lock")
  private static boolean installed;

  @GuardedBy("lock")
  private static boolean effective;

  /** Creates the extension; JUnit calls this. */
  public NettyLeakDetection() {
    install();
  }

  /**
   * Installs the recording leak detectors, if not done yet. Idempotent; any thread.
   *
   * @return true if Netty's buffers use them, false if Netty made its detectors before this call
   *     (then leaks go only to Netty's log)
   */
  public static boolean install() {
    synchronized (lock) {
      if (!installed) {
        installed = true;
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
        // Allocating a buffer makes Netty create its detector now: ours, unless it had one.
        ByteBuf probe = ByteBufAllocator.DEFAULT.buffer(1);
        probe.release();
      }
      return effective;
    }
  }

  /**
   * Looks for leaks now: collects garbage, lets Netty poll the buffers it found collected, and
   * returns the reports recorded since the last call (and empties them). Blocks the calling thread
   * for at most about a second.
   *
   * @return the leak reports, each Netty's message with the leaked buffer's recorded accesses
   */
  public static List<String> takeReports() {
    collectGarbage();
    // Netty polls its queue of collected buffers when it tracks a new one.
    for (int i = 0; i < 4; i++) {
      ByteBufAllocator.DEFAULT.buffer(1).release();
      ByteBufAllocator.DEFAULT.directBuffer(1).release();
      ByteBufAllocator.DEFAULT.heapBuffer(1).release();
    }
    synchronized (lock) {
      List<String> taken = new ArrayList<>(reports);
      reports.clear();
      return taken;
    }
  }

  /**
   * Forgets the reports recorded so far and checks that the recording detectors are in use.
   *
   * @param context the class's context
   * @throws IllegalStateException if Netty's buffers were created before the detectors were
   *     installed, so that leaks cannot be seen
   */
  @Override
  public void beforeAll(ExtensionContext context) {
    if (!install()) {
      throw new IllegalStateException(
          "Netty created its leak detectors before NettyLeakDetection was installed: load the"
              + " extension by JUnit's autodetection, or call NettyLeakDetection.install() before"
              + " Netty is used");
    }
    takeReports(); // leaks of earlier classes were theirs to report
  }

  /**
   * Fails if Netty reported a leak since {@link #beforeAll}.
   *
   * @param context the class's context
   * @throws AssertionError with every report
   */
  @Override
  public void afterAll(ExtensionContext context) {
    assertNoLeaks(context.getDisplayName());
  }

  /**
   * Fails if Netty reported a leak since the last {@link #takeReports()} (or this check), for
   * example at the end of one test. Blocks the calling thread for at most about a second.
   *
   * @param where what ran meanwhile, for the message
   * @throws AssertionError with every report
   */
  public static void assertNoLeaks(String where) {
    List<String> found = takeReports();
    if (!found.isEmpty()) {
      throw new AssertionError(
          found.size() + " Netty buffer leak(s) in " + where + ":\n" + String.join("\n\n", found));
    }
  }

  /** A full collection: a weak canary is cleared and enqueued once the collector has run. */
  private static void collectGarbage() {
    ReferenceQueue<Object> queue = new ReferenceQueue<>();
    WeakReference<Object> canary = new WeakReference<>(new Object(), queue);
    try {
      for (int i = 0; i < 5 && !canary.refersTo(null); i++) {
        System.gc();
      }
      // Enqueueing is done by the JVM's reference handler thread, after the collection.
      queue.remove(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void record(String report) {
    synchronized (lock) {
      reports.add(report);
    }
  }

  private static final class RecordingFactory extends ResourceLeakDetectorFactory {
    // The factory's only abstract method is deprecated; Netty gives nothing else to implement.
    @SuppressWarnings("deprecation")
    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval, long maxActive) {
      if (resource == ByteBuf.class) {
        synchronized (lock) {
          effective = true;
        }
      }
      return new RecordingDetector<>(resource, samplingInterval);
    }
  }

  private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
    RecordingDetector(Class<T> resource, int samplingInterval) {
      super(resource, samplingInterval);
    }

    @Override
    protected boolean needReport() {
      return true; // also when Netty's logger is off: the report is ours to fail on
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      record("LEAK: " + resourceType + ".release() was not called." + records);
      super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      record("LEAK: " + resourceType + ".release() was not called (no access records).");
      super.reportUntracedLeak(resourceType);
    }
  }
}
