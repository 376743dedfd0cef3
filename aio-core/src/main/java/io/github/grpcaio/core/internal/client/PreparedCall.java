package io.github.grpcaio.core.internal.client;

import io.github.grpcaio.core.internal.stream.SerializingExecutor;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import java.io.InputStream;

/**
 * A grpc-java call made by a channel for one invocation of a multi-callable, not started yet, with
 * what starting it needs.
 *
 * @param call the grpc-java call
 * @param context the new RPC's context
 * @param deadline the deadline, or null
 * @param headers the metadata to send
 */
record PreparedCall(
    ClientCall<InputStream, InputStream> call,
    SerializingExecutor context,
    Deadline deadline,
    io.grpc.Metadata headers) {}
