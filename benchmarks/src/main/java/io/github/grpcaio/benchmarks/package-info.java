/**
 * aio against raw grpc-java, side by side: JMH benchmarks ({@link
 * io.github.grpcaio.benchmarks.UnaryLatencyBenchmark}, {@link
 * io.github.grpcaio.benchmarks.UnaryThroughputBenchmark}, {@link
 * io.github.grpcaio.benchmarks.StreamingBenchmark}), a closed-loop load driver ({@link
 * io.github.grpcaio.benchmarks.LoadDriver}) and a memory check ({@link
 * io.github.grpcaio.benchmarks.SlowSubscriberMemoryCheck}). Both variants serve and call the same
 * {@code grpcaio.bench.BenchService} ({@code src/main/proto/bench.proto}) with the same messages,
 * through a {@link io.github.grpcaio.benchmarks.Rig}. How to run them and the results: {@code
 * docs/performance.md}.
 */
package io.github.grpcaio.benchmarks;
