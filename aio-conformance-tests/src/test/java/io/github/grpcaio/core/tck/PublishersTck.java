package io.github.grpcaio.core.tck;

import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The TCK on the in-memory publishers of {@code Publishers}, with shorter waits than an RPC needs:
 * they signal on the thread that subscribes or requests, so an expected signal is there at once and
 * an unexpected one would be too. A passing run still pays some waits in full (the rule 3.9 tests
 * wait out the default timeout), which these bounds keep to a few seconds per class.
 *
 * @param <T> the item type
 */
abstract class PublishersTck<T> extends FlowPublisherVerification<T> {

  PublishersTck() {
    super(TckEnvironment.inMemory());
  }

  /**
   * The sources are made on demand, so a large bound costs nothing until requested, and it lets
   * rule 3.17's test run (demand above {@code Long.MAX_VALUE} must not be an error).
   */
  @Override
  public long maxElementsFromPublisher() {
    return Integer.MAX_VALUE;
  }
}
