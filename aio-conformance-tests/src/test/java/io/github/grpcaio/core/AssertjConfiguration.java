package io.github.grpcaio.core;

import org.assertj.core.configuration.Configuration;
import org.assertj.core.configuration.PreferredAssumptionException;

/**
 * AssertJ settings for these tests, loaded by AssertJ through {@code META-INF/services}. TestNG is
 * on the test classpath for the Reactive Streams TCK, and AssertJ would then make a failed {@code
 * assumeThat} throw TestNG's {@code SkipException}, which JUnit reports as an error; the JUnit
 * tests want JUnit's {@code TestAbortedException}, a skip.
 */
public final class AssertjConfiguration extends Configuration {
  @Override
  public PreferredAssumptionException preferredAssumptionException() {
    return PreferredAssumptionException.JUNIT5;
  }
}
