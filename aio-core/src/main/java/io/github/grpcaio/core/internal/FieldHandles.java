package io.github.grpcaio.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Supplier;

/**
 * Finds the {@link VarHandle} of a class's own volatile field, so that the class can
 * compare-and-set it without an atomic object per instance ({@link #of}, called from static
 * initializers), and makes such a field's value on first use ({@link #getOrMake}).
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

  /**
   * Returns the value of an owner's volatile field, made on first use: an owner that never asks
   * costs no object for it. Of threads that find the field empty at once, each makes a value, one
   * sets it and all return that one. Any thread.
   *
   * @param field the handle of the owner's volatile field, null until made
   * @param owner the object whose field it is
   * @param make makes the value, best a method reference that captures nothing (no object per call)
   * @param <V> the field's type
   * @return the field's value, never null
   */
  @SuppressWarnings("unchecked") // the handle is of a field of type V
  public static <V> V getOrMake(VarHandle field, Object owner, Supplier<? extends V> make) {
    V value = (V) field.getVolatile(owner);
    if (value == null) {
      V made = make.get();
      Object witness = field.compareAndExchange(owner, (Object) null, (Object) made);
      value = witness == null ? made : (V) witness;
    }
    return value;
  }
}
