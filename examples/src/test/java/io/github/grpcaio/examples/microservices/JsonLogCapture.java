package io.github.grpcaio.examples.microservices;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * The JSON lines the microservices example logs while a test runs, encoded by Logback's {@code
 * JsonEncoder} as {@code logback.xml} configures it. Attached to the example's package logger on
 * creation, detached by {@link #close()}.
 */
final class JsonLogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  private final Logger logger;
  private final JsonEncoder encoder = new JsonEncoder();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();
  private final List<String> lines = new ArrayList<>(); // guarded by lock

  JsonLogCapture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    logger = context.getLogger(Microservices.class.getPackageName());
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithArguments(false);
    encoder.setWithMessage(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    setContext(context);
    setName("json-log-capture");
    start();
    logger.addAppender(this);
  }

  @Override
  protected void append(ILoggingEvent event) {
    String line = new String(encoder.encode(event), StandardCharsets.UTF_8).strip();
    lock.lock();
    try {
      lines.add(line);
      appended.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A line of {@code logger} whose MDC has this {@code request_id}. */
  static Predicate<String> lineOf(Class<?> logger, String requestId) {
    return line ->
        line.contains("\"loggerName\":\"" + logger.getName() + "\"")
            && line.matches(".*\"mdc\": ?\\{[^}]*\"request_id\":\"" + requestId + "\".*");
  }

  /**
   * Waits for a line.
   *
   * @return the first line that matches
   * @throws AssertionError if none came within the timeout
   */
  String await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        for (String line : lines) {
          if (wanted.test(line)) {
            return line;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("No such log line within " + timeout + " among " + lines);
        }
        appended.await(left, TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Returns the lines so far. */
  List<String> lines() {
    lock.lock();
    try {
      return List.copyOf(lines);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    stop();
  }
}
