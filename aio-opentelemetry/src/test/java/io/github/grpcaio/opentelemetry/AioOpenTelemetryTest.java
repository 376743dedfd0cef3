package io.github.grpcaio.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.grpcaio.ChannelOptions;
import io.github.grpcaio.Compression;
import io.github.grpcaio.ContextPropagator;
import io.github.grpcaio.ServerOptions;
import io.grpc.ManagedChannelBuilder;
import io.grpc.ServerBuilder;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What {@link AioOpenTelemetry} does to options and threads, and its errors on bad input: no RPC
 * here (see {@link MetricsTest} and {@link TracingTest} for those).
 */
class AioOpenTelemetryTest {

  private static final ContextKey<String> KEY = ContextKey.named("aio-test");
  private static final ContextPropagator<String> USERS =
      ContextPropagator.threadLocal(new ThreadLocal<>());

  private final AioOpenTelemetry otel = AioOpenTelemetry.create(OpenTelemetry.noop());

  @Test
  void create_withNull_throwsNullPointerExceptionNamingTheArgument() {
    assertThatThrownBy(() -> AioOpenTelemetry.create(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("openTelemetry");
  }

  @Test
  void build_withNeitherMetricsNorTracing_throws() {
    AioOpenTelemetry.Builder nothing =
        AioOpenTelemetry.newBuilder(OpenTelemetry.noop()).metrics(false).tracing(false);

    assertThatThrownBy(nothing::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Both metrics and tracing are off");
  }

  @Test
  void missingGrpcOpenTelemetry_failsAtOnce_namingTheArtifact() {
    ClassLoader withoutGrpcOpenTelemetry =
        new ClassLoader(getClass().getClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.grpc.opentelemetry.")) {
              throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
          }
        };

    RuntimeClasses.check(getClass().getClassLoader());
    assertThatThrownBy(() -> RuntimeClasses.check(withoutGrpcOpenTelemetry))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("io.grpc:grpc-opentelemetry")
        .hasMessageNotContaining("opentelemetry-api");
  }

  @Test
  void create_withoutGrpcOpenTelemetryOnTheClassPath_throwsNamingIt() throws Exception {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> withoutGrpcOpenTelemetry = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!new File(entry).getName().startsWith("grpc-opentelemetry-")) {
        withoutGrpcOpenTelemetry.add(new File(entry).toURI().toURL());
      }
    }
    assertThat(withoutGrpcOpenTelemetry)
        .hasSizeLessThan(classPath.split(File.pathSeparator).length);
    try (URLClassLoader loader =
        new URLClassLoader(
            withoutGrpcOpenTelemetry.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Class<?> openTelemetry = loader.loadClass(OpenTelemetry.class.getName());
      Method create =
          loader.loadClass(AioOpenTelemetry.class.getName()).getMethod("create", openTelemetry);
      Object noop = openTelemetry.getMethod("noop").invoke(null);

      assertThatThrownBy(() -> create.invoke(null, noop))
          .isInstanceOf(InvocationTargetException.class)
          .cause()
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("io.grpc:grpc-opentelemetry");
    }
  }

  @Test
  void configureChannel_keepsTheOptions_andAddsTheOpenTelemetryPropagatorAfterTheUsers() {
    Executor executor = Runnable::run;
    ChannelOptions options =
        ChannelOptions.builder()
            .executor(executor)
            .compression(Compression.GZIP)
            .contextPropagators(List.of(USERS))
            .build();

    ChannelOptions configured = otel.configure(options);

    assertThat(configured.contextPropagators())
        .containsExactly(USERS, AioOpenTelemetry.contextPropagator());
    assertThat(configured.executor()).contains(executor);
    assertThat(configured.compression()).contains(Compression.GZIP);
    assertThat(configured.grpcBuilder()).isPresent();
  }

  @Test
  void configure_withoutPropagators_addsTheOpenTelemetryOneToTheGlobalOnes() {
    List<ContextPropagator<?>> expected = new ArrayList<>(ContextPropagator.globals());
    expected.add(AioOpenTelemetry.contextPropagator());

    assertThat(otel.configure(ChannelOptions.DEFAULT).contextPropagators())
        .containsExactlyElementsOf(expected);
    assertThat(otel.configure(ServerOptions.DEFAULT).contextPropagators())
        .containsExactlyElementsOf(expected);
  }

  @Test
  void configuringTwice_instrumentsOnce() {
    ChannelOptions once = otel.configure(ChannelOptions.DEFAULT);
    ChannelOptions twice = otel.configure(once);
    ServerOptions serverOnce = otel.configure(ServerOptions.DEFAULT);
    ServerOptions serverTwice = otel.configure(serverOnce);

    assertThat(twice.contextPropagators()).isEqualTo(once.contextPropagators());
    assertThat(twice.grpcBuilder().get()).isSameAs(once.grpcBuilder().get());
    assertThat(serverTwice.contextPropagators()).isEqualTo(serverOnce.contextPropagators());
    assertThat(serverTwice.grpcBuilder().get()).isSameAs(serverOnce.grpcBuilder().get());
  }

  @Test
  void configure_runsTheConfigurerTheOptionsHad_first() {
    List<Object> channelBuilders = new ArrayList<>();
    List<Object> serverBuilders = new ArrayList<>();
    Consumer<ManagedChannelBuilder<?>> channelConfigurer = channelBuilders::add;
    Consumer<ServerBuilder<?>> serverConfigurer = serverBuilders::add;
    ManagedChannelBuilder<?> channelBuilder = InProcessChannelBuilder.forName("configure-test");
    ServerBuilder<?> serverBuilder = InProcessServerBuilder.forName("configure-test");

    otel.configure(ChannelOptions.builder().grpcBuilder(channelConfigurer).build())
        .grpcBuilder()
        .get()
        .accept(channelBuilder);
    otel.configure(ServerOptions.builder().grpcBuilder(serverConfigurer).build())
        .grpcBuilder()
        .get()
        .accept(serverBuilder);

    assertThat(channelBuilders).containsExactly(channelBuilder);
    assertThat(serverBuilders).containsExactly(serverBuilder);
  }

  @Test
  void configureServer_keepsTheOptions() {
    ServerOptions options =
        ServerOptions.builder()
            .maximumConcurrentRpcs(7)
            .maxConnectionAge(Duration.ofMinutes(5), Duration.ofSeconds(3))
            .contextPropagators(List.of(USERS))
            .build();

    ServerOptions configured = otel.configure(options);

    assertThat(configured.contextPropagators())
        .containsExactly(USERS, AioOpenTelemetry.contextPropagator());
    assertThat(configured.maximumConcurrentRpcs()).contains(7);
    assertThat(configured.maxConnectionAge()).contains(Duration.ofMinutes(5));
    assertThat(configured.maxConnectionAgeGrace()).contains(Duration.ofSeconds(3));
  }

  @Test
  void serverOptionsToBuilder_keepsEveryValue() {
    Consumer<ServerBuilder<?>> configurer = builder -> {};
    ServerOptions options =
        ServerOptions.builder()
            .executor(Runnable::run)
            .handlers(List.of(details -> null))
            .interceptors(List.of((continuation, details) -> continuation.apply(details)))
            .grpcInterceptors(
                List.of(
                    new io.grpc.ServerInterceptor() {
                      @Override
                      public <Req, Resp> io.grpc.ServerCall.Listener<Req> interceptCall(
                          io.grpc.ServerCall<Req, Resp> call,
                          io.grpc.Metadata headers,
                          io.grpc.ServerCallHandler<Req, Resp> next) {
                        return next.startCall(call, headers);
                      }
                    }))
            .contextPropagators(List.of(USERS))
            .grpcBuilder(configurer)
            .maximumConcurrentRpcs(3)
            .compression(Compression.GZIP)
            .maxReceiveMessageLength(1000)
            .maxSendMessageLength(2000)
            .maxMetadataSize(3000)
            .maxConcurrentStreams(4)
            .keepalive(Duration.ofSeconds(20), Duration.ofSeconds(5))
            .permitKeepalive(Duration.ofSeconds(30), true)
            .maxConnectionIdle(Duration.ofMinutes(1))
            .maxConnectionAge(Duration.ofMinutes(2), Duration.ofSeconds(10))
            .build();

    assertThat(options.toBuilder().build()).hasToString(options.toString());
    assertThat(options.toBuilder().build().handlers()).isEqualTo(options.handlers());
    assertThat(options.toBuilder().build().interceptors()).isEqualTo(options.interceptors());
  }

  @Test
  void contextPropagator_carriesTheContext_andTheScopeRestoresTheThreads() {
    ContextPropagator<Context> propagator = AioOpenTelemetry.contextPropagator();
    Context captured;
    try (io.opentelemetry.context.Scope outer = Context.root().with(KEY, "caller").makeCurrent()) {
      captured = propagator.capture();
    }
    assertThat(Context.current().get(KEY)).isNull();

    try (ContextPropagator.Scope scope = propagator.attach(captured)) {
      assertThat(Context.current().get(KEY)).isEqualTo("caller");
      try (ContextPropagator.Scope none = propagator.attach(null)) {
        assertThat(Context.current()).isEqualTo(Context.root());
      }
      assertThat(Context.current().get(KEY)).isEqualTo("caller");
    }
    assertThat(Context.current().get(KEY)).isNull();
  }
}
