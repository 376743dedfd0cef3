package io.github.grpcaio.core.internal.stream;

import io.github.grpcaio.core.internal.ConfinedTo;

/**
 * A task waiting in a {@link SerializingExecutor}'s queue, linked to the one added after it. The
 * executor is itself its queue's first, empty node, so that a queue costs no object of its own: one
 * node per task.
 */
class TaskNode {

  // Null in an empty node: the executor's own, and a node whose task was taken.
  @ConfinedTo("the executor's drainer, once the node is linked")
  Runnable task;

  // Set once, by the thread that added the next node; read by the drainer.
  volatile TaskNode next;

  /** The executor's own, empty node. */
  TaskNode() {}

  TaskNode(Runnable task) {
    this.task = task;
  }
}
