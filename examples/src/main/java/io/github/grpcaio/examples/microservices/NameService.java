package io.github.grpcaio.examples.microservices;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import io.github.grpcaio.RpcMethodHandler;
import io.github.grpcaio.ServiceRpcHandler;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.protobuf.RpcStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Service 1's behaviour: {@code names.NameProcessor/ProcessName} on the generated {@link
 * NameProcessorAio.Servicer}, and {@code names.NameRecords/Lookup} on the generic API with custom
 * serializers ({@link #recordsHandler()}): a 12-byte {@link ObjectId} in, a {@link NameRecord} out.
 *
 * <p>Two knobs exist for the example's tests and demonstrations: a {@code delay} before each reply
 * (a slow service, for {@code DEADLINE_EXCEEDED}) and a number of first calls to refuse with {@code
 * UNAVAILABLE} (a service that is briefly overloaded, for the retry policy). Thread-safe: handlers
 * run in parallel on the server's executor.
 */
public final class NameService implements NameProcessorAio.Servicer {

  /** The service of the generic method. */
  public static final String RECORDS_SERVICE = "names.NameRecords";

  /** The full name of the generic method, as a client calls it. */
  public static final String LOOKUP_METHOD = "/" + RECORDS_SERVICE + "/Lookup";

  /** How many processed names are remembered; the oldest are forgotten first. */
  static final int REMEMBERED = 10_000;

  private static final Logger logger = LoggerFactory.getLogger(NameService.class);
  private static final int MAX_NAME_LENGTH = 64;

  private final Duration delay;
  private final AtomicInteger refusalsLeft;
  private final AtomicInteger processed = new AtomicInteger();
  private final AtomicInteger attempts = new AtomicInteger();

  // Guarded by itself: an insertion-ordered map that drops its eldest entry past REMEMBERED.
  private final Map<ObjectId, NameRecord> records =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ObjectId, NameRecord> eldest) {
          return size() > REMEMBERED;
        }
      };

  /** Creates the service: no delay, no refusals. */
  public NameService() {
    this(Duration.ZERO, 0);
  }

  /**
   * Creates the service with its knobs.
   *
   * @param delay how long each {@code ProcessName} waits before it answers (without holding a
   *     thread)
   * @param refuseFirst how many of the first {@code ProcessName} calls to refuse with {@code
   *     UNAVAILABLE}
   */
  public NameService(Duration delay, int refuseFirst) {
    this.delay = delay;
    this.refusalsLeft = new AtomicInteger(refuseFirst);
  }

  @Override
  public CompletionStage<ProcessNameReply> processName(
      ProcessNameRequest request, ServicerContext<ProcessNameRequest, ProcessNameReply> context) {
    attempts.incrementAndGet();
    String name = request.getName();
    logger.info("processing name '{}'", name);
    if (refusalsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      logger.info("refusing '{}' with UNAVAILABLE: overloaded", name);
      throw context.abort(StatusCode.UNAVAILABLE, "Overloaded, try again");
    }
    if (name.isEmpty()
        || name.length() > MAX_NAME_LENGTH
        || !name.codePoints().allMatch(Character::isLetter)) {
      logger.info("refused name '{}'", name);
      throw RpcStatus.abort(context, invalidName());
    }
    NameRecord record = new NameRecord(ObjectId.next(), name.toUpperCase(Locale.ROOT), now());
    synchronized (records) {
      records.put(record.id(), record);
    }
    processed.incrementAndGet();
    ProcessNameReply reply =
        ProcessNameReply.newBuilder()
            .setName(record.name())
            .setId(ByteString.copyFrom(record.id().toByteArray()))
            .build();
    if (delay.isZero()) {
      return CompletableFuture.completedFuture(reply);
    }
    // Simulates a slow peer without holding a thread.
    return CompletableFuture.supplyAsync(
        () -> reply, CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS));
  }

  /**
   * Returns the handler of {@code names.NameRecords/Lookup}: the record of an id, or {@code
   * NOT_FOUND}. Its request and response use {@link ObjectId#DESERIALIZER} and {@link
   * NameRecord#SERIALIZER} instead of protobuf, as Python's {@code
   * grpc.unary_unary_rpc_method_handler(..., request_deserializer, response_serializer)}.
   *
   * @return the handler, for {@code server.addGenericRpcHandlers}
   */
  public ServiceRpcHandler recordsHandler() {
    return ServiceRpcHandler.of(
        RECORDS_SERVICE,
        Map.of(
            "Lookup",
            RpcMethodHandler.<ObjectId, NameRecord>unaryUnary(
                (id, context) -> {
                  NameRecord record;
                  synchronized (records) {
                    record = records.get(id);
                  }
                  logger.info("lookup {}: {}", id, record == null ? "not found" : record.name());
                  if (record == null) {
                    throw context.abort(StatusCode.NOT_FOUND, "No name has the id " + id);
                  }
                  return CompletableFuture.completedFuture(record);
                },
                ObjectId.DESERIALIZER,
                NameRecord.SERIALIZER)));
  }

  /**
   * Returns how many names this service processed successfully.
   *
   * @return the count
   */
  public int processed() {
    return processed.get();
  }

  /**
   * Returns how many {@code ProcessName} calls arrived, retries and refused ones included.
   *
   * @return the count
   */
  public int attempts() {
    return attempts.get();
  }

  /**
   * The rich error of a refused name, as grpcio-status would send it: {@code INVALID_ARGUMENT} with
   * a {@code google.rpc.BadRequest} detail naming the field, which any gRPC client can read (aio's
   * {@code RpcStatus.fromError}, grpc-java's {@code StatusProto.fromThrowable}, Python's {@code
   * rpc_status.from_call}).
   */
  static com.google.rpc.Status invalidName() {
    String rule = "A name has 1 to " + MAX_NAME_LENGTH + " letters and nothing else";
    BadRequest violation =
        BadRequest.newBuilder()
            .addFieldViolations(
                BadRequest.FieldViolation.newBuilder().setField("name").setDescription(rule))
            .build();
    return com.google.rpc.Status.newBuilder()
        .setCode(Code.INVALID_ARGUMENT_VALUE)
        .setMessage(rule)
        .addDetails(Any.pack(violation))
        .build();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(System.currentTimeMillis()); // what the wire keeps: milliseconds
  }
}
