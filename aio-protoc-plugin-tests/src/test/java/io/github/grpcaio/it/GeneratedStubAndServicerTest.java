package io.github.grpcaio.it;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import aio.it.defaultouter.ConverterAio;
import aio.it.defaultouter.DefaultOuterOuterClass.DefaultOuter;
import aio.it.outer.OuterAio;
import aio.it.outer.OuterProtos.Ping;
import io.github.grpcaio.AioRpcError;
import io.github.grpcaio.CallOptions;
import io.github.grpcaio.Channel;
import io.github.grpcaio.Publishers;
import io.github.grpcaio.Server;
import io.github.grpcaio.ServicerContext;
import io.github.grpcaio.StatusCode;
import io.github.grpcaio.StreamStreamCall;
import io.github.grpcaio.StreamUnaryCall;
import io.github.grpcaio.core.GrpcAio;
import io.github.grpcaio.it.echo.EchoAio;
import io.github.grpcaio.it.echo.EchoGrpc;
import io.github.grpcaio.it.echo.EchoReply;
import io.github.grpcaio.it.echo.EchoRequest;
import io.github.grpcaio.it.echo.KeywordsAio;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The generated stubs call the generated servicers, over every transport. */
@ParameterizedClass
@EnumSource(Transport.class)
class GeneratedStubAndServicerTest {

  @Parameter Transport transport;

  private Server server;
  private Channel channel;

  /** Echo as the README describes a servicer: override what you serve. */
  static final class EchoServicer implements EchoAio.Servicer {
    @Override
    public CompletionStage<EchoReply> echo(
        EchoRequest request, ServicerContext<EchoRequest, EchoReply> context) {
      return CompletableFuture.completedFuture(reply(request.getText()));
    }

    @Override
    public CompletionStage<?> echoStream(
        EchoRequest request, ServicerContext<EchoRequest, EchoReply> context) {
      CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
      for (int i = 1; i <= request.getRepeat(); i++) {
        EchoReply reply = reply(request.getText() + " " + i);
        written = written.thenCompose(previous -> context.write(reply));
      }
      return written;
    }

    @Override
    public CompletionStage<EchoReply> echoCollect(
        Flow.Publisher<EchoRequest> requests, ServicerContext<EchoRequest, EchoReply> context) {
      return Messages.readAll(context::read)
          .thenApply(
              all ->
                  reply(all.stream().map(EchoRequest::getText).collect(Collectors.joining("+"))));
    }

    @Override
    public CompletionStage<?> echoChat(
        Flow.Publisher<EchoRequest> requests, ServicerContext<EchoRequest, EchoReply> context) {
      return Messages.readAll(context::read)
          .thenCompose(
              all -> {
                CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
                for (EchoRequest request : all) {
                  written = written.thenCompose(p -> context.write(reply(request.getText())));
                }
                return written;
              });
    }

    @Override
    public CompletionStage<EchoReply.Stats> countOptions(
        EchoRequest.Options request,
        ServicerContext<EchoRequest.Options, EchoReply.Stats> context) {
      return CompletableFuture.completedFuture(
          EchoReply.Stats.newBuilder().setCount(request.getShout() ? 1 : 0).build());
    }
  }

  /** Keyword-named methods, one of them deprecated. */
  static final class KeywordsServicer implements KeywordsAio.Servicer {
    @Override
    public CompletionStage<EchoReply> default_(
        EchoRequest request, ServicerContext<EchoRequest, EchoReply> context) {
      return CompletableFuture.completedFuture(reply("default " + request.getText()));
    }

    @Override
    public CompletionStage<EchoReply> class_(
        EchoRequest request, ServicerContext<EchoRequest, EchoReply> context) {
      return CompletableFuture.completedFuture(reply("class " + request.getText()));
    }

    @Override
    public CompletionStage<EchoReply> toString_(
        Flow.Publisher<EchoRequest> requests, ServicerContext<EchoRequest, EchoReply> context) {
      return Messages.readAll(context::read).thenApply(all -> reply("toString " + all.size()));
    }

    @Override
    public CompletionStage<?> getClass_(
        Flow.Publisher<EchoRequest> requests, ServicerContext<EchoRequest, EchoReply> context) {
      return context.write(reply("getClass"));
    }
  }

  private static EchoReply reply(String text) {
    return EchoReply.newBuilder().setText(text).build();
  }

  private static EchoRequest request(String text) {
    return EchoRequest.newBuilder().setText(text).build();
  }

  @BeforeEach
  void startServer() {
    server = GrpcAio.server();
    EchoAio.addEchoServicerToServer(new EchoServicer(), server);
    server.addGenericRpcHandlers(KeywordsAio.handler(new KeywordsServicer()));
    OuterAio.addOuterServicerToServer(
        new OuterAio.Servicer() {
          @Override
          public CompletionStage<Ping.Pong> ping(
              Ping request, ServicerContext<Ping, Ping.Pong> context) {
            return CompletableFuture.completedFuture(
                Ping.Pong.newBuilder().setId(request.getId()).build());
          }
        },
        server);
    ConverterAio.addConverterServicerToServer(
        new ConverterAio.Servicer() {
          @Override
          public CompletionStage<EchoReply> convert(
              DefaultOuter request, ServicerContext<DefaultOuter, EchoReply> context) {
            return CompletableFuture.completedFuture(reply(request.getValue().toUpperCase()));
          }
        },
        server);
    channel = transport.start(server);
  }

  @AfterEach
  void stopServer() throws Exception {
    channel.close();
    server.stop(null).get(10, SECONDS);
  }

  @Test
  void unary_returnsTheReply() throws Exception {
    EchoAio.Stub stub = EchoAio.newStub(channel);

    EchoReply reply =
        stub.echo(request("hi"), CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(5)))
            .response()
            .get(5, SECONDS);

    assertThat(reply.getText()).isEqualTo("hi");
  }

  @Test
  void serverStreaming_returnsEveryReply() throws Exception {
    EchoAio.Stub stub = EchoAio.newStub(channel);

    var call = stub.echoStream(EchoRequest.newBuilder().setText("hi").setRepeat(3).build());
    List<EchoReply> replies = Messages.readAll(call::read).get(5, SECONDS);

    assertThat(replies).extracting(EchoReply::getText).containsExactly("hi 1", "hi 2", "hi 3");
    assertThat(call.code().get(5, SECONDS)).isEqualTo(StatusCode.OK);
  }

  @Test
  void clientStreaming_fromPublisher_joinsTheRequests() throws Exception {
    EchoAio.Stub stub = EchoAio.newStub(channel);

    EchoReply reply =
        stub.echoCollect(Publishers.fromIterable(List.of(request("a"), request("b"), request("c"))))
            .response()
            .get(5, SECONDS);

    assertThat(reply.getText()).isEqualTo("a+b+c");
  }

  @Test
  void clientStreaming_writeMode_joinsTheRequests() throws Exception {
    EchoAio.Stub stub = EchoAio.newStub(channel);

    StreamUnaryCall<EchoRequest, EchoReply> call = stub.echoCollect(CallOptions.DEFAULT);
    call.write(request("x")).get(5, SECONDS);
    call.write(request("y")).get(5, SECONDS);
    call.doneWriting().get(5, SECONDS);

    assertThat(call.response().get(5, SECONDS).getText()).isEqualTo("x+y");
  }

  @Test
  void bidiStreaming_repliesToEveryRequest() throws Exception {
    EchoAio.Stub stub = EchoAio.newStub(channel);

    StreamStreamCall<EchoRequest, EchoReply> call =
        stub.echoChat(Publishers.fromIterable(List.of(request("one"), request("two"))));
    List<EchoReply> replies = Messages.readAll(call::read).get(5, SECONDS);

    assertThat(replies).extracting(EchoReply::getText).containsExactly("one", "two");
  }

  @Test
  void bidiStreaming_writeMode_repliesToEveryRequest() throws Exception {
    EchoAio.Stub stub = EchoAio.newStub(channel);

    StreamStreamCall<EchoRequest, EchoReply> call = stub.echoChat();
    call.write(request("uno")).get(5, SECONDS);
    call.doneWriting().get(5, SECONDS);
    List<EchoReply> replies = Messages.readAll(call::read).get(5, SECONDS);

    assertThat(replies).extracting(EchoReply::getText).containsExactly("uno");
  }

  private static final List<String> TEXTS = IntStream.range(0, 50).mapToObj(i -> "m" + i).toList();

  private static List<EchoRequest> requests() {
    return TEXTS.stream().map(GeneratedStubAndServicerTest::request).toList();
  }

  @Test
  void clientStreaming_fromIterableIteratorAndStream_sendsEveryRequestInOrder() throws Exception {
    EchoAio.Stub stub = EchoAio.newStub(channel);
    CallOptions options = CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(5));
    AtomicInteger streamsClosed = new AtomicInteger();

    List<StreamUnaryCall<EchoRequest, EchoReply>> calls =
        List.of(
            stub.echoCollect(requests()),
            stub.echoCollect(requests(), options),
            stub.echoCollect(requests().iterator()),
            stub.echoCollect(requests().iterator(), options),
            stub.echoCollect(requests().stream().onClose(streamsClosed::incrementAndGet)),
            stub.echoCollect(requests().stream().onClose(streamsClosed::incrementAndGet), options));

    for (StreamUnaryCall<EchoRequest, EchoReply> call : calls) {
      assertThat(call.response().get(5, SECONDS).getText()).isEqualTo(String.join("+", TEXTS));
    }
    assertThat(streamsClosed).hasValue(2);
  }

  @Test
  void bidiStreaming_fromIterableIteratorAndStream_repliesToEveryRequestInOrder() throws Exception {
    EchoAio.Stub stub = EchoAio.newStub(channel);
    CallOptions options = CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(5));
    AtomicInteger streamsClosed = new AtomicInteger();

    List<StreamStreamCall<EchoRequest, EchoReply>> calls =
        List.of(
            stub.echoChat(requests()),
            stub.echoChat(requests(), options),
            stub.echoChat(requests().iterator()),
            stub.echoChat(requests().iterator(), options),
            stub.echoChat(requests().stream().onClose(streamsClosed::incrementAndGet)),
            stub.echoChat(requests().stream().onClose(streamsClosed::incrementAndGet), options));

    for (StreamStreamCall<EchoRequest, EchoReply> call : calls) {
      List<EchoReply> replies = Messages.readAll(call::read).get(5, SECONDS);
      assertThat(replies).extracting(EchoReply::getText).containsExactlyElementsOf(TEXTS);
      assertThat(call.code().get(5, SECONDS)).isEqualTo(StatusCode.OK);
    }
    assertThat(streamsClosed).hasValue(2);
  }

  @Test
  void clientStreaming_fromIterable_ofAFewRequests_isNotAmbiguous() throws Exception {
    KeywordsAio.Stub stub = KeywordsAio.newStub(channel);

    // List.of(...) picks the Iterable overload; nothing to cast.
    String reply =
        stub.toString_(List.of(request("1"), request("2"), request("3")))
            .response()
            .get(5, SECONDS)
            .getText();

    assertThat(reply).isEqualTo("toString 3");
  }

  @Test
  void nestedMessages_areRequestAndResponseTypes() throws Exception {
    EchoAio.Stub stub = EchoAio.newStub(channel);

    EchoReply.Stats stats =
        stub.countOptions(EchoRequest.Options.newBuilder().setShout(true).build())
            .response()
            .get(5, SECONDS);

    assertThat(stats.getCount()).isEqualTo(1);
  }

  @Test
  void methodNotOverridden_endsWithUnimplemented() throws Exception {
    EchoAio.Stub stub = EchoAio.newStub(channel);

    var call = stub.unimplemented(request("?"));

    assertThatThrownBy(() -> call.response().get(5, SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            AioRpcError.class,
            error -> {
              assertThat(error.code()).isEqualTo(StatusCode.UNIMPLEMENTED);
              assertThat(error.details()).isEqualTo("Method not implemented!");
            });
  }

  @Test
  @SuppressWarnings("deprecation") // oldEcho is deprecated in the proto
  void keywordMethods_areEscaped_andDeprecatedOneIsUnimplemented() throws Exception {
    KeywordsAio.Stub stub = KeywordsAio.newStub(channel);

    String fromDefault = stub.default_(request("d")).response().get(5, SECONDS).getText();
    String fromClass = stub.class_(request("c")).response().get(5, SECONDS).getText();
    String fromToString =
        stub.toString_(Publishers.fromIterable(List.of(request("1"), request("2"))))
            .response()
            .get(5, SECONDS)
            .getText();
    var getClassCall = stub.getClass_();
    getClassCall.doneWriting().get(5, SECONDS);
    List<EchoReply> fromGetClass = Messages.readAll(getClassCall::read).get(5, SECONDS);
    StatusCode oldEcho = stub.oldEcho(request("o")).code().get(5, SECONDS);

    assertThat(fromDefault).isEqualTo("default d");
    assertThat(fromClass).isEqualTo("class c");
    assertThat(fromToString).isEqualTo("toString 2");
    assertThat(fromGetClass).extracting(EchoReply::getText).containsExactly("getClass");
    assertThat(oldEcho).isEqualTo(StatusCode.UNIMPLEMENTED);
  }

  @Test
  void outerClassAndDefaultOuterClassMessages_work() throws Exception {
    String pong =
        OuterAio.newStub(channel)
            .ping(Ping.newBuilder().setId("p1").build())
            .response()
            .get(5, SECONDS)
            .getId();
    String converted =
        ConverterAio.newStub(channel)
            .convert(DefaultOuter.newBuilder().setValue("abc").build())
            .response()
            .get(5, SECONDS)
            .getText();

    assertThat(pong).isEqualTo("p1");
    assertThat(converted).isEqualTo("ABC");
  }

  @Test
  void serviceNameAndDescriptor_comeFromGrpcJava() {
    assertThat(EchoAio.SERVICE_NAME).isEqualTo("aio.it.echo.Echo");
    assertThat(EchoAio.getServiceDescriptor()).isSameAs(EchoGrpc.getServiceDescriptor());
    assertThat(EchoAio.handler(new EchoServicer()).serviceName()).isEqualTo("aio.it.echo.Echo");
  }
}
