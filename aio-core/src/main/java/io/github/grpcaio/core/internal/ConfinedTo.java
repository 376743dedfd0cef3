package io.github.grpcaio.core.internal;

import io.github.grpcaio.core.internal.stream.SerializingExecutor;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The field is confined to a serial executor, named by {@link #value()}: only tasks of that
 * executor read and write it. They run one at a time, each seeing what the ones before it wrote
 * (see {@link SerializingExecutor}), so the field needs no lock and no {@code volatile}. It is the
 * thread-confinement counterpart of Error Prone's {@code @GuardedBy}, which names a lock.
 *
 * <p>Documentation only: no tool checks it, unlike {@code @GuardedBy}, which the build checks. Code
 * that touches such a field runs in a task of that executor, or in a method whose documentation
 * says it runs "on the context".
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.FIELD)
public @interface ConfinedTo {

  /**
   * The executor the field is confined to: the name of the field holding it, usually {@code
   * "context"} (an RPC's context), or {@code "this"} for a {@link SerializingExecutor}'s own state.
   *
   * @return the executor's field name
   */
  String value();
}
