package io.github.grpcaio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * gRPC metadata: an ordered multimap of header names to values, as {@code grpc.aio.Metadata}.
 *
 * <p>Keys are legal lower-case HTTP/2 header names (letters, digits, {@code -}, {@code _} and
 * {@code .}); upper-case letters are folded to lower case on the way in, as gRPC does on the wire.
 * Keys ending in {@code -bin} hold binary values ({@code byte[]}); all other keys hold printable
 * ASCII strings. A value of the wrong kind, or an illegal key or value, is refused at once with
 * {@link IllegalArgumentException}, not later when the call is made.
 *
 * <p>Iteration yields {@link Entry entries} grouped by key, keys in the order they were first added
 * and values in the order they were added: {@code of("a", "1", "b", "2", "a", "3")} iterates {@code
 * a=1, a=3, b=2}, as Python does.
 *
 * <p>Instances are not thread-safe. Calls take a copy of the metadata they are given, so changing
 * an instance after passing it to a call has no effect on that call. Metadata received from the
 * peer is {@linkplain #readOnly() read-only}: use {@link #copy()} to change it. Read-only metadata
 * may be read from several threads at once, {@linkplain #deferred deferred} metadata included
 * (whose entries are made on the first read, once).
 */
public final class Metadata implements Iterable<Metadata.Entry> {

  /** The suffix that marks a key with binary values. */
  public static final String BINARY_SUFFIX = "-bin";

  // Null while deferred; then set once by resolve(), before deferred is cleared.
  private Map<String, List<Object>> values; // a LinkedHashMap: keys in first-insertion order
  private int size;
  private boolean readOnly;

  // What makes the entries of deferred metadata, until they are first read; then null. Written
  // under this object's lock; its clearing publishes values and size to every reader.
  private volatile Supplier<Metadata> deferred;

  /** Creates empty, modifiable metadata. */
  public Metadata() {
    this.values = new LinkedHashMap<>();
  }

  private Metadata(Metadata other) {
    Map<String, List<Object>> from = other.entries();
    this.values = new LinkedHashMap<>(Math.max(4, from.size() * 2));
    for (Map.Entry<String, List<Object>> e : from.entrySet()) {
      values.put(e.getKey(), new ArrayList<>(e.getValue()));
    }
    this.size = other.size;
  }

  private Metadata(Supplier<Metadata> source) {
    this.deferred = source;
    this.readOnly = true;
  }

  /**
   * Returns read-only metadata whose entries {@code source} makes the first time anything of it is
   * read, on whichever thread reads first, once. For metadata converted from another form for every
   * call when most calls never read it: a server hands handlers and interceptors the request
   * headers this way, so a handler that does not look at them costs no conversion.
   *
   * @param source makes the entries when first needed; the metadata it returns becomes this one's
   *     content and must not be changed or used afterwards. If it throws, the read that needed it
   *     throws the same, and the next read calls it again
   * @return read-only metadata
   * @throws NullPointerException if {@code source} is null
   */
  public static Metadata deferred(Supplier<Metadata> source) {
    return new Metadata(Objects.requireNonNull(source, "source"));
  }

  /** The entries, made first if this metadata is deferred. */
  private Map<String, List<Object>> entries() {
    if (deferred != null) {
      resolve();
    }
    return values;
  }

  private synchronized void resolve() {
    Supplier<Metadata> source = deferred;
    if (source == null) {
      return; // another thread made them meanwhile
    }
    Metadata made = Objects.requireNonNull(source.get(), "deferred metadata source returned null");
    values = made.entries();
    size = made.size;
    deferred = null;
  }

  /**
   * Creates modifiable metadata from alternating keys and string values.
   *
   * @param keysAndValues {@code key1, value1, key2, value2, ...}; keys must not end in {@code -bin}
   *     (add binary values with {@link #add(String, byte[])})
   * @return new metadata holding the pairs in order
   * @throws IllegalArgumentException if the count is odd, or a key or value is illegal
   * @throws NullPointerException if any element is null
   */
  public static Metadata of(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "Metadata.of needs key/value pairs, got " + keysAndValues.length + " strings");
    }
    Metadata metadata = new Metadata();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      metadata.add(keysAndValues[i], keysAndValues[i + 1]);
    }
    return metadata;
  }

  /**
   * Appends a string value to {@code key}.
   *
   * @param key a legal header name not ending in {@code -bin}
   * @param value printable ASCII (0x20 to 0x7E)
   * @return this metadata, for chaining
   * @throws IllegalArgumentException if the key is illegal or binary, or the value is not printable
   *     ASCII
   * @throws IllegalStateException if this metadata is read-only
   */
  public Metadata add(String key, String value) {
    String k = asciiKey(key);
    checkAsciiValue(k, value);
    append(k, value);
    return this;
  }

  /**
   * Appends a binary value to {@code key}. The array is copied.
   *
   * @param key a legal header name ending in {@code -bin}
   * @param value any bytes
   * @return this metadata, for chaining
   * @throws IllegalArgumentException if the key is illegal or does not end in {@code -bin}
   * @throws IllegalStateException if this metadata is read-only
   */
  public Metadata add(String key, byte[] value) {
    String k = binaryKey(key);
    Objects.requireNonNull(value, "value");
    append(k, value.clone());
    return this;
  }

  /**
   * Replaces all values of {@code key} with one string value (Python's {@code md[key] = v} when the
   * key holds a single value).
   *
   * @param key a legal header name not ending in {@code -bin}
   * @param value printable ASCII
   * @return this metadata, for chaining
   * @throws IllegalArgumentException if the key or value is illegal
   * @throws IllegalStateException if this metadata is read-only
   */
  public Metadata set(String key, String value) {
    String k = asciiKey(key);
    checkAsciiValue(k, value);
    removeAll(k);
    append(k, value);
    return this;
  }

  /**
   * Replaces all values of {@code key} with one binary value. The array is copied.
   *
   * @param key a legal header name ending in {@code -bin}
   * @param value any bytes
   * @return this metadata, for chaining
   * @throws IllegalArgumentException if the key is illegal or not binary
   * @throws IllegalStateException if this metadata is read-only
   */
  public Metadata set(String key, byte[] value) {
    String k = binaryKey(key);
    Objects.requireNonNull(value, "value");
    removeAll(k);
    append(k, value.clone());
    return this;
  }

  /**
   * Appends every entry of {@code other} to this metadata, in {@code other}'s order.
   *
   * @param other the metadata to append
   * @return this metadata, for chaining
   * @throws IllegalStateException if this metadata is read-only
   */
  public Metadata addAll(Metadata other) {
    for (Entry e : other) {
      append(e.key(), e.value instanceof byte[] b ? b.clone() : e.value);
    }
    return this;
  }

  /**
   * Returns the first string value of {@code key}.
   *
   * @param key a header name not ending in {@code -bin}
   * @return the first value, or {@code null} if the key is absent
   * @throws IllegalArgumentException if the key is binary; use {@link #getBinary(String)}
   */
  public String get(String key) {
    List<Object> list = entries().get(asciiKey(key));
    return list == null || list.isEmpty() ? null : (String) list.get(0);
  }

  /**
   * Returns the first binary value of {@code key}, as a copy.
   *
   * @param key a header name ending in {@code -bin}
   * @return a copy of the first value, or {@code null} if the key is absent
   * @throws IllegalArgumentException if the key is not binary; use {@link #get(String)}
   */
  public byte[] getBinary(String key) {
    List<Object> list = entries().get(binaryKey(key));
    return list == null || list.isEmpty() ? null : ((byte[]) list.get(0)).clone();
  }

  /**
   * Returns all string values of {@code key}, in the order they were added.
   *
   * @param key a header name not ending in {@code -bin}
   * @return an unmodifiable list, empty if the key is absent
   * @throws IllegalArgumentException if the key is binary
   */
  public List<String> getAll(String key) {
    List<Object> list = entries().get(asciiKey(key));
    if (list == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object v : list) {
      out.add((String) v);
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Returns copies of all binary values of {@code key}, in the order they were added.
   *
   * @param key a header name ending in {@code -bin}
   * @return an unmodifiable list, empty if the key is absent
   * @throws IllegalArgumentException if the key is not binary
   */
  public List<byte[]> getAllBinary(String key) {
    List<Object> list = entries().get(binaryKey(key));
    if (list == null) {
      return List.of();
    }
    List<byte[]> out = new ArrayList<>(list.size());
    for (Object v : list) {
      out.add(((byte[]) v).clone());
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Tells whether {@code key} has at least one value.
   *
   * @param key a header name (case-insensitive)
   * @return true if present
   */
  public boolean containsKey(String key) {
    return entries().containsKey(normalize(key));
  }

  /**
   * Removes all values of {@code key} (Python's {@code delete_all}, without its {@code KeyError}).
   *
   * @param key a header name (case-insensitive)
   * @return true if the key was present
   * @throws IllegalStateException if this metadata is read-only
   */
  public boolean removeAll(String key) {
    checkWritable();
    List<Object> removed = values.remove(normalize(key));
    if (removed == null) {
      return false;
    }
    size -= removed.size();
    return true;
  }

  /**
   * Returns the keys, in the order they were first added.
   *
   * @return an unmodifiable snapshot of the keys
   */
  public Set<String> keys() {
    return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(entries().keySet()));
  }

  /**
   * Returns the number of values (not keys), as Python's {@code len(md)}.
   *
   * @return the count of key/value entries
   */
  public int size() {
    entries();
    return size;
  }

  /**
   * Tells whether this metadata holds no entry.
   *
   * @return true if empty
   */
  public boolean isEmpty() {
    return size() == 0;
  }

  /**
   * Returns a modifiable deep copy of this metadata.
   *
   * @return a new instance with the same entries in the same order
   */
  public Metadata copy() {
    return new Metadata(this);
  }

  /**
   * Makes this instance read-only, for good, and returns it. Metadata handed out by the library
   * (received headers and trailers) is read-only so that several readers may share it safely.
   *
   * @return this metadata
   */
  public Metadata readOnly() {
    this.readOnly = true;
    return this;
  }

  /**
   * Tells whether this metadata refuses changes.
   *
   * @return true once {@link #readOnly()} was called
   */
  public boolean isReadOnly() {
    return readOnly;
  }

  /**
   * Iterates the entries grouped by key, keys in first-insertion order. Binary values are not
   * copied: do not modify the arrays of the returned entries.
   *
   * @return an iterator that does not support removal
   */
  @Override
  public Iterator<Entry> iterator() {
    Iterator<Map.Entry<String, List<Object>>> keys = entries().entrySet().iterator();
    return new Iterator<>() {
      private String key;
      private Iterator<Object> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && keys.hasNext()) {
          Map.Entry<String, List<Object>> next = keys.next();
          key = next.getKey();
          current = next.getValue().iterator();
        }
        return current.hasNext();
      }

      @Override
      public Entry next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return new Entry(key, current.next());
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Metadata other) || other.size() != size()) {
      return false;
    }
    if (!entries().keySet().equals(other.entries().keySet())) {
      return false;
    }
    Iterator<Entry> a = iterator();
    Iterator<Entry> b = other.iterator();
    while (a.hasNext()) {
      if (!a.next().equals(b.next())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (Entry e : this) {
      h = 31 * h + e.hashCode();
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Metadata(");
    boolean first = true;
    for (Entry e : this) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(e);
    }
    return sb.append(')').toString();
  }

  private void append(String key, Object value) {
    checkWritable();
    values.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
    size++;
  }

  private void checkWritable() {
    if (readOnly) {
      throw new IllegalStateException(
          "This metadata is read-only (received metadata, and the metadata of CallOptions and"
              + " ClientCallDetails, are): change a copy(), as in"
              + " details.withMetadata(details.metadata().copy().add(key, value))");
    }
  }

  private static String asciiKey(String key) {
    String k = normalize(key);
    if (k.endsWith(BINARY_SUFFIX)) {
      throw new IllegalArgumentException(
          "Metadata key '" + k + "' ends in -bin, so its values are byte[], not String");
    }
    return k;
  }

  private static String binaryKey(String key) {
    String k = normalize(key);
    if (!k.endsWith(BINARY_SUFFIX)) {
      throw new IllegalArgumentException(
          "Metadata key '" + k + "' does not end in -bin, so its values are String, not byte[]");
    }
    return k;
  }

  private static String normalize(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("Metadata key must not be empty");
    }
    String k = key.toLowerCase(Locale.ROOT);
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      boolean legal =
          (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
      if (!legal) {
        throw new IllegalArgumentException(
            "Illegal metadata key '" + key + "': only a-z, 0-9, '-', '_' and '.' are allowed");
      }
    }
    return k;
  }

  private static void checkAsciiValue(String key, String value) {
    Objects.requireNonNull(value, "value");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        throw new IllegalArgumentException(
            "Illegal value for metadata key '"
                + key
                + "': only printable ASCII is allowed (use a -bin key for other bytes)");
      }
    }
  }

  /**
   * One key/value pair of {@link Metadata}.
   *
   * @param key the lower-case key
   * @param value a {@link String}, or a {@code byte[]} when the key ends in {@code -bin}
   */
  public record Entry(String key, Object value) {

    /**
     * Tells whether this entry holds a binary value.
     *
     * @return true if the key ends in {@code -bin}
     */
    public boolean isBinary() {
      return value instanceof byte[];
    }

    /**
     * Returns the string value.
     *
     * @throws IllegalStateException if the value is binary
     */
    public String stringValue() {
      if (value instanceof String s) {
        return s;
      }
      throw new IllegalStateException("Metadata key '" + key + "' holds a binary value");
    }

    /**
     * Returns a copy of the binary value.
     *
     * @throws IllegalStateException if the value is a string
     */
    public byte[] binaryValue() {
      if (value instanceof byte[] b) {
        return b.clone();
      }
      throw new IllegalStateException("Metadata key '" + key + "' holds a string value");
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Entry other) || !key.equals(other.key)) {
        return false;
      }
      if (value instanceof byte[] a && other.value instanceof byte[] b) {
        return Arrays.equals(a, b);
      }
      return value.equals(other.value);
    }

    @Override
    public int hashCode() {
      return 31 * key.hashCode()
          + (value instanceof byte[] b ? Arrays.hashCode(b) : value.hashCode());
    }

    @Override
    public String toString() {
      String v =
          value instanceof byte[] b
              ? "b64:" + Base64.getEncoder().encodeToString(b)
              : "'" + value + "'";
      return "('" + key + "', " + v + ")";
    }
  }
}
