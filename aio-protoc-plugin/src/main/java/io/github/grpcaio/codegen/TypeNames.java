package io.github.grpcaio.codegen;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java class of every message of a request's files, by the message's full proto name ({@code
 * .helloworld.HelloRequest}), as protoc's Java generator names them: the Java package, then the
 * outer class unless {@code java_multiple_files} is set, then the enclosing messages.
 */
final class TypeNames {

  private final Map<String, String> javaNameByProtoName = new HashMap<>();

  /**
   * Indexes the messages of {@code files}.
   *
   * @param files every file of the request, the dependencies included
   */
  TypeNames(List<FileDescriptorProto> files) {
    for (FileDescriptorProto file : files) {
      String protoPrefix = file.getPackage().isEmpty() ? "." : "." + file.getPackage() + ".";
      String javaPrefix = JavaNames.javaPackage(file);
      if (!JavaNames.multipleFiles(file)) {
        javaPrefix = JavaNames.qualify(javaPrefix, JavaNames.outerClassName(file));
      }
      index(file.getMessageTypeList(), protoPrefix, javaPrefix);
    }
  }

  private void index(List<DescriptorProto> messages, String protoPrefix, String javaPrefix) {
    for (DescriptorProto message : messages) {
      String protoName = protoPrefix + message.getName();
      String javaName = JavaNames.qualify(javaPrefix, message.getName());
      javaNameByProtoName.put(protoName, javaName);
      index(message.getNestedTypeList(), protoName + ".", javaName);
    }
  }

  /**
   * Returns the Java class of a message.
   *
   * @param protoName the full proto name with its leading dot, as in {@code
   *     MethodDescriptorProto.input_type}
   * @return the fully qualified Java name, or null if the message is not in the request
   */
  String javaName(String protoName) {
    return javaNameByProtoName.get(protoName);
  }
}
