package io.github.grpcaio.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Finds the {@link VarHandle} of a class's own volatile field, so that the class can
 * compare-and-set it without an atomic object per instance. Called from static initializers.
 */
public final class FieldHandles {

  private FieldHandles() {}

  /**
   * Returns the handle of field {@code name} of {@code lookup}'s class.
   *
   * @param lookup {@code MethodHandles.lookup()} of the class that owns the field
   * @throws ExceptionInInitializerError if there is no such field
   */
  public static VarHandle of(MethodHandles.Lookup lookup, String name, Class<?> type) {
    try {
      return lookup.findVarHandle(lookup.lookupClass(), name, type);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
