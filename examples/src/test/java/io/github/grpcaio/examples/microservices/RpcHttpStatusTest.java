package io.github.grpcaio.examples.microservices;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.grpcaio.StatusCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The AioRpcError → HTTP status mapping of service 2. */
class RpcHttpStatusTest {

  @ParameterizedTest
  @CsvSource({
    "NOT_FOUND, 404",
    "INVALID_ARGUMENT, 400",
    "DEADLINE_EXCEEDED, 504",
    "UNAVAILABLE, 503",
    "RESOURCE_EXHAUSTED, 429",
    "UNAUTHENTICATED, 401",
    "PERMISSION_DENIED, 403",
    "UNIMPLEMENTED, 501",
    "INTERNAL, 500",
    "UNKNOWN, 500"
  })
  void of_code_givesItsHttpStatus(StatusCode code, int status) {
    assertThat(RpcHttpStatus.of(code)).isEqualTo(status);
  }

  @ParameterizedTest
  @EnumSource(value = StatusCode.class, names = "OK", mode = EnumSource.Mode.EXCLUDE)
  void of_anyError_isAnHttpError(StatusCode code) {
    assertThat(RpcHttpStatus.of(code)).isBetween(400, 599);
  }
}
