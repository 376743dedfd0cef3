package io.github.grpcaio.codegen;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code XxxAio.java} for one service. Every name outside the class is fully qualified, so a
 * message called {@code Channel} or {@code String} cannot shadow anything; the output depends on
 * nothing but the descriptor, so the same input gives the same bytes.
 */
final class ServiceWriter {

  private static final String API = "io.github.grpcaio.";

  /** The four RPC kinds, with the API types of each. */
  private enum Kind {
    UNARY(
        "unaryUnary",
        "UnaryUnaryMultiCallable",
        "UnaryUnaryCall",
        "unaryUnary",
        "unaryUnaryBlocking"),
    SERVER_STREAMING(
        "unaryStream",
        "UnaryStreamMultiCallable",
        "UnaryStreamCall",
        "unaryStreamWriter",
        "unaryStreamBlocking"),
    CLIENT_STREAMING(
        "streamUnary",
        "StreamUnaryMultiCallable",
        "StreamUnaryCall",
        "streamUnary",
        "streamUnaryBlocking"),
    BIDI_STREAMING(
        "streamStream",
        "StreamStreamMultiCallable",
        "StreamStreamCall",
        "streamStreamWriter",
        "streamStreamBlocking");

    final String channelMethod;
    final String multiCallable;
    final String call;
    final String handlerFactory;
    final String blockingFactory;

    Kind(
        String channelMethod,
        String multiCallable,
        String call,
        String handlerFactory,
        String blockingFactory) {
      this.channelMethod = channelMethod;
      this.multiCallable = multiCallable;
      this.call = call;
      this.handlerFactory = handlerFactory;
      this.blockingFactory = blockingFactory;
    }

    static Kind of(MethodDescriptorProto method) {
      if (method.getClientStreaming()) {
        return method.getServerStreaming() ? BIDI_STREAMING : CLIENT_STREAMING;
      }
      return method.getServerStreaming() ? SERVER_STREAMING : UNARY;
    }

    boolean clientStreams() {
      return this == CLIENT_STREAMING || this == BIDI_STREAMING;
    }

    boolean serverStreams() {
      return this == SERVER_STREAMING || this == BIDI_STREAMING;
    }
  }

  /** One RPC, its names resolved. */
  private record Rpc(
      MethodDescriptorProto proto,
      int index,
      Kind kind,
      String javaName,
      String fieldName,
      String getter,
      String req,
      String resp,
      boolean deprecated) {

    String callType() {
      return API
          + kind.call
          + (kind.clientStreams() ? "<" + req + ", " + resp + ">" : "<" + resp + ">");
    }
  }

  private final FileDescriptorProto file;
  private final int serviceIndex;
  private final ServiceDescriptorProto service;
  private final String javaPackage;
  private final String grpcClass;
  private final String aioName;
  private final List<Rpc> rpcs = new ArrayList<>();
  private final StringBuilder out = new StringBuilder();
  private int indent;

  /**
   * Resolves the names of a service's methods.
   *
   * @param file the service's file
   * @param serviceIndex the service's index in the file
   * @param types the Java classes of the request's messages
   * @throws CodegenException if two methods map to one Java name or a message class is unknown
   */
  ServiceWriter(FileDescriptorProto file, int serviceIndex, TypeNames types)
      throws CodegenException {
    this.file = file;
    this.serviceIndex = serviceIndex;
    this.service = file.getService(serviceIndex);
    this.javaPackage = JavaNames.javaPackage(file);
    this.grpcClass = JavaNames.qualify(javaPackage, service.getName() + "Grpc");
    this.aioName = service.getName() + "Aio";
    checkNotShadowed(grpcClass, AioGenerator.describe(file, service) + ": grpc-java's class");
    // XxxGrpc is also named inside method bodies, where these parameters and locals are in scope.
    String firstSegment = grpcClass.substring(0, Math.max(grpcClass.indexOf('.'), 0));
    if (firstSegment.equals("channel")
        || firstSegment.equals("servicer")
        || firstSegment.equals("handlers")) {
      throw new CodegenException(
          AioGenerator.describe(file, service)
              + ": the Java package "
              + javaPackage
              + " starts with '"
              + firstSegment
              + "', a variable name in the generated code; set java_package");
    }
    Map<String, MethodDescriptorProto> byJavaName = new HashMap<>();
    for (int i = 0; i < service.getMethodCount(); i++) {
      MethodDescriptorProto method = service.getMethod(i);
      String where = AioGenerator.describe(file, service, method);
      String javaName = JavaNames.methodName(method.getName());
      MethodDescriptorProto other = byJavaName.putIfAbsent(javaName, method);
      if (other != null) {
        throw new CodegenException(
            where
                + ": maps to the Java method name "
                + javaName
                + ", as method "
                + other.getName()
                + " does; rename one of them");
      }
      rpcs.add(
          new Rpc(
              method,
              i,
              Kind.of(method),
              javaName,
              JavaNames.mixedLower(method.getName()) + "Callable",
              JavaNames.grpcMethodGetter(method.getName()),
              messageClass(types, method.getInputType(), where),
              messageClass(types, method.getOutputType(), where),
              method.getOptions().getDeprecated()));
    }
  }

  private String messageClass(TypeNames types, String protoName, String where)
      throws CodegenException {
    String javaName = types.javaName(protoName);
    if (javaName == null) {
      throw new CodegenException(where + ": message type " + protoName + " is not in the request");
    }
    checkNotShadowed(javaName, where + ": message type " + protoName);
    return javaName;
  }

  /**
   * Inside {@code XxxAio}, the nested {@code Stub}, {@code Servicer} and {@code BlockingServicer}
   * (and {@code XxxAio} itself) hide a package or class of that name, so a qualified name starting
   * with one of them would mean something else: only possible for messages in the default package,
   * or odd package names.
   */
  private void checkNotShadowed(String qualifiedName, String what) throws CodegenException {
    int dot = qualifiedName.indexOf('.');
    String first = dot < 0 ? qualifiedName : qualifiedName.substring(0, dot);
    if (first.equals("Stub")
        || first.equals("Servicer")
        || first.equals("BlockingServicer")
        || first.equals(aioName)) {
      throw new CodegenException(
          what
              + ": its Java name "
              + qualifiedName
              + " starts with "
              + first
              + ", which means "
              + aioName
              + "'s own "
              + first
              + " inside the generated class; rename it or set java_package");
    }
  }

  /**
   * Writes the source.
   *
   * @return the content of {@code XxxAio.java}
   */
  String write() {
    String serviceName = AioGenerator.fullName(file, service.getName());
    boolean deprecated = service.getOptions().getDeprecated();
    line("// Generated by aio-protoc-plugin (grpc-aio for Java). DO NOT EDIT!");
    line("// source: " + file.getName());
    if (!javaPackage.isEmpty()) {
      line("");
      line("package " + javaPackage + ";");
    }
    line("");
    List<String> doc = new ArrayList<>(comment(List.of(Javadoc.SERVICE_FIELD, serviceIndex)));
    if (!doc.isEmpty()) {
      doc.add("");
    }
    doc.add("<p>grpc-aio stub and servicer base for the service {@code " + serviceName + "}:");
    doc.add("{@link #newStub} calls it, {@link Servicer} (asynchronous) or {@link");
    doc.add("BlockingServicer} (plain blocking code) implements it and {@link");
    doc.add("#add" + service.getName() + "ServicerToServer} serves it. The method descriptors");
    doc.add("are those of grpc-java's {@code " + service.getName() + "Grpc}.");
    if (deprecated) {
      doc.add("");
      doc.add("@deprecated the service is marked deprecated in " + Javadoc.escape(file.getName()));
    }
    javadoc(doc);
    if (deprecated) {
      line("@java.lang.Deprecated");
    }
    // Deprecated messages, methods (in XxxGrpc) and services must not warn in generated code.
    line("@java.lang.SuppressWarnings(\"deprecation\")");
    open("public final class " + aioName + " {");
    line("");
    javadoc(List.of("The fully qualified name of the service, {@code \"" + serviceName + "\"}."));
    line("public static final java.lang.String SERVICE_NAME = " + grpcClass + ".SERVICE_NAME;");
    line("");
    line("private " + aioName + "() {}");
    line("");
    javadoc(
        List.of(
            "Returns the service's descriptor, that of grpc-java's {@code "
                + service.getName()
                + "Grpc}.",
            "",
            "@return the descriptor, with the method descriptors of every RPC"));
    open("public static io.grpc.ServiceDescriptor getServiceDescriptor() {");
    line("return " + grpcClass + ".getServiceDescriptor();");
    close("}");
    line("");
    javadoc(
        List.of(
            "Creates a stub calling the service on {@code channel}, as Python's {@code",
            service.getName() + "Stub(channel)}. The stub is cheap, immutable and thread-safe; it",
            "creates the multi-callables of the methods once.",
            "",
            "@param channel the channel to call on",
            "@return the stub",
            "@throws java.lang.NullPointerException if {@code channel} is null"));
    open("public static Stub newStub(" + API + "Channel channel) {");
    line("return new Stub(channel);");
    close("}");
    line("");
    writeRegistration("Servicer", false);
    writeRegistration("BlockingServicer", true);
    writeStub(serviceName);
    line("");
    writeServicer(serviceName);
    line("");
    writeBlockingServicer(serviceName);
    close("}");
    return out.toString();
  }

  /**
   * Writes {@code addXxxServicerToServer} and {@code handler} for one servicer flavour: the
   * asynchronous {@code Servicer} or the {@code BlockingServicer}, whose methods are registered
   * with the blocking handler factories.
   */
  private void writeRegistration(String servicerType, boolean blocking) {
    javadoc(
        List.of(
            "Serves {@code servicer} on {@code server}, as Python's {@code",
            "add_"
                + service.getName()
                + "Servicer_to_server(servicer, server)}: the same as {@code",
            "server.addGenericRpcHandlers(handler(servicer))}.",
            "",
            "@param servicer the implementation",
            "@param server the server, not started yet",
            "@throws java.lang.NullPointerException if an argument is null"));
    open(
        "public static void add"
            + service.getName()
            + "ServicerToServer("
            + servicerType
            + " servicer, "
            + API
            + "Server server) {");
    line("server.addGenericRpcHandlers(handler(servicer));");
    close("}");
    line("");
    List<String> doc = new ArrayList<>();
    doc.add(
        "Returns the handler serving {@code servicer}: one {@link " + API + "RpcMethodHandler}");
    doc.add("per method, gathered by {@link " + API + "ServiceRpcHandler#of} with the");
    doc.add("service's descriptor, so that server reflection describes it with its proto file.");
    if (blocking) {
      doc.add("The methods run as blocking handlers: on a virtual thread each with {@code");
      doc.add(
          "ServerOptions.builder().virtualThreads()} on Java 21+, else on the server's executor.");
    }
    doc.add("");
    doc.add("@param servicer the implementation");
    doc.add("@return the handler, to pass to {@code Server.addGenericRpcHandlers}");
    doc.add("@throws java.lang.NullPointerException if {@code servicer} is null");
    javadoc(doc);
    open("public static " + API + "ServiceRpcHandler handler(" + servicerType + " servicer) {");
    line("java.util.Objects.requireNonNull(servicer, \"servicer\");");
    line(
        "java.util.Map<java.lang.String, "
            + API
            + "RpcMethodHandler<?, ?>> handlers = new java.util.LinkedHashMap<>();");
    for (Rpc rpc : rpcs) {
      line(
          "handlers.put(\""
              + rpc.proto().getName()
              + "\", "
              + API
              + "RpcMethodHandler."
              + (blocking ? rpc.kind().blockingFactory : rpc.kind().handlerFactory)
              + "("
              + grpcClass
              + "."
              + rpc.getter()
              + "(), servicer::"
              + rpc.javaName()
              + "));");
    }
    line("return " + API + "ServiceRpcHandler.of(getServiceDescriptor(), handlers);");
    close("}");
    line("");
  }

  private void writeStub(String serviceName) {
    javadoc(
        List.of(
            "The client side of {@code "
                + serviceName
                + "}: one method per RPC, returning the call",
            "object. Immutable and thread-safe."));
    open("public static final class Stub {");
    for (Rpc rpc : rpcs) {
      line(
          "private final "
              + API
              + rpc.kind().multiCallable
              + "<"
              + rpc.req()
              + ", "
              + rpc.resp()
              + "> "
              + rpc.fieldName()
              + ";");
    }
    line("");
    open("private Stub(" + API + "Channel channel) {");
    line("java.util.Objects.requireNonNull(channel, \"channel\");");
    for (Rpc rpc : rpcs) {
      line(
          "this."
              + rpc.fieldName()
              + " = channel."
              + rpc.kind().channelMethod
              + "("
              + grpcClass
              + "."
              + rpc.getter()
              + "());");
    }
    close("}");
    for (Rpc rpc : rpcs) {
      if (rpc.kind().clientStreams()) {
        stubMethod(
            rpc, "", "", "", "the requests are sent with {@code write} and {@code doneWriting}");
        stubMethod(
            rpc,
            "java.util.concurrent.Flow.Publisher<? extends " + rpc.req() + "> requests",
            "requests",
            "requests",
            "the requests come from {@code requests}");
        // The common case without a hand-written publisher, as Python's stub.Upload(iter(items)).
        for (RequestSource source : RequestSource.values()) {
          stubMethod(
              rpc,
              source.type + "<? extends " + rpc.req() + "> requests",
              "requests",
              API + "Publishers." + source.factory + "(requests)",
              source.note);
        }
      } else {
        stubMethod(rpc, rpc.req() + " request", "request", "request", null);
      }
    }
    close("}");
  }

  /**
   * The plain Java sources of a request stream the stubs also take, each turned into a publisher by
   * a factory of {@code Publishers}.
   */
  private enum RequestSource {
    ITERABLE(
        "java.lang.Iterable",
        "fromIterable",
        "the requests are the items of {@code requests}, sent one at a time as the transport is"
            + " ready, from a new iterator for each call (see {@link "
            + API
            + "Publishers#fromIterable}); an argument that is also a {@code Flow.Publisher} needs a"
            + " cast to the overload meant"),
    ITERATOR(
        "java.util.Iterator",
        "fromIterator",
        "the requests are the remaining items of {@code requests}, sent one at a time as the"
            + " transport is ready (see {@link "
            + API
            + "Publishers#fromIterator})"),
    STREAM(
        "java.util.stream.Stream",
        "fromStream",
        "the requests are the elements of {@code requests}, sent one at a time as the transport is"
            + " ready; the stream is closed after its last element or when the call ends first (see"
            + " {@link "
            + API
            + "Publishers#fromStream})");

    final String type;
    final String factory;
    final String note;

    RequestSource(String type, String factory, String note) {
      this.type = type;
      this.factory = factory;
      this.note = note;
    }
  }

  /**
   * Writes a stub method and its overload with {@code CallOptions}.
   *
   * @param param the declared request parameter, or empty
   * @param arg the parameter's name, for its {@code @param} tag
   * @param callArg what the method passes to the multi-callable's {@code call}
   * @param requestsNote how the requests are sent, for a request stream
   */
  private void stubMethod(Rpc rpc, String param, String arg, String callArg, String requestsNote) {
    String what =
        switch (rpc.kind()) {
          case UNARY -> "one request, one response";
          case SERVER_STREAMING -> "one request, a stream of responses";
          case CLIENT_STREAMING -> "a stream of requests, one response";
          case BIDI_STREAMING -> "streams both ways";
        };
    for (boolean withOptions : new boolean[] {false, true}) {
      line("");
      List<String> doc = new ArrayList<>(comment(methodPath(rpc)));
      if (!doc.isEmpty()) {
        doc.add("");
      }
      doc.add(
          "<p>Calls {@code "
              + rpc.proto().getName()
              + "} ("
              + what
              + ")"
              + (withOptions ? "" : " with the default call options")
              + (requestsNote == null ? "." : "; " + requestsNote + "."));
      doc.add("");
      if (!param.isEmpty()) {
        doc.add("@param " + arg + (rpc.kind().clientStreams() ? " the requests" : " the request"));
      }
      if (withOptions) {
        doc.add("@param options timeout, metadata and the other options of the call");
      }
      doc.add("@return the call, already started");
      if (!callArg.equals(arg)) {
        doc.add("@throws java.lang.NullPointerException if {@code " + arg + "} is null");
      }
      deprecation(rpc, doc);
      javadoc(doc);
      if (rpc.deprecated()) {
        line("@java.lang.Deprecated");
      }
      String params = param;
      String args = callArg;
      if (withOptions) {
        params =
            params.isEmpty()
                ? API + "CallOptions options"
                : params + ", " + API + "CallOptions options";
        args = args.isEmpty() ? "options" : args + ", options";
      }
      open("public " + rpc.callType() + " " + rpc.javaName() + "(" + params + ") {");
      line("return " + rpc.fieldName() + ".call(" + args + ");");
      close("}");
    }
  }

  private void writeServicer(String serviceName) {
    javadoc(
        List.of(
            "The server side of {@code " + serviceName + "}, as Python's generated {@code",
            service.getName() + "Servicer}: override the methods you serve; the others end the RPC",
            "with {@code UNIMPLEMENTED} \"Method not implemented!\". Methods run on the server's",
            "executor and should not block: return a stage that completes later instead.",
            "",
            "<p>Streamed responses are written with {@code context.write(...)} (the writer shape",
            "of {@link " + API + "RpcMethodHandler}), each write returning a stage that completes",
            "once the message was sent."));
    open("public interface Servicer {");
    for (Rpc rpc : rpcs) {
      line("");
      List<String> doc = new ArrayList<>(comment(methodPath(rpc)));
      if (!doc.isEmpty()) {
        doc.add("");
      }
      String reqType =
          rpc.kind().clientStreams()
              ? "java.util.concurrent.Flow.Publisher<" + rpc.req() + ">"
              : rpc.req();
      String ctxType = API + "ServicerContext<" + rpc.req() + ", " + rpc.resp() + ">";
      String returnType =
          rpc.kind().serverStreams()
              ? "java.util.concurrent.CompletionStage<?>"
              : "java.util.concurrent.CompletionStage<" + rpc.resp() + ">";
      doc.add("<p>Handles {@code " + rpc.proto().getName() + "}." + servicerNote(rpc.kind()));
      doc.add("");
      if (rpc.kind().clientStreams()) {
        doc.add("@param requests the requests: subscribe, or read with {@code context.read()}");
      } else {
        doc.add("@param request the request");
      }
      doc.add("@param context the RPC's context");
      doc.add(
          rpc.kind().serverStreams()
              ? "@return a stage completing once the last response was written; the RPC then ends"
              : "@return a stage completing with the response");
      doc.add("@throws java.lang.Exception to end the RPC with {@code UNKNOWN}");
      deprecation(rpc, doc);
      javadoc(doc);
      if (rpc.deprecated()) {
        line("@java.lang.Deprecated");
      }
      open(
          "default "
              + returnType
              + " "
              + rpc.javaName()
              + "("
              + reqType
              + (rpc.kind().clientStreams() ? " requests, " : " request, ")
              + ctxType
              + " context) throws java.lang.Exception {");
      line(
          "throw context.abort(" + API + "StatusCode.UNIMPLEMENTED, \"Method not implemented!\");");
      close("}");
    }
    close("}");
  }

  private void writeBlockingServicer(String serviceName) {
    javadoc(
        List.of(
            "The server side of {@code " + serviceName + "} written as plain blocking code, as a",
            "synchronous Python servicer is: return the response, throw to fail ({@code",
            "context.abort(...)} keeps its status; any other exception ends the RPC with {@code",
            "UNKNOWN}), read request streams from a blocking iterator, write responses with {@code",
            "context.blockingWrite(...)}, which waits while the client is not ready. Override the",
            "methods you serve; the others end the RPC with {@code UNIMPLEMENTED} \"Method not",
            "implemented!\".",
            "",
            "<p>Methods run as blocking handlers ({@code RpcMethodHandler.*Blocking}): one virtual",
            "thread per RPC with {@code ServerOptions.builder().virtualThreads()} on Java 21+, else",
            "on the server's executor, one of its threads per RPC for as long as the method",
            "blocks."));
    open("public interface BlockingServicer {");
    for (Rpc rpc : rpcs) {
      line("");
      List<String> doc = new ArrayList<>(comment(methodPath(rpc)));
      if (!doc.isEmpty()) {
        doc.add("");
      }
      String reqType =
          rpc.kind().clientStreams() ? "java.util.Iterator<" + rpc.req() + ">" : rpc.req();
      String ctxType = API + "ServicerContext<" + rpc.req() + ", " + rpc.resp() + ">";
      String returnType = rpc.kind().serverStreams() ? "void" : rpc.resp();
      doc.add(
          "<p>Handles {@code "
              + rpc.proto().getName()
              + "}."
              + (rpc.kind().serverStreams()
                  ? " Write the responses with {@code context.blockingWrite(...)}."
                  : ""));
      doc.add("");
      if (rpc.kind().clientStreams()) {
        doc.add("@param requests the requests; {@code hasNext()} blocks for the next one");
      } else {
        doc.add("@param request the request");
      }
      doc.add("@param context the RPC's context");
      if (!rpc.kind().serverStreams()) {
        doc.add("@return the response");
      }
      doc.add("@throws java.lang.Exception to end the RPC with {@code UNKNOWN}");
      deprecation(rpc, doc);
      javadoc(doc);
      if (rpc.deprecated()) {
        line("@java.lang.Deprecated");
      }
      open(
          "default "
              + returnType
              + " "
              + rpc.javaName()
              + "("
              + reqType
              + (rpc.kind().clientStreams() ? " requests, " : " request, ")
              + ctxType
              + " context) throws java.lang.Exception {");
      line(
          "throw context.abort(" + API + "StatusCode.UNIMPLEMENTED, \"Method not implemented!\");");
      close("}");
    }
    close("}");
  }

  private static String servicerNote(Kind kind) {
    return switch (kind) {
      case UNARY -> "";
      case SERVER_STREAMING -> " Write the responses with {@code context.write(...)}.";
      case CLIENT_STREAMING ->
          " Consume the requests by subscribing or with {@code context.read()}, not both.";
      case BIDI_STREAMING ->
          " Consume the requests by subscribing or with {@code context.read()}, and write the"
              + " responses with {@code context.write(...)}.";
    };
  }

  private void deprecation(Rpc rpc, List<String> doc) {
    if (rpc.deprecated()) {
      doc.add("@deprecated the method is marked deprecated in " + Javadoc.escape(file.getName()));
    }
  }

  private List<Integer> methodPath(Rpc rpc) {
    return List.of(Javadoc.SERVICE_FIELD, serviceIndex, Javadoc.METHOD_FIELD, rpc.index());
  }

  private List<String> comment(List<Integer> path) {
    return Javadoc.preBlock(Javadoc.comment(file, path));
  }

  private void javadoc(List<String> lines) {
    line("/**");
    for (String l : lines) {
      line(l.isEmpty() ? " *" : " * " + l);
    }
    line(" */");
  }

  private void open(String text) {
    line(text);
    indent++;
  }

  private void close(String text) {
    indent--;
    line(text);
  }

  private void line(String text) {
    if (!text.isEmpty()) {
      out.append("  ".repeat(indent)).append(text);
    }
    out.append('\n');
  }
}
